//! Storage on both engines: writes, references, audit chain.

use sqlx::Executor;
use vigil_domain::records::*;
use vigil_domain::{Id, Name, Record, Visibility};
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, StorageError, Verdict, audit, on_both_engines};

fn person(name: &str) -> Person {
    Person::new(Visibility::Public, Name::primary(name, Some("az")))
}

fn case_of(p: &Person) -> Case {
    let mut c = Case::new(Visibility::Public, "Case", vec![p.id]);
    c.status = CaseStatus::Trial;
    c
}

async fn writes_and_reads_back(t: &TestStore) {
    let store = &t.store;
    let p = person("Leyla Yunus");
    let c = case_of(&p);
    let mut tx = store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &p.clone().into()).await.unwrap();
    tx.insert(&Actor::cli(), &c.clone().into()).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.get(p.id.erase()).await.unwrap(),
        Some(Record::Person(p.clone()))
    );
    assert_eq!(
        store.list(vigil_domain::RecordKind::Case).await.unwrap(),
        vec![Record::Case(c.clone())]
    );
    assert_eq!(
        store.referrers(p.id.erase()).await.unwrap(),
        vec![(c.id.erase(), "defendants".to_string())]
    );

    // A second insert of the same id is refused and changes nothing.
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .insert(&Actor::cli(), &p.clone().into())
        .await
        .unwrap_err();
    assert!(matches!(err, StorageError::AlreadyExists(_)), "{err}");
    tx.rollback().await.unwrap();

    // Updating writes a new audit entry; an identical update writes none.
    let mut changed = p.clone();
    changed.occupations.push(Occupation::HumanRightsDefender);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.update(&Actor::cli(), &changed.clone().into())
            .await
            .unwrap(),
        vigil_storage::Written::Updated
    );
    assert_eq!(
        tx.update(&Actor::cli(), &changed.clone().into())
            .await
            .unwrap(),
        vigil_storage::Written::Unchanged
    );
    tx.commit().await.unwrap();
    let history = audit::history(store, &p.id.to_string()).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        vec!["create", "update"]
    );
    assert!(audit::verify(store).await.unwrap().is_intact());
}

async fn refuses_dangling_references_and_writes_nothing(t: &TestStore) {
    let store = &t.store;
    let p = person("Nobody Stored");
    let c = case_of(&p); // its defendant was never stored
    let mut tx = store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &c.clone().into()).await.unwrap();
    let err = tx.commit().await.unwrap_err();
    assert!(
        matches!(err, StorageError::DanglingReference { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("defendants"), "{err}");
    assert_eq!(store.get(c.id.erase()).await.unwrap(), None);
    assert!(audit::recent(store, 10).await.unwrap().is_empty());

    // A reference to a record of the wrong kind is dangling too.
    let other = person("Someone");
    let mut tx = store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &other.clone().into())
        .await
        .unwrap();
    let mut wrong = case_of(&other);
    wrong.prosecuting_body = Some(Id::from_uuid(other.id.uuid()));
    tx.insert(&Actor::cli(), &wrong.into()).await.unwrap();
    assert!(matches!(
        tx.commit().await.unwrap_err(),
        StorageError::DanglingReference { .. }
    ));
    assert!(
        store
            .list(vigil_domain::RecordKind::Person)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn refuses_invalid_records(t: &TestStore) {
    let mut c = case_of(&person("X"));
    c.sentence = Some(Sentence::term(-1, 0));
    let mut tx = t.store.begin().await.unwrap();
    let err = tx.insert(&Actor::cli(), &c.into()).await.unwrap_err();
    assert!(err.to_string().contains("cannot be negative"), "{err}");
}

async fn refuses_to_delete_what_is_referenced(t: &TestStore) {
    let store = &t.store;
    let p = person("Arif Yunus");
    let c = case_of(&p);
    let mut tx = store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &p.clone().into()).await.unwrap();
    tx.insert(&Actor::cli(), &c.clone().into()).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let err = tx.delete(&Actor::cli(), p.id.erase()).await.unwrap_err();
    assert!(matches!(err, StorageError::StillReferenced { .. }), "{err}");
    tx.rollback().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.delete(&Actor::cli(), c.id.erase()).await.unwrap();
    tx.delete(&Actor::cli(), p.id.erase()).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.get(p.id.erase()).await.unwrap(), None);
    assert!(audit::verify(store).await.unwrap().is_intact());
}

async fn store_with_two(t: &TestStore) -> (Person, Person) {
    let (a, b) = (person("A"), person("B"));
    let mut tx = t.store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &a.clone().into()).await.unwrap();
    tx.insert(&Actor::cli(), &b.clone().into()).await.unwrap();
    tx.audit_event(&Actor::cli(), "export", Some("bundle"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (a, b)
}

async fn drop_append_only_guard(t: &TestStore) {
    let sql = match t.store.engine() {
        vigil_storage::Engine::Sqlite => {
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
        }
        vigil_storage::Engine::Postgres => "DROP TRIGGER audit_log_no_change ON audit_log;",
    };
    t.store.pool().execute(sql).await.unwrap();
}

async fn audit_verify_catches_a_changed_row(t: &TestStore) {
    let (a, _) = store_with_two(t).await;
    let sql = format!(
        "UPDATE records SET body = REPLACE(body, '\"A\"', '\"Forged\"') WHERE id = '{}'",
        a.id
    );
    t.store
        .pool()
        .execute(sqlx::AssertSqlSafe(sql))
        .await
        .unwrap();
    match audit::verify(&t.store).await.unwrap() {
        Verdict::BadRecord { id, .. } => assert_eq!(id, a.id.to_string()),
        other => panic!("expected a bad record, got {other:?}"),
    }
}

async fn audit_verify_catches_a_row_and_digest_changed_together(t: &TestStore) {
    let (a, _) = store_with_two(t).await;
    let forged = serde_json::to_string(&Record::Person(person("Forged"))).unwrap();
    let sql = format!(
        "UPDATE records SET body = '{}', digest = '{}' WHERE id = '{}'",
        forged.replace('\'', "''"),
        vigil_storage::sha256_hex(forged.as_bytes()),
        a.id
    );
    t.store
        .pool()
        .execute(sqlx::AssertSqlSafe(sql))
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&t.store).await.unwrap(),
        Verdict::BadRecord { .. }
    ));
}

async fn audit_verify_catches_a_changed_entry(t: &TestStore) {
    store_with_two(t).await;
    drop_append_only_guard(t).await;
    t.store
        .pool()
        .execute("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2")
        .await
        .unwrap();
    assert_eq!(
        audit::verify(&t.store).await.unwrap(),
        Verdict::BadEntry {
            seq: 2,
            reason: "its content does not match its hash".into()
        }
    );
}

async fn audit_verify_catches_a_removed_entry(t: &TestStore) {
    store_with_two(t).await;
    drop_append_only_guard(t).await;
    t.store
        .pool()
        .execute("DELETE FROM audit_log WHERE seq = 3")
        .await
        .unwrap();
    // The last entry gone: the chain itself is consistent, but the log is shorter than before.
    // Removing a middle entry breaks the chain:
    t.store
        .pool()
        .execute("DELETE FROM audit_log WHERE seq = 1")
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&t.store).await.unwrap(),
        Verdict::BadEntry { seq: 2, .. }
    ));
}

async fn audit_log_is_append_only(t: &TestStore) {
    store_with_two(t).await;
    assert!(
        t.store
            .pool()
            .execute("UPDATE audit_log SET actor = 'x'")
            .await
            .is_err()
    );
    assert!(
        t.store
            .pool()
            .execute("DELETE FROM audit_log")
            .await
            .is_err()
    );
}

async fn blobs_are_content_addressed(t: &TestStore) {
    let mut tx = t.store.begin().await.unwrap();
    let sha = tx.put_blob(b"letter").await.unwrap();
    assert_eq!(tx.put_blob(b"letter").await.unwrap(), sha);
    tx.commit().await.unwrap();
    assert_eq!(
        t.store.blob(&sha).await.unwrap().as_deref(),
        Some(&b"letter"[..])
    );
    assert_eq!(
        t.store.blob_list().await.unwrap(),
        vec![vigil_storage::StoredBlob {
            sha256: sha,
            sealed: false
        }]
    );
}

/// A bulk load writes what inserts one by one write: each record, its
/// references, its search terms and an audit entry; an id already there
/// is refused.
async fn many_inserts_write_what_one_does(t: &TestStore) {
    let store = &t.store;
    let persons: Vec<Person> = (0..150)
        .map(|i| person(&format!("Anar Məmmədli {i}")))
        .collect();
    let mut records: Vec<Record> = persons.iter().cloned().map(Record::from).collect();
    records.extend(persons.iter().map(|p| Record::from(case_of(p))));
    let mut tx = store.begin().await.unwrap();
    tx.insert_many(&Actor::cli(), &records).await.unwrap();
    tx.commit().await.unwrap();
    for r in &records {
        assert_eq!(store.get(r.id()).await.unwrap().as_ref(), Some(r));
    }
    assert_eq!(
        store.referrers(persons[149].id.erase()).await.unwrap(),
        vec![(records[299].id(), "defendants".to_string())]
    );
    assert_eq!(
        store
            .search("Anar Mammadli", Visibility::Internal, 500)
            .await
            .unwrap()
            .len(),
        150
    );
    match audit::verify(store).await.unwrap() {
        Verdict::Intact {
            entries, records, ..
        } => assert_eq!((entries, records), (300, 300)),
        other => panic!("{other:?}"),
    }
    // One id already there (in a batch of new ones) and nothing is written.
    let fresh = person("Tofiq Yaqublu");
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .insert_many(&Actor::cli(), &[fresh.clone().into(), records[0].clone()])
        .await
        .unwrap_err();
    assert!(
        matches!(err, StorageError::AlreadyExists(id) if id == records[0].id()),
        "{err}"
    );
    tx.rollback().await.unwrap();
    assert_eq!(store.get(fresh.id.erase()).await.unwrap(), None);
}

/// Records prepared on another thread ([`Tx::preparer`]) are written as
/// inserts write them; prepared under another store's key, they are refused.
async fn records_prepared_apart_are_written_as_inserted(t: &TestStore) {
    let store = &t.store;
    let persons: Vec<Person> = (0..40)
        .map(|i| person(&format!("Leyla Yunus {i}")))
        .collect();
    let mut records: Vec<Record> = persons.iter().cloned().map(Record::from).collect();
    records.extend(persons.iter().map(|p| Record::from(case_of(p))));
    let mut tx = store.begin().await.unwrap();
    let preparer = tx.preparer();
    let (first, second) = (records[..40].to_vec(), records[40..].to_vec());
    for batch in [first, second] {
        let preparer = preparer.clone();
        let prepared = tokio::task::spawn_blocking(move || preparer.prepare(batch))
            .await
            .unwrap()
            .unwrap();
        tx.insert_prepared(&Actor::cli(), prepared).await.unwrap();
    }
    tx.commit().await.unwrap();
    for r in &records {
        assert_eq!(store.get(r.id()).await.unwrap().as_ref(), Some(r));
    }
    let found = store.search("Leyla Yunus", Visibility::Internal, 500).await;
    assert_eq!(found.unwrap().len(), 40);
    match audit::verify(store).await.unwrap() {
        Verdict::Intact { records, .. } => assert_eq!(records, 80),
        other => panic!("{other:?}"),
    }
    let other = TestStore::sqlite_with(vigil_storage::KeySource::Key(
        vigil_storage::Keyring::from_master(&[0x17; 32]),
    ))
    .await;
    let elsewhere = other.store.begin().await.unwrap().preparer();
    let fresh = person("Tofiq Yaqublu");
    let prepared = elsewhere.prepare(vec![fresh.clone().into()]).unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(tx.insert_prepared(&Actor::cli(), prepared).await.is_err());
    tx.rollback().await.unwrap();
    assert_eq!(store.get(fresh.id.erase()).await.unwrap(), None);
    other.cleanup().await;
}

on_both_engines!(
    writes_and_reads_back,
    many_inserts_write_what_one_does,
    records_prepared_apart_are_written_as_inserted,
    refuses_dangling_references_and_writes_nothing,
    refuses_invalid_records,
    refuses_to_delete_what_is_referenced,
    audit_verify_catches_a_changed_row,
    audit_verify_catches_a_row_and_digest_changed_together,
    audit_verify_catches_a_changed_entry,
    audit_verify_catches_a_removed_entry,
    audit_log_is_append_only,
    blobs_are_content_addressed,
);

/// Every connection of an SQLite store commits with `synchronous = FULL`:
/// an acknowledged write is on disk, not only in the WAL's page cache, so a
/// power cut cannot take it back.
#[tokio::test]
async fn sqlite_commits_reach_the_disk_before_they_are_acknowledged() {
    let t = TestStore::sqlite().await;
    // Each of the pool's connections, held at once so none is reused.
    let mut held = Vec::new();
    let mut modes = Vec::new();
    for _ in 0..4 {
        let mut conn = t.store.pool().acquire().await.unwrap();
        let mode: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        modes.push(mode);
        held.push(conn);
    }
    drop(held);
    assert!(modes.iter().all(|m| *m == 2), "2 is FULL: {modes:?}");
    t.cleanup().await;
}
