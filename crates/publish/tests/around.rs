//! A projection of a few persons from the records around them
//! (`PublicRecords::around`) shows them exactly as a build of the whole store.

use std::collections::HashSet;

use vigil_domain::derived::Reckoning;
use vigil_domain::records::Person;
use vigil_domain::{Id, PartialDate, Record, Visibility};
use vigil_publish::{ABOUT_PERSONS, PublicRecords, PublicSite, Restatement, persons_named};
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, on_both_engines};

fn reckoning() -> Reckoning {
    Reckoning {
        today: jiff::civil::date(2026, 1, 1),
        confirmation_days: 90,
    }
}

async fn each_person_around_is_as_the_whole_shows_them(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let whole = PublicSite::load(&t.store, reckoning()).await.unwrap();
    assert!(whole.persons.len() > 20, "the demo shows persons");
    let (mut named, mut timelines) = (0, 0);
    for shown in &whole.persons {
        let records = PublicRecords::around(&t.store, &[shown.id]).await.unwrap();
        let alone = PublicSite::build(records, reckoning());
        assert_eq!(alone.person(shown.id), Some(shown), "{}", shown.name);
        named += usize::from(!shown.relations.is_empty() || !shown.lists.is_empty());
        timelines += usize::from(shown.timeline.len() > 2);
    }
    assert!(
        named > 0 && timelines > 0,
        "persons with relations, lists and timelines compared"
    );
}

/// A shown person of the demo that no other step picks, withdrawn.
async fn withdraw_one(t: &TestStore) -> Id<Person> {
    let site = PublicSite::load(&t.store, reckoning()).await.unwrap();
    let id = (site.persons.iter().rev())
        .find(|p| p.relations.is_empty() && p.lists.is_empty())
        .unwrap()
        .id;
    change(t, id, &Change::Withdraw).await;
    id
}

async fn several_at_once_and_none_that_is_not_public(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let hidden = vec![withdraw_one(t).await];
    let whole = PublicSite::load(&t.store, reckoning()).await.unwrap();
    let asked: Vec<_> = (whole.persons.iter().step_by(5).map(|p| p.id))
        .chain(hidden.iter().copied())
        .collect();
    let records = PublicRecords::around(&t.store, &asked).await.unwrap();
    let alone = PublicSite::build(records, reckoning());
    for id in &asked {
        assert_eq!(alone.person(*id), whole.person(*id));
    }
    for id in &hidden {
        assert!(alone.person(*id).is_none(), "not public: never projected");
    }
}

/// What a person's change does to a projection.
enum Change {
    Rename,
    Withdraw,
    Publish,
}

async fn change(t: &TestStore, id: Id<Person>, change: &Change) {
    let record = t.store.get(id.into()).await.unwrap().unwrap();
    let mut person = Person::try_from(record).unwrap();
    match change {
        Change::Rename => {
            let shown = person
                .names
                .iter_mut()
                .find(|n| n.visibility == Visibility::Public);
            shown.unwrap().name.push_str(" Restated");
        }
        Change::Withdraw => person.visibility = Visibility::Internal,
        Change::Publish => person.visibility = Visibility::Public,
    }
    let mut tx = t.store.begin().await.unwrap();
    tx.update(&Actor::cli(), &person.into()).await.unwrap();
    tx.commit().await.unwrap();
}

/// A projection with a person projected again (`PublicSite::restated`), or
/// copied without a person withdrawn (`PublicSite::without`), is what a
/// build after the change gives, for persons named on other pages too
/// (hearings, lists, relations), and searching it answers the same, one
/// change after another.
async fn a_restatement_is_what_a_build_gives(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let hidden = withdraw_one(t).await;
    let mut site = PublicSite::load(&t.store, reckoning()).await.unwrap();
    assert!(
        !site.search("a", 5).is_empty(),
        "the search index kept is built"
    );
    let in_hearing = site
        .hearings
        .iter()
        .find_map(|h| h.persons.first())
        .unwrap()
        .0;
    let on_list = (site.lists.iter().flat_map(|l| &l.versions))
        .find_map(|v| v.entries.first())
        .unwrap()
        .person;
    let related = site
        .persons
        .iter()
        .find_map(|p| p.relations.first())
        .unwrap()
        .person;
    let steps = [
        (in_hearing, Change::Rename),
        (on_list, Change::Rename),
        (related, Change::Rename),
        (hidden, Change::Publish),
        (related, Change::Withdraw),
        (on_list, Change::Withdraw),
        (related, Change::Publish),
    ];
    for (id, how) in &steps {
        change(t, *id, how).await;
        let read = Restatement::read(&t.store, &HashSet::from([*id]))
            .await
            .unwrap();
        let restated = site.restated(read, reckoning());
        let built = PublicSite::load(&t.store, reckoning()).await.unwrap();
        let json = |s: &PublicSite| serde_json::to_value(s).unwrap();
        assert_eq!(json(&restated), json(&built), "after {id}");
        // A withdrawal copied without the person (`PublicSite::without`) too.
        let without = matches!(how, Change::Withdraw).then(|| site.without(&HashSet::from([*id])));
        if let Some(without) = &without {
            assert_eq!(json(without), json(&built), "{id} withdrawn");
        }
        let found = |s: &PublicSite, q: &str| -> Vec<_> {
            s.search(q, 20)
                .into_iter()
                .map(|h| (h.person, h.form))
                .collect()
        };
        let copies = [Some(&restated), without.as_ref()];
        let names = [site.person(*id), built.person(*id)].map(|p| p.map(|p| p.name.clone()));
        for (name, copy) in names
            .iter()
            .flatten()
            .flat_map(|n| copies.iter().flatten().map(move |c| (n, c)))
        {
            assert_eq!(found(copy, name), found(&built, name), "searching {name}");
        }
        site = restated;
    }
    let published = site.person(hidden).expect("published");
    assert!(
        site.search(&published.name, 5)
            .iter()
            .any(|h| h.person == hidden)
    );
}

/// A public record of `kind` that names persons, with them: one that names
/// nobody makes readers wait for a build.
async fn public_naming_persons(
    t: &TestStore,
    kind: vigil_domain::RecordKind,
) -> Option<(Record, HashSet<Id<Person>>)> {
    for r in t.store.list(kind).await.unwrap() {
        let named = persons_named(&t.store, &[r.id()]).await.unwrap();
        if r.visibility() == Visibility::Public && !named.is_empty() {
            return Some((r, named));
        }
    }
    None
}

/// A record shown only on the pages of the persons it names, published for
/// the first time, is shown by projecting those persons again: for each such
/// kind, a record of the demo withdrawn, then published again.
async fn a_record_about_persons_published_is_what_a_build_gives(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let mut tried = Vec::new();
    for kind in ABOUT_PERSONS {
        let Some((mut record, named)) = public_naming_persons(t, kind).await else {
            continue;
        };
        let write = async |r: &vigil_domain::Record| {
            let mut tx = t.store.begin().await.unwrap();
            tx.update(&Actor::cli(), r).await.unwrap();
            tx.commit().await.unwrap();
        };
        record.set_visibility(Visibility::Internal);
        write(&record).await;
        let site = PublicSite::load(&t.store, reckoning()).await.unwrap();
        assert!(!site.search("a", 5).is_empty());
        record.set_visibility(Visibility::Public);
        write(&record).await;
        let read = Restatement::read(&t.store, &named).await.unwrap();
        let restated = site.restated(read, reckoning());
        let built = PublicSite::load(&t.store, reckoning()).await.unwrap();
        let json = |s: &PublicSite| serde_json::to_value(s).unwrap();
        assert_eq!(json(&restated), json(&built), "a {kind} published");
        tried.push(kind);
    }
    assert!(tried.len() >= 5, "kinds the demo holds: {tried:?}");
}

/// `record` with its content changed and the records it points at kept:
/// what an edit of a hearing's outcome or a release date is.
fn edited(record: &Record) -> Option<Record> {
    let day = |s: &str| Some(s.parse::<PartialDate>().unwrap());
    let mut r = record.clone();
    match &mut r {
        Record::Case(c) => c.title.push_str(" (edited)"),
        Record::Hearing(h) => h.outcome = Some("Adjourned to a later date (edited)".into()),
        Record::DetentionEpisode(e) => e.confirmed_on = day("2025-12-01"),
        Record::Incident(i) => i.title.push_str(" (edited)"),
        Record::Recognition(x) => x.title = Some("Recognised again (edited)".into()),
        Record::Relationship(x) => x.start = day("2001"),
        Record::WelfareReport(w) => w.date = day("2025-11"),
        Record::Complaint(c) => c.subject.push_str(" (edited)"),
        _ => return None,
    }
    Some(r)
}

/// A record shown only on the pages of the persons it names, edited
/// naming the same records, is shown by projecting those persons again:
/// for each such kind in the demo, what a build after the edit gives.
async fn a_record_about_persons_edited_is_what_a_build_gives(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let (mut tried, mut shows) = (Vec::new(), Vec::new());
    for kind in ABOUT_PERSONS {
        let Some((record, named)) = public_naming_persons(t, kind).await else {
            continue;
        };
        let site = PublicSite::load(&t.store, reckoning()).await.unwrap();
        assert!(!site.search("a", 5).is_empty());
        let changed = edited(&record).unwrap();
        let mut tx = t.store.begin().await.unwrap();
        tx.update(&Actor::cli(), &changed).await.unwrap();
        tx.commit().await.unwrap();
        let read = Restatement::read(&t.store, &named).await.unwrap();
        let restated = site.restated(read, reckoning());
        let built = PublicSite::load(&t.store, reckoning()).await.unwrap();
        let json = |s: &PublicSite| serde_json::to_value(s).unwrap();
        assert_eq!(json(&restated), json(&built), "a {kind} edited");
        // Not every edit shows (a relationship's dates, a welfare report
        // whose text is not public); most do.
        if json(&site) != json(&built) {
            shows.push(kind);
        }
        tried.push(kind);
    }
    assert!(tried.len() >= 5, "kinds the demo holds: {tried:?}");
    assert!(shows.len() >= 4, "edits that show: {shows:?} of {tried:?}");
}

on_both_engines!(
    a_record_about_persons_edited_is_what_a_build_gives,
    a_record_about_persons_published_is_what_a_build_gives,
    each_person_around_is_as_the_whole_shows_them,
    several_at_once_and_none_that_is_not_public,
    a_restatement_is_what_a_build_gives,
);
