//! Importing lists of people, on both engines: the 2014 list into the demo,
//! bad files, matching off, references, XLSX.

use vigil_app::import::{self, Matching, Target};
use vigil_domain::records::{ListEntry, ListVersion, Person, PrisonerList};
use vigil_domain::{Name, PartialDate, Record, RecordKind, Visibility};
use vigil_names::Decision;
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, on_both_engines};

const LIST_2014: &[u8] = include_bytes!("../../../../data/demo/az-political-prisoners-2014-08.csv");
/// Made once with openpyxl: Number, Name, Ref; rows "Мехман Гусейнов" X-1,
/// "KHADIJA ISMAYILOVA" X-2, "Nərgiz Sınaqova" with no ref.
const XLSX: &[u8] = include_bytes!("../fixtures/persons.xlsx");

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 23)
}

/// Apply a plan as it is, with no list.
async fn apply_plainly(t: &TestStore, planned: &[import::Planned]) -> import::Applied {
    import::apply(
        &t.store,
        &Actor::cli(),
        planned,
        &Target::default(),
        today(),
    )
    .await
    .unwrap()
}

async fn persons(t: &TestStore) -> Vec<Person> {
    t.store
        .list(RecordKind::Person)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|r| Person::try_from(r).ok())
        .collect()
}

async fn the_2014_list_links_to_the_demo_without_duplicates(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let before = persons(t).await.len();
    let rows = import::read_csv(LIST_2014).unwrap();
    assert_eq!(rows.len(), 98);
    let planned = import::plan(&t.store, &rows, Matching::On).await.unwrap();
    let matched: Vec<_> = planned
        .iter()
        .filter(|p| p.decision == Decision::Match)
        .collect();
    assert_eq!(matched.len(), 98, "every entry is someone already there");
    let mut ids: Vec<_> = matched
        .iter()
        .map(|p| p.person.as_ref().unwrap().id)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 98, "98 different people");
    // Entry #20 is Leyla Yunus, with her full name in parentheses.
    let leyla = planned.iter().find(|p| p.row == 20).unwrap();
    assert_eq!(leyla.person.as_ref().unwrap().name, "Leyla Yunus");
    let target = Target {
        list: Some("THE LIST, re-imported".into()),
        published: Some("2014-08-10".parse::<PartialDate>().unwrap()),
    };
    let applied = import::apply(&t.store, &Actor::cli(), &planned, &target, today())
        .await
        .unwrap();
    assert_eq!((applied.linked, applied.created), (98, 0));
    assert_eq!(persons(t).await.len(), before, "no duplicates");
    let Some(Record::ListVersion(v)) = t.store.get(applied.version.unwrap().erase()).await.unwrap()
    else {
        panic!("a list version")
    };
    assert_eq!(v.entries.len(), 98);
    assert_eq!(v.date.to_string(), "2014-08-10");
    assert!(
        v.entries.iter().any(|e| e.number == Some(98)),
        "numbers kept"
    );
    assert!(
        vigil_storage::audit::verify(&t.store)
            .await
            .unwrap()
            .is_intact()
    );
}

on_both_engines!(the_2014_list_links_to_the_demo_without_duplicates);

async fn bad_files_get_clear_errors(t: &TestStore) {
    let cases: [(&[u8], &str); 6] = [
        (
            b"title,ref\nA,1\n",
            "no `name` column (its columns: title, ref)",
        ),
        (b"name,ref\n\xff\xfe,1\n", "not UTF-8"),
        (b"name\n", "no rows under its header"),
        (
            b"name,number\nAnar Aliyev,7\n,8\n",
            "row 2: the name is empty",
        ),
        (b"name,number\nAnar Aliyev,seven\n", "row 1: the number"),
        (b"name\n\"unclosed\n", "row 1: the name spans several lines"),
    ];
    for (bytes, expected) in cases {
        let err = import::read_csv(bytes).unwrap_err().to_string();
        assert!(err.contains(expected), "{expected:?} in {err:?}");
    }
    let long = format!("name\n{}\n", "A".repeat(301));
    assert!(
        import::read_csv(long.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("longer than 300")
    );
    let err = import::read_xlsx(b"name\nnot a workbook")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not an XLSX workbook"), "{err}");
    assert!(persons(t).await.is_empty(), "nothing written");
}

on_both_engines!(bad_files_get_clear_errors);

async fn references_spellings_and_matching_off(t: &TestStore) {
    let csv = "name,ref\nMehman Hüseynov,R-1\nXədicə İsmayılova,R-2\nMehman Hüseynov,R-3\n";
    let rows = import::read_csv(csv.as_bytes()).unwrap();
    // Matching off: every row is someone new, even the repeated name.
    let planned = import::plan(&t.store, &rows, Matching::Off).await.unwrap();
    assert!(
        planned
            .iter()
            .all(|p| p.decision == Decision::New && p.person.is_none())
    );
    let applied = apply_plainly(t, &planned).await;
    assert_eq!(applied.created, 3);
    let all = persons(t).await;
    assert!(
        all.iter().all(|p| p.visibility == Visibility::Internal),
        "new people are internal"
    );
    assert!(all.iter().any(|p| p.external_ref.as_deref() == Some("R-2")));

    // With matching on, the reference decides; a spelling in another script is added.
    let again = "name,ref\nХадиджа Исмаилова,R-2\nХадиджа Исмаилова,\n";
    let rows = import::read_csv(again.as_bytes()).unwrap();
    let planned = import::plan(&t.store, &rows, Matching::On).await.unwrap();
    assert_eq!(planned[0].decision, Decision::Match);
    assert_eq!(planned[0].score, 1.0);
    assert_eq!(
        planned[1].decision,
        Decision::Match,
        "the name alone finds her too"
    );
    let json = serde_json::to_value(&planned[0]).unwrap();
    assert_eq!(
        json.as_object().unwrap().keys().collect::<Vec<_>>(),
        [
            "candidates",
            "decision",
            "input",
            "person",
            "ref",
            "row",
            "score"
        ]
    );
    assert_eq!(json["person"]["ref"], "R-2");
    assert_eq!(
        json["candidates"][0]["ref"], "R-2",
        "the person is the one candidate"
    );
    assert_eq!(json["candidates"].as_array().unwrap().len(), 1);
    apply_plainly(t, &planned).await;
    let khadija = persons(t)
        .await
        .into_iter()
        .find(|p| p.external_ref.as_deref() == Some("R-2"))
        .unwrap();
    assert!(khadija.names.iter().any(|n| n.name == "Хадиджа Исмаилова"));
    assert_eq!(khadija.names.len(), 2, "the spelling is added once");

    // Two people called Mehman Hüseynov: a third row with that name goes to review.
    let rows = import::read_csv("name\nМехман Гусейнов\n".as_bytes()).unwrap();
    let planned = import::plan(&t.store, &rows, Matching::On).await.unwrap();
    assert_eq!(planned[0].decision, Decision::Review);
    assert!(
        planned[0].person.is_some(),
        "the best candidate is shown for review"
    );
    let applied = apply_plainly(t, &planned).await;
    assert_eq!((applied.held_for_review, applied.created), (1, 0));
    assert_eq!(
        persons(t).await.len(),
        3,
        "nothing written for a row under review"
    );
}

on_both_engines!(references_spellings_and_matching_off);

async fn xlsx_lists_are_read_from_the_first_sheet(t: &TestStore) {
    let mut tx = t.store.begin().await.unwrap();
    let mehman = Person::new(
        Visibility::Public,
        Name::primary("Mehman Hüseynov", Some("az")),
    );
    tx.insert(&Actor::cli(), &Record::Person(mehman.clone()))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let rows = import::read_rows(XLSX).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (rows[0].number, rows[0].reference.as_deref()),
        (Some(1), Some("X-1"))
    );
    let planned = import::plan(&t.store, &rows, Matching::On).await.unwrap();
    let decisions: Vec<Decision> = planned.iter().map(|p| p.decision).collect();
    assert_eq!(decisions, [Decision::Match, Decision::New, Decision::New]);
    assert_eq!(planned[0].person.as_ref().unwrap().id, mehman.id);
    let target = Target {
        list: Some("Imported".into()),
        published: None,
    };
    let applied = import::apply(&t.store, &Actor::cli(), &planned, &target, today())
        .await
        .unwrap();
    let Some(Record::ListVersion(v)) = t.store.get(applied.version.unwrap().erase()).await.unwrap()
    else {
        panic!("a list version")
    };
    let v: ListVersion = v;
    assert_eq!(
        v.date.to_string(),
        "2026-11-23",
        "today when no date is given"
    );
    assert_eq!(v.entries.len(), 3);
}

on_both_engines!(xlsx_lists_are_read_from_the_first_sheet);

async fn rows_under_review_wait_in_the_queue_until_decided(t: &TestStore) {
    let elmar = Person::new(
        Visibility::Internal,
        Name::primary("Elmar Qasımov", Some("az")),
    );
    let mut tx = t.store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &Record::Person(elmar.clone()))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let rows =
        import::read_csv("name,ref,number\nEldar Gasimov,E-1,7\nEldar Qasimov,E-2,8\n".as_bytes())
            .unwrap();
    let planned = import::plan(&t.store, &rows, Matching::On).await.unwrap();
    assert!(
        planned.iter().all(|p| p.decision == Decision::Review),
        "{planned:?}"
    );
    let target = Target {
        list: Some("Queue list".into()),
        published: Some("2024-10".parse::<PartialDate>().unwrap()),
    };
    let applied = import::apply(&t.store, &Actor::cli(), &planned, &target, today())
        .await
        .unwrap();
    assert_eq!(applied.held_for_review, 2);
    let queue = t.store.open_reviews().await.unwrap();
    assert_eq!(queue.len(), 2);
    assert_eq!(queue[0].input, "Eldar Gasimov");
    assert_eq!(queue[0].candidate, Some(elmar.id.erase()));
    assert_eq!(queue[0].number, Some(7));
    assert_eq!(queue[0].version, applied.version.map(|v| v.erase()));
    let before = persons(t).await.len();

    // Confirmed: the candidate takes the spelling and the reference, and joins the version.
    let who = import::decide_review(
        &t.store,
        &Actor::user("editor1"),
        &queue[0].id,
        import::Verdict::Confirm,
    )
    .await
    .unwrap();
    assert_eq!(who, elmar.id);
    let Some(Record::Person(e)) = t.store.get(elmar.id.erase()).await.unwrap() else {
        panic!("Elmar");
    };
    assert!(e.names.iter().any(|n| n.name == "Eldar Gasimov"));
    assert_eq!(e.external_ref.as_deref(), Some("E-1"));
    // Rejected: a new person, on the version too.
    let other = import::decide_review(
        &t.store,
        &Actor::user("editor1"),
        &queue[1].id,
        import::Verdict::Reject,
    )
    .await
    .unwrap();
    assert_ne!(other, elmar.id);
    assert_eq!(persons(t).await.len(), before + 1);
    let Some(Record::ListVersion(v)) = t.store.get(applied.version.unwrap().erase()).await.unwrap()
    else {
        panic!("the version");
    };
    let on: Vec<_> = v.entries.iter().map(|e| (e.person, e.number)).collect();
    assert_eq!(on, vec![(elmar.id, Some(7)), (other, Some(8))]);
    assert!(t.store.open_reviews().await.unwrap().is_empty());
    // Decided once only; audited.
    let again = import::decide_review(
        &t.store,
        &Actor::cli(),
        &queue[0].id,
        import::Verdict::Reject,
    )
    .await
    .unwrap_err();
    assert!(again.to_string().contains("decided already"), "{again}");
    let history = vigil_storage::audit::history(&t.store, &elmar.id.to_string())
        .await
        .unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.action == "review-confirmed" && h.actor == "user:editor1")
    );
}

on_both_engines!(rows_under_review_wait_in_the_queue_until_decided);

/// Found by fuzzing (`scripts/fuzz list_import`): the workbook reader
/// overflows on this file's cell reference and panics in a debug build. It is
/// refused like any unreadable file.
#[test]
fn a_workbook_that_breaks_the_reader_is_refused() {
    let bytes = include_bytes!("../fixtures/overflowing-cell-reference.xlsx");
    let err = import::Table::read(bytes).unwrap_err().to_string();
    // The archive check now meets its damaged part first; either way it is
    // refused as a workbook, never a panic.
    assert!(err.contains("not an XLSX workbook"), "{err}");
}

/// Two people named Nijat Aliyev: a row never matches either on the name
/// alone; a birth date that only one of them agrees with decides, when the
/// other's is known to differ (a confidential birth date decides nothing),
/// and so does the number each had on the list the rows are a version of.
async fn namesakes_are_told_apart_by_birth_date(t: &TestStore) {
    use vigil_domain::Guarded;
    let born = |name: &str, date: &str, guard: fn(PartialDate) -> Guarded<PartialDate>| {
        let mut p = Person::new(Visibility::Internal, Name::primary(name, Some("az")));
        p.birth_date = Some(guard(date.parse().unwrap()));
        p
    };
    let older = born("Nijat Aliyev", "1985", Guarded::internal);
    let younger = born("Nijat Aliyev", "1990-03-02", Guarded::internal);
    let mut tx = t.store.begin().await.unwrap();
    for p in [&older, &younger] {
        tx.insert(&Actor::cli(), &Record::Person(p.clone()))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let csv =
        "name,born\nNijat Aliyev,1990\nNijat Aliyev,\nNijat Aliyev,1970\nNijat Aliyev,1985-06\n";
    let rows = import::read_csv(csv.as_bytes()).unwrap();
    let planned = import::plan(&t.store, &rows, Matching::On).await.unwrap();
    let decided: Vec<_> = planned
        .iter()
        .map(|p| (p.decision, p.person.as_ref().map(|c| c.id)))
        .collect();
    assert_eq!(decided[0], (Decision::Match, Some(younger.id)));
    assert_eq!(decided[1].0, Decision::Review, "the name alone");
    assert_eq!(planned[1].candidates.len(), 2, "both are offered");
    assert_eq!(decided[2].0, Decision::Review, "born when neither was");
    assert_eq!(decided[3], (Decision::Match, Some(older.id)));

    // A third namesake whose birth date is confidential: nobody is told apart.
    let hidden = born("Nijat Aliyev", "1970", Guarded::confidential);
    let hidden_id = hidden.id;
    let mut tx = t.store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &Record::Person(hidden))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let planned = import::plan(&t.store, &rows, Matching::On).await.unwrap();
    assert!(planned.iter().all(|p| p.decision == Decision::Review));
    assert_eq!(planned[0].candidates.len(), 3);

    // The list number each had on the list's latest version tells them apart.
    let list = PrisonerList::new(Visibility::Internal, "Namesakes' list");
    let entry = |person, number| ListEntry::new(person, Some(number));
    let version = ListVersion::new(
        Visibility::Internal,
        list.id,
        "2025-10".parse().unwrap(),
        vec![
            entry(older.id, 7),
            entry(younger.id, 12),
            entry(hidden_id, 30),
        ],
    );
    let mut tx = t.store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &Record::PrisonerList(list))
        .await
        .unwrap();
    tx.insert(&Actor::cli(), &Record::ListVersion(version))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let numbered =
        import::read_csv("name,number\nNijat Aliyev,12\nNijat Aliyev,99\n".as_bytes()).unwrap();
    let on_list = import::plan_for(&t.store, &numbered, Matching::On, Some("Namesakes' list"))
        .await
        .unwrap();
    assert_eq!(on_list[0].decision, Decision::Match);
    assert_eq!(on_list[0].person.as_ref().map(|c| c.id), Some(younger.id));
    assert_eq!(on_list[1].decision, Decision::Review, "a number nobody had");
    let elsewhere = import::plan(&t.store, &numbered, Matching::On)
        .await
        .unwrap();
    assert_eq!(
        elsewhere[0].decision,
        Decision::Review,
        "another list's numbers say nothing"
    );

    let bad = import::read_csv("name,born\nNijat Aliyev,19x0\n".as_bytes()).unwrap_err();
    assert!(
        bad.to_string()
            .contains("row 1: the birth date “19x0” is not a date"),
        "{bad}"
    );
}

on_both_engines!(namesakes_are_told_apart_by_birth_date);

/// The demo's two Nijat Aliyevs (#3 and #61 of the 2014 list): a row naming
/// them waits with both, each with what tells them apart, and the editor
/// links it to the one it is.
async fn namesakes_wait_with_every_candidate_and_what_tells_them_apart(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let all = persons(t).await;
    let by_ref = |r: &str| {
        all.iter()
            .find(|p| p.external_ref.as_deref() == Some(r))
            .unwrap()
            .id
    };
    let (nazim, yaser) = (by_ref("2014-08 #3"), by_ref("2014-08 #61"));
    let rows = import::read_csv("name\nNijat Aliyev\n".as_bytes()).unwrap();
    let planned = import::plan(&t.store, &rows, Matching::On).await.unwrap();
    assert_eq!(planned[0].decision, Decision::Review);
    let mut offered: Vec<_> = planned[0].candidates.iter().map(|c| c.person.id).collect();
    offered.sort();
    let mut both = vec![nazim, yaser];
    both.sort();
    assert_eq!(offered, both);
    let applied = apply_plainly(t, &planned).await;
    assert_eq!(applied.held_for_review, 1);
    let item = t.store.open_reviews().await.unwrap().remove(0);
    let queued: Vec<_> = item.candidates.iter().map(|c| c.id).collect();
    assert_eq!(queued.len(), 2, "the queue keeps both");
    assert!(queued.contains(&nazim) && queued.contains(&yaser));

    // Both wait with what tells them apart.
    let waiting = import::waiting(&t.store, Visibility::Confidential)
        .await
        .unwrap();
    assert_eq!(waiting.len(), 1);
    let facts: std::collections::HashMap<_, _> = waiting[0]
        .candidates
        .iter()
        .map(|(a, _)| (a.id, a))
        .collect();
    let (n, y) = (facts[&nazim], facts[&yaser]);
    assert_eq!(n.patronymic.as_deref(), Some("Nazim oglu"));
    assert_eq!(y.patronymic.as_deref(), Some("Yaser oglu"));
    assert_eq!(n.arrested, vec!["2012-05-21".parse().unwrap()]);
    assert_eq!(y.arrested, vec!["2012-09-18".parse().unwrap()]);
    assert_eq!(n.lists[0].number, Some(3));
    assert_eq!(y.lists[0].number, Some(61));
    assert_eq!(y.facilities, vec!["Prison No. 16".to_owned()]);
    // An unknown birth date is shown as unknown, not left out.
    assert!(
        n.facts().contains(&(import::Fact::Born, None)),
        "{:?}",
        n.facts()
    );
    // Above a viewer's clearance nothing is read.
    let hidden = Person::new(
        Visibility::Confidential,
        Name::primary("Nijat Aliyev", Some("en")),
    );
    let mut tx = t.store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &Record::Person(hidden.clone()))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let hidden = hidden.id;
    let seen = import::tell_apart(&t.store, Visibility::Internal, [hidden, nazim, nazim])
        .await
        .unwrap();
    assert_eq!(seen.len(), 1, "each person once, none above the clearance");
    assert!(seen.contains_key(&nazim));

    // Only a candidate can be chosen; the namesake chosen is linked.
    let khadija = all
        .iter()
        .find(|p| p.display_name() == "Khadija Ismayilova")
        .unwrap()
        .id;
    let refused = import::decide_review(
        &t.store,
        &Actor::cli(),
        &item.id,
        import::Verdict::Link(khadija),
    )
    .await
    .unwrap_err();
    assert!(refused.to_string().contains("not one of"), "{refused}");
    let before = persons(t).await.len();
    let who = import::decide_review(
        &t.store,
        &Actor::cli(),
        &item.id,
        import::Verdict::Link(yaser),
    )
    .await
    .unwrap();
    assert_eq!(who, yaser);
    assert_eq!(persons(t).await.len(), before);
    assert!(t.store.open_reviews().await.unwrap().is_empty());
}

on_both_engines!(namesakes_wait_with_every_candidate_and_what_tells_them_apart);

/// Every decision can be overridden before the import is applied: a match
/// made new, a new row held for review, a row under review matched with one
/// of its candidates; a person who is not a candidate, or a row the file
/// lacks, is refused.
async fn an_editor_overrides_any_decision_before_applying(t: &TestStore) {
    let mehman = Person::new(
        Visibility::Internal,
        Name::primary("Mehman Hüseynov", Some("az")),
    );
    let elmar = Person::new(
        Visibility::Internal,
        Name::primary("Elmar Qasımov", Some("az")),
    );
    let mut tx = t.store.begin().await.unwrap();
    for p in [&mehman, &elmar] {
        tx.insert(&Actor::cli(), &Record::Person(p.clone()))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let rows =
        import::read_csv("name\nМехман Гусейнов\nEldar Gasimov\nZzyzx Qwvbn\n".as_bytes()).unwrap();
    let mut planned = import::plan(&t.store, &rows, Matching::On).await.unwrap();
    let decisions: Vec<_> = planned.iter().map(|p| p.decision).collect();
    assert_eq!(
        decisions,
        vec![Decision::Match, Decision::Review, Decision::New]
    );
    assert!(
        planned[2].candidates.is_empty(),
        "a new row has no plausible candidate"
    );
    let choice = |s: &str| s.parse::<import::Choice>().unwrap();
    let refused =
        import::choose_all(&mut planned, &[(1, import::Choice::Match(elmar.id))]).unwrap_err();
    assert!(
        refused.to_string().contains("not one of its candidates"),
        "{refused}"
    );
    assert!(import::choose_all(&mut planned, &[(9, import::Choice::New)]).is_err());
    assert!("maybe".parse::<import::Choice>().is_err());
    import::choose_all(
        &mut planned,
        &[
            (1, choice("new")),
            (2, choice(&format!("match:{}", elmar.id))),
            (3, choice("review")),
        ],
    )
    .unwrap();
    let applied = apply_plainly(t, &planned).await;
    assert_eq!(
        (applied.linked, applied.created, applied.held_for_review),
        (1, 1, 1)
    );
    let Some(Record::Person(e)) = t.store.get(elmar.id.erase()).await.unwrap() else {
        panic!("Elmar");
    };
    assert!(e.names.iter().any(|n| n.name == "Eldar Gasimov"));
    let Some(Record::Person(m)) = t.store.get(mehman.id.erase()).await.unwrap() else {
        panic!("Mehman");
    };
    assert!(
        !m.names.iter().any(|n| n.name == "Мехман Гусейнов"),
        "the row made new was not linked"
    );
    let queue = t.store.open_reviews().await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].input, "Zzyzx Qwvbn");
    assert!(queue[0].candidates.is_empty());
}

on_both_engines!(an_editor_overrides_any_decision_before_applying);
