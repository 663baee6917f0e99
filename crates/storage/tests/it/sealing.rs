//! Confidential data is sealed at rest on both engines: a copy of the SQLite
//! files or a `pg_dump` shows none of it; the store reads it back with its
//! key, refuses to open without it or with another, and a store that held
//! confidential data in clear seals it when it is first given a key.

use vigil_domain::records::*;
use vigil_domain::{Guarded, LocalizedText, Name, Record, Visibility};
use vigil_storage::testing::{TestStore, test_key};
use vigil_storage::{Actor, KeySource, Keyring, Store, Target, audit, on_both_engines};

const CANARY: &str = "CANARY-SEALED-7f3e";
/// A word of confidential text, which the search index keeps only keyed.
const WORD: &str = "Quillfernstad";

async fn write(store: &Store, records: &[Record]) {
    let mut tx = store.begin().await.unwrap();
    for r in records {
        tx.upsert(&Actor::cli(), r).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// A second store beside the test's own (a folder next to it, or a database of its own).
async fn second_target(t: &TestStore, name: &str) -> Option<Target> {
    match &t.target {
        Target::Folder(dir) => Some(Target::Folder(dir.with_file_name(name))),
        Target::Postgres(_) => TestStore::new_pg_database().await,
    }
}

async fn drop_second(target: &Target) {
    if let Target::Postgres(url) = target {
        vigil_storage::testing::drop_pg_database(url.rsplit('/').next().unwrap_or_default()).await;
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

async fn confidential_data_never_reaches_the_disk_in_clear(t: &TestStore) {
    let mut open = Person::new(
        Visibility::Public,
        Name::primary("Open Person Shown", Some("en")),
    );
    open.notes = Some(Guarded::confidential(format!("{CANARY} note")));
    open.biography.push(LocalizedText {
        language: "en".into(),
        text: format!("{CANARY} biography, moved to {WORD}"),
        machine_translated: false,
        visibility: Visibility::Confidential,
    });
    let secret = Person::new(
        Visibility::Confidential,
        Name::primary(format!("{CANARY} Person"), Some("en")),
    );
    write(&t.store, &[open.clone().into(), secret.clone().into()]).await;
    // A change, so the old and the new version both passed through the engine.
    open.biography[0].text = format!("{CANARY} biography, second version, in {WORD}");
    write(&t.store, &[open.clone().into()]).await;

    assert_eq!(
        t.store.get(open.id.erase()).await.unwrap(),
        Some(Record::from(open.clone()))
    );
    assert_eq!(
        t.store.get(secret.id.erase()).await.unwrap(),
        Some(Record::from(secret.clone()))
    );
    // What a merge keeps for undoing it is sealed too, and reads back.
    let mut tx = t.store.begin().await.unwrap();
    let merge = tx
        .record_merge(
            &Actor::cli(),
            open.id.erase(),
            secret.id.erase(),
            &[secret.clone().into(), open.clone().into()],
            &[],
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let kept = t.store.merge_record(&merge).await.unwrap().unwrap();
    assert_eq!(
        kept.before,
        vec![Record::from(secret.clone()), Record::from(open.clone())]
    );
    let raw = t.raw_copy().await;
    assert!(
        contains(&raw, "Open Person Shown"),
        "the copy holds the data"
    );
    assert!(
        !contains(&raw, CANARY),
        "a confidential value is on disk in clear"
    );
    // Confidential text is searchable by those cleared for it, but its
    // words are in the index only keyed and sealed, in any case.
    let hits = t
        .store
        .search(WORD, Visibility::Confidential, 10)
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, open.id.erase());
    assert!(
        t.store
            .search(WORD, Visibility::Internal, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let lower = raw.to_ascii_lowercase();
    assert!(
        !contains(&lower, &WORD.to_lowercase()),
        "a confidential word is on disk in clear"
    );
    // The audit chain and every record's digest still verify, without the key.
    assert!(matches!(
        audit::verify(&t.store).await.unwrap(),
        vigil_storage::Verdict::Intact { .. }
    ));

    // Writing the same content again changes nothing (sealing is deterministic).
    let mut tx = t.store.begin().await.unwrap();
    assert_eq!(
        tx.upsert(&Actor::cli(), &open.clone().into())
            .await
            .unwrap(),
        vigil_storage::Written::Unchanged
    );
    tx.commit().await.unwrap();

    // Without the key, or with another, the store does not open.
    let err = Store::open(&t.target)
        .await
        .err()
        .expect("no key")
        .to_string();
    assert!(
        err.contains("sealed with key") && err.contains("key was not given"),
        "{err}"
    );
    let (other, _) = Keyring::generate();
    let err = Store::open_with(&t.target, KeySource::Key(other))
        .await
        .err()
        .expect("another key")
        .to_string();
    assert!(err.contains("does not open this store"), "{err}");
    let again = Store::open_with(&t.target, KeySource::Key(test_key()))
        .await
        .unwrap();
    assert_eq!(
        again.get(secret.id.erase()).await.unwrap(),
        Some(Record::from(secret))
    );
}

/// A store written before it had a key (or by a version without sealing):
/// giving it a key seals what it holds in clear.
async fn a_first_key_seals_what_was_in_clear(t: &TestStore) {
    let Some(target) = second_target(t, "keyless").await else {
        return;
    };
    let keyless = Store::open(&target).await.unwrap();
    let p = Person::new(Visibility::Public, Name::primary("Shown Name", Some("en")));
    write(&keyless, &[p.clone().into()]).await;
    // Without a key, confidential data is refused, and nothing is written.
    let mut with_note = p.clone();
    with_note.notes = Some(Guarded::confidential(format!("{CANARY} note")));
    let mut tx = keyless.begin().await.unwrap();
    let err = tx
        .upsert(&Actor::cli(), &with_note.clone().into())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("stored only sealed"), "{err}");
    tx.rollback().await.unwrap();
    // A text that merely says "sealed" is read without a key.
    let mut says_sealed = p.clone();
    says_sealed.notes = Some(Guarded::internal("sealed".into()));
    write(&keyless, &[says_sealed.clone().into()]).await;
    assert_eq!(
        keyless.get(p.id.erase()).await.unwrap(),
        Some(Record::from(says_sealed))
    );
    // As an older version wrote it: in clear.
    let clear = serde_json::to_string(&Record::from(with_note.clone())).unwrap();
    sqlx::query("UPDATE records SET body = $1 WHERE id = $2")
        .bind(clear)
        .bind(p.id.to_string())
        .execute(keyless.pool())
        .await
        .unwrap();
    keyless.close().await;

    let sealed = Store::open_with(&target, KeySource::Key(test_key()))
        .await
        .unwrap();
    let body: String = sqlx::query_scalar("SELECT body FROM records WHERE id = $1")
        .bind(p.id.to_string())
        .fetch_one(sealed.pool())
        .await
        .unwrap();
    assert!(!body.contains(CANARY), "{body}");
    assert_eq!(
        sealed.get(p.id.erase()).await.unwrap(),
        Some(Record::from(with_note))
    );
    let actions: Vec<String> = audit::recent(&sealed, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"keys-bind".to_owned()), "{actions:?}");
    sealed.close().await;
    drop_second(&target).await;
}

/// A passphrase is stretched with the store's own salt: the same passphrase
/// opens it again, another does not, and a short one is refused.
async fn a_passphrase_opens_only_its_store(t: &TestStore) {
    let Some(target) = second_target(t, "by-passphrase").await else {
        return;
    };
    let phrase = "a long passphrase nobody guesses";
    let err = Store::open_with(&target, KeySource::Passphrase("too short".into()))
        .await
        .err()
        .expect("a short passphrase")
        .to_string();
    assert!(err.contains("at least 12"), "{err}");
    let store = Store::open_with(&target, KeySource::Passphrase(phrase.into()))
        .await
        .unwrap();
    let id = store.key_id().expect("sealed").to_owned();
    let mut p = Person::new(Visibility::Public, Name::primary("Shown", Some("en")));
    p.notes = Some(Guarded::confidential(format!("{CANARY} note")));
    write(&store, &[p.clone().into()]).await;
    store.close().await;
    let again = Store::open_with(&target, KeySource::Passphrase(phrase.into()))
        .await
        .unwrap();
    assert_eq!(again.key_id(), Some(id.as_str()));
    assert_eq!(
        again.get(p.id.erase()).await.unwrap(),
        Some(Record::from(p))
    );
    again.close().await;
    let err = Store::open_with(&target, KeySource::Passphrase(format!("{phrase}!")))
        .await
        .err()
        .expect("another passphrase")
        .to_string();
    assert!(err.contains("does not open this store"), "{err}");
    drop_second(&target).await;
}

/// `rotate_key` seals everything again with a new key in one audited
/// transaction: records, merges' saved copies and keyed search terms.
/// Afterwards only the new key opens the store.
async fn rotating_the_key_seals_everything_again(t: &TestStore) {
    let mut open = Person::new(Visibility::Public, Name::primary("Open Person", Some("en")));
    open.notes = Some(Guarded::confidential(format!("{CANARY} note on {WORD}")));
    let secret = Person::new(
        Visibility::Confidential,
        Name::primary(format!("{CANARY} Person"), Some("en")),
    );
    let plain = Person::new(
        Visibility::Public,
        Name::primary("Nothing Sealed", Some("en")),
    );
    write(
        &t.store,
        &[
            open.clone().into(),
            secret.clone().into(),
            plain.clone().into(),
        ],
    )
    .await;
    let mut tx = t.store.begin().await.unwrap();
    let merge = tx
        .record_merge(
            &Actor::cli(),
            open.id.erase(),
            secret.id.erase(),
            &[secret.clone().into()],
            &[],
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let merge_before: String = sqlx::query_scalar("SELECT before FROM merges WHERE id = $1")
        .bind(merge.clone())
        .fetch_one(t.store.pool())
        .await
        .unwrap();
    let old = test_key();
    // The word's terms as a ring keys them, and how many index rows hold them.
    let keyed_rows = |ring: Keyring| async move {
        let mut n = 0i64;
        for t_ in vigil_names::search::index_terms(WORD) {
            if t_.term.starts_with("w:") {
                let c: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM search_terms WHERE term = $1")
                        .bind(ring.search_term(&t_.term))
                        .fetch_one(t.store.pool())
                        .await
                        .unwrap();
                n += c;
            }
        }
        n
    };
    assert!(keyed_rows(old.clone()).await > 0);

    let mut store = Store::open_with(&t.target, KeySource::Key(old.clone()))
        .await
        .unwrap();
    // The present key cannot be the new one; without a new key nothing happens.
    assert!(
        store
            .rotate_key(&Actor::cli(), KeySource::Key(old.clone()))
            .await
            .is_err()
    );
    let (new, _) = Keyring::generate();
    let done = store
        .rotate_key(&Actor::cli(), KeySource::Key(new.clone()))
        .await
        .unwrap();
    assert_eq!(done.old_key, old.id());
    assert_eq!(done.new_key, new.id());
    assert_eq!(done.records, 2, "the two records with sealed parts");
    assert_eq!(done.merges, 1);
    assert_eq!(store.key_id(), Some(new.id()));

    // Everything reads back, through the same handle and a new one.
    for s in [
        &store,
        &Store::open_with(&t.target, KeySource::Key(new.clone()))
            .await
            .unwrap(),
    ] {
        assert_eq!(
            s.get(open.id.erase()).await.unwrap(),
            Some(Record::from(open.clone()))
        );
        assert_eq!(
            s.get(secret.id.erase()).await.unwrap(),
            Some(Record::from(secret.clone()))
        );
        assert_eq!(
            s.merge_record(&merge).await.unwrap().unwrap().before,
            vec![Record::from(secret.clone())]
        );
        let hits = s.search(WORD, Visibility::Confidential, 10).await.unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].id, open.id.erase());
    }
    // Nothing sealed with the old key is left: bodies, merges, search terms.
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM records WHERE body LIKE '%\"sealed\"%'")
            .fetch_all(store.pool())
            .await
            .unwrap();
    assert_eq!(bodies.len(), 2);
    for b in &bodies {
        assert!(b.contains(&format!("v1.{}.", new.id())), "{b}");
        assert!(!b.contains(&format!("v1.{}.", old.id())), "{b}");
    }
    let after_before: String = sqlx::query_scalar("SELECT before FROM merges WHERE id = $1")
        .bind(merge.clone())
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_ne!(after_before, merge_before);
    assert!(!after_before.contains(&format!("v1.{}.", old.id())));
    assert_eq!(keyed_rows(old.clone()).await, 0);
    assert!(keyed_rows(new.clone()).await > 0);
    assert!(!contains(&t.raw_copy().await, CANARY));

    // Audited: an update per re-sealed record, and the rotation naming both ids.
    assert!(matches!(
        audit::verify(&store).await.unwrap(),
        vigil_storage::Verdict::Intact { .. }
    ));
    let recent = audit::recent(&store, 5).await.unwrap();
    let rotation = recent
        .iter()
        .find(|e| e.action == "keys-rotate")
        .expect("a keys-rotate entry");
    assert_eq!(
        rotation.detail.as_deref(),
        Some(format!("{} -> {}", old.id(), new.id()).as_str())
    );
    assert_eq!(
        audit::history(&store, &open.id.to_string())
            .await
            .unwrap()
            .last()
            .unwrap()
            .action,
        "update"
    );
    // Only the new key opens the store now.
    let err = Store::open_with(&t.target, KeySource::Key(old))
        .await
        .err()
        .expect("the old key")
        .to_string();
    assert!(err.contains("does not open this store"), "{err}");
    store.close().await;
}

on_both_engines!(
    rotating_the_key_seals_everything_again,
    confidential_data_never_reaches_the_disk_in_clear,
    a_first_key_seals_what_was_in_clear,
    a_passphrase_opens_only_its_store,
);
