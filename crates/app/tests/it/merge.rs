//! Merging two records of one person, and undoing it, on both engines.

use vigil_app::merge::{merge_persons, undo};
use vigil_domain::records::{Case, ListEntry, ListVersion, Person, PrisonerList};
use vigil_domain::{Guarded, Id, Name, NameKind, PartialDate, Record, Visibility};
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, Verdict, on_both_engines};

struct World {
    kept: Person,
    other: Person,
    case: Case,
    version: ListVersion,
}

async fn world(t: &TestStore) -> World {
    let kept = Person::new(Visibility::Public, Name::primary("Leyla Yunus", Some("az")));
    let mut other = Person::new(
        Visibility::Internal,
        Name::primary("Лейла Юнус", Some("ru")),
    );
    other.external_ref = Some("L-1".into());
    other.notes = Some(Guarded::confidential("met her lawyer on 3 May".into()));
    other.names.push(Name::new(
        "Leyla İslam qızı Yunusova",
        NameKind::Alias,
        Some("az"),
    ));
    let case = Case::new(
        Visibility::Internal,
        "Case of the Yunus couple",
        vec![other.id],
    );
    let list = PrisonerList {
        id: Id::new(),
        visibility: Visibility::Internal,
        sources: vec![],
        title: "A list".into(),
        publisher: None,
        criteria: vec![],
        titles: vec![],
        featured: false,
    };
    let entry = |person, number| ListEntry {
        person,
        number: Some(number),
        category: None,
        subcategory: None,
    };
    let version = ListVersion {
        id: Id::new(),
        visibility: Visibility::Internal,
        sources: vec![],
        list: list.id,
        date: "2014-08".parse::<PartialDate>().unwrap(),
        publisher: None,
        document: None,
        published_count: None,
        count_qualifier: None,
        entries: vec![entry(kept.id, 1), entry(other.id, 2)],
    };
    let mut tx = t.store.begin().await.unwrap();
    for r in [
        Record::Person(kept.clone()),
        Record::Person(other.clone()),
        Record::Case(case.clone()),
        Record::PrisonerList(list),
        Record::ListVersion(version.clone()),
    ] {
        tx.insert(&Actor::cli(), &r).await.unwrap();
    }
    tx.commit().await.unwrap();
    World {
        kept,
        other,
        case,
        version,
    }
}

async fn intact(t: &TestStore) {
    assert!(matches!(
        vigil_storage::audit::verify(&t.store).await.unwrap(),
        Verdict::Intact { .. }
    ));
}

async fn merging_moves_everything_and_undo_puts_it_back(t: &TestStore) {
    let w = world(t).await;
    let actor = Actor::user("editor1");
    let merged = merge_persons(&t.store, &actor, w.kept.id, w.other.id)
        .await
        .unwrap();
    assert_eq!(merged.repointed, 2, "the case and the list version");

    assert!(t.store.get(w.other.id.erase()).await.unwrap().is_none());
    let Some(Record::Person(k)) = t.store.get(w.kept.id.erase()).await.unwrap() else {
        panic!("the kept person is there");
    };
    assert_eq!(
        k.visibility,
        Visibility::Public,
        "a merge publishes nothing"
    );
    let names: Vec<(&str, Visibility)> = k
        .names
        .iter()
        .map(|n| (n.name.as_str(), n.visibility))
        .collect();
    assert!(
        names.contains(&("Лейла Юнус", Visibility::Internal)),
        "{names:?}"
    );
    assert!(names.contains(&("Leyla İslam qızı Yunusova", Visibility::Internal)));
    assert_eq!(
        k.notes.as_ref().map(|n| n.visibility),
        Some(Visibility::Confidential)
    );
    assert_eq!(
        k.external_ref, None,
        "a plain field of a more closed record is not copied"
    );
    let Some(Record::Case(c)) = t.store.get(w.case.id.erase()).await.unwrap() else {
        panic!("the case");
    };
    assert_eq!(c.defendants, vec![w.kept.id]);
    let Some(Record::ListVersion(v)) = t.store.get(w.version.id.erase()).await.unwrap() else {
        panic!("the version");
    };
    assert_eq!(v.entries.len(), 1, "one person is on the list once");
    assert_eq!(v.entries[0].person, w.kept.id);
    // The other name now finds the kept person.
    let hits = t
        .store
        .search("Юнусова Лейла", Visibility::Internal, 5)
        .await
        .unwrap();
    assert_eq!(hits.first().map(|h| h.id), Some(w.kept.id.erase()));
    // Audited on both sides.
    let history = vigil_storage::audit::history(&t.store, &w.kept.id.to_string())
        .await
        .unwrap();
    assert!(
        history
            .iter()
            .any(|e| e.action == "merge" && e.actor == "user:editor1")
    );
    let history = vigil_storage::audit::history(&t.store, &w.other.id.to_string())
        .await
        .unwrap();
    assert!(history.iter().any(|e| e.action == "delete"));
    intact(t).await;
    assert_eq!(
        t.store.merges_into(w.kept.id.erase()).await.unwrap().len(),
        1
    );

    undo(&t.store, &actor, &merged.merge).await.unwrap();
    assert_eq!(
        t.store.get(w.other.id.erase()).await.unwrap(),
        Some(Record::Person(w.other.clone()))
    );
    assert_eq!(
        t.store.get(w.kept.id.erase()).await.unwrap(),
        Some(Record::Person(w.kept.clone()))
    );
    assert_eq!(
        t.store.get(w.case.id.erase()).await.unwrap(),
        Some(Record::Case(w.case.clone()))
    );
    assert_eq!(
        t.store.get(w.version.id.erase()).await.unwrap(),
        Some(Record::ListVersion(w.version.clone()))
    );
    intact(t).await;
    let again = undo(&t.store, &actor, &merged.merge).await.unwrap_err();
    assert!(again.to_string().contains("undone already"), "{again}");
}

async fn undo_refuses_to_overwrite_later_work(t: &TestStore) {
    let w = world(t).await;
    let actor = Actor::cli();
    let merged = merge_persons(&t.store, &actor, w.kept.id, w.other.id)
        .await
        .unwrap();
    let Some(Record::Case(mut c)) = t.store.get(w.case.id.erase()).await.unwrap() else {
        panic!("the case");
    };
    c.title = "Renamed after the merge".into();
    let mut tx = t.store.begin().await.unwrap();
    tx.update(&actor, &Record::Case(c.clone())).await.unwrap();
    tx.commit().await.unwrap();
    let err = undo(&t.store, &actor, &merged.merge).await.unwrap_err();
    assert!(
        err.to_string().contains("has changed since the merge"),
        "{err}"
    );
    // Nothing was put back.
    assert!(t.store.get(w.other.id.erase()).await.unwrap().is_none());
    assert_eq!(
        t.store.get(w.case.id.erase()).await.unwrap(),
        Some(Record::Case(c))
    );
    intact(t).await;
}

async fn bad_merges_are_refused_and_write_nothing(t: &TestStore) {
    let w = world(t).await;
    let actor = Actor::cli();
    let before = t.store.counts().await.unwrap();
    let same = merge_persons(&t.store, &actor, w.kept.id, w.kept.id)
        .await
        .unwrap_err();
    assert!(same.to_string().contains("themselves"));
    let gone = merge_persons(&t.store, &actor, w.kept.id, Id::new())
        .await
        .unwrap_err();
    assert!(gone.to_string().contains("no person"));
    assert!(undo(&t.store, &actor, "no-such-merge").await.is_err());
    assert_eq!(t.store.counts().await.unwrap(), before);
    assert_eq!(
        t.store.get(w.other.id.erase()).await.unwrap(),
        Some(Record::Person(w.other.clone()))
    );
}

on_both_engines!(
    merging_moves_everything_and_undo_puts_it_back,
    undo_refuses_to_overwrite_later_work,
    bad_merges_are_refused_and_write_nothing,
);
