//! Encrypted backups (age) round trip on each engine and across them; a
//! backup is unreadable without a recipient's identity and refused when
//! damaged; bundles move between stores sealed with different keys.

use std::io::Cursor;

use vigil_app::backup::{self, Recipient};
use vigil_app::{bundle, demo};
use vigil_domain::records::Person;
use vigil_domain::{Guarded, Name, Visibility};
use vigil_storage::testing::{TestStore, test_key};
use vigil_storage::{Actor, KeySource, Keyring, Store, audit, on_both_engines};

const CANARY: &str = "CANARY-BACKUP-41c2";

/// The demo, and a person whose confidential note is a canary.
async fn filled(store: &Store) {
    demo::load(store).await.unwrap();
    let mut p = Person::new(
        Visibility::Public,
        Name::primary("Shown In Backup", Some("en")),
    );
    p.notes = Some(Guarded::confidential(format!(
        "{CANARY} relatives' address"
    )));
    let mut tx = store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &p.into()).await.unwrap();
    tx.commit().await.unwrap();
}

/// Files and records of a store, as its bundle holds them.
async fn data_lines(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    bundle::export(store, &Actor::cli(), &mut out)
        .await
        .unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("{\"file\"") || l.starts_with("{\"record\""))
        .map(str::to_owned)
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn identity() -> (Vec<Box<dyn age::Identity + Send + Sync>>, Recipient) {
    let (text, recipient) = backup::new_identity();
    (backup::read_identities(&text).unwrap(), recipient)
}

async fn make_backup(store: &Store, recipients: &[Recipient]) -> Vec<u8> {
    let mut out = Vec::new();
    backup::backup(store, &Actor::cli(), recipients, &mut out)
        .await
        .unwrap();
    out
}

async fn restore_err(
    store: &Store,
    ids: &[Box<dyn age::Identity + Send + Sync>],
    bytes: &[u8],
) -> String {
    let err = backup::restore(store, &Actor::cli(), ids, Cursor::new(bytes), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(store.is_empty().await.unwrap(), "nothing written: {err}");
    err
}

async fn a_backup_restores_only_for_its_recipients(t: &TestStore) {
    filled(&t.store).await;
    let (ids_a, a) = identity();
    let (ids_b, b) = identity();
    let (ids_other, _) = identity();
    let bytes = make_backup(&t.store, &[a, b]).await;
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
    assert!(
        !contains(&bytes, "Shown In Backup"),
        "a public name is encrypted too"
    );
    assert!(!contains(&bytes, CANARY));

    // Only a recipient reads it; damage and truncation are refused; nothing is written.
    let fresh = t.another(KeySource::Key(test_key())).await;
    let err = restore_err(&fresh.store, &ids_other, &bytes).await;
    assert!(err.contains("other recipients"), "{err}");
    let mut flipped = bytes.clone();
    let at = flipped.len() / 2;
    flipped[at] ^= 0x01;
    restore_err(&fresh.store, &ids_a, &flipped).await;
    restore_err(&fresh.store, &ids_a, &bytes[..bytes.len() - 100]).await;
    let err = restore_err(&fresh.store, &ids_a, b"not a backup at all").await;
    assert!(err.contains("not a Vigil backup"), "{err}");

    // Each recipient restores the same data, history intact.
    for ids in [&ids_a, &ids_b] {
        let into = t.another(KeySource::Key(test_key())).await;
        backup::restore(&into.store, &Actor::cli(), ids, Cursor::new(&bytes), None)
            .await
            .unwrap();
        assert_eq!(data_lines(&into.store).await, data_lines(&t.store).await);
        assert!(audit::verify(&into.store).await.unwrap().is_intact());
        into.cleanup().await;
    }
    // The backup is in the audit log.
    let recent = audit::recent(&t.store, 5).await.unwrap();
    assert!(
        recent
            .iter()
            .any(|e| e.action == "backup"
                && e.detail.as_deref() == Some("encrypted to 2 recipient(s)")),
        "{recent:?}"
    );
    // And only into an empty store.
    let err = backup::restore(&t.store, &Actor::cli(), &ids_a, Cursor::new(&bytes), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("empty store"), "{err}");
    assert!(
        backup::backup(&t.store, &Actor::cli(), &[], Vec::new())
            .await
            .is_err()
    );
    fresh.cleanup().await;
}

/// A bundle (or backup) of a store sealed with one key restores into a store
/// sealed with another when the first key is given too: each confidential
/// record is checked against its history under the origin key, sealed again
/// with the new one, and that is recorded.
async fn bundles_move_between_stores_with_different_keys(t: &TestStore) {
    filled(&t.store).await;
    let mut out = Vec::new();
    bundle::export(&t.store, &Actor::cli(), &mut out)
        .await
        .unwrap();
    let header = String::from_utf8_lossy(&out[..200]).into_owned();
    assert!(
        header.contains(&format!("\"sealed_with\":\"{}\"", test_key().id())),
        "{header}"
    );

    let (other, _) = Keyring::generate();
    let dest = t.another(KeySource::Key(other.clone())).await;
    // Without the origin key the confidential records cannot be checked: refused whole.
    let err = bundle::import(&dest.store, &Actor::cli(), Cursor::new(&out))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("give the key that sealed it"), "{err}");
    assert!(dest.store.is_empty().await.unwrap());
    // With a key that is not the origin's: refused.
    let (wrong, _) = Keyring::generate();
    let err = bundle::import_from(&dest.store, &Actor::cli(), Cursor::new(&out), Some(&wrong))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("sealed with key"), "{err}");
    assert!(dest.store.is_empty().await.unwrap());

    bundle::import_from(
        &dest.store,
        &Actor::cli(),
        Cursor::new(&out),
        Some(&test_key()),
    )
    .await
    .unwrap();
    assert_eq!(data_lines(&dest.store).await, data_lines(&t.store).await);
    assert!(audit::verify(&dest.store).await.unwrap().is_intact());
    let resealed = audit::recent(&dest.store, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "reseal")
        .count();
    // The demo's confidential source and the canary person.
    assert_eq!(resealed, 2);
    dest.cleanup().await;
}

on_both_engines!(
    a_backup_restores_only_for_its_recipients,
    bundles_move_between_stores_with_different_keys,
);

/// SQLite → PostgreSQL → SQLite through encrypted backups gives the same data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_restore_across_engines() {
    let Some(pg) = TestStore::postgres().await else {
        return;
    };
    let a = TestStore::sqlite().await;
    filled(&a.store).await;
    let (ids, r) = identity();
    let from_sqlite = make_backup(&a.store, std::slice::from_ref(&r)).await;
    backup::restore(
        &pg.store,
        &Actor::cli(),
        &ids,
        Cursor::new(&from_sqlite),
        None,
    )
    .await
    .unwrap();
    assert_eq!(data_lines(&pg.store).await, data_lines(&a.store).await);
    let from_pg = make_backup(&pg.store, &[r]).await;
    let b = TestStore::sqlite().await;
    backup::restore(&b.store, &Actor::cli(), &ids, Cursor::new(&from_pg), None)
        .await
        .unwrap();
    assert_eq!(data_lines(&b.store).await, data_lines(&a.store).await);
    assert!(audit::verify(&b.store).await.unwrap().is_intact());
    for t in [a, b, pg] {
        t.cleanup().await;
    }
}
