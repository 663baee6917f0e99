//! Bundles: round trips on each engine and across them, and bad input.

use std::io::Cursor;

use sha2::{Digest, Sha256};
use vigil_app::{bundle, demo, generate};
use vigil_domain::RecordKind;
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, Store, audit, on_both_engines};

async fn export_string(store: &Store) -> String {
    let mut out = Vec::new();
    bundle::export(store, &Actor::cli(), &mut out)
        .await
        .unwrap();
    String::from_utf8(out).unwrap()
}

/// The data lines of a bundle: files and records (the audit log grows with each export and import).
fn data_lines(b: &str) -> Vec<&str> {
    b.lines()
        .filter(|l| l.starts_with("{\"file\"") || l.starts_with("{\"record\""))
        .collect()
}

fn audit_lines(b: &str) -> Vec<&str> {
    b.lines().filter(|l| l.starts_with("{\"audit\"")).collect()
}

async fn filled(t: &TestStore) {
    demo::load(&t.store).await.unwrap();
    generate::generate(&t.store, 300, 7, |_| {}).await.unwrap();
}

async fn roundtrip_same_engine(t: &TestStore) {
    filled(t).await;
    let first = export_string(&t.store).await;
    let other = match t.store.engine() {
        vigil_storage::Engine::Sqlite => TestStore::sqlite().await,
        vigil_storage::Engine::Postgres => TestStore::postgres().await.unwrap(),
    };
    let counts = bundle::import(&other.store, &Actor::cli(), Cursor::new(first.as_bytes()))
        .await
        .unwrap();
    assert_eq!(
        counts.records as usize,
        data_lines(&first).len() - counts.files as usize
    );
    let second = export_string(&other.store).await;
    assert_eq!(data_lines(&first), data_lines(&second));
    // The history came across unchanged; the import and the second export follow it.
    let (a, b) = (audit_lines(&first), audit_lines(&second));
    assert_eq!(&b[..a.len()], &a[..]);
    assert!(audit::verify(&other.store).await.unwrap().is_intact());
    other.cleanup().await;
}

async fn generator_is_deterministic_and_covers_every_kind(t: &TestStore) {
    generate::generate(&t.store, 300, 42, |_| {}).await.unwrap();
    for (kind, n) in t.store.counts().await.unwrap() {
        assert!(n > 0, "no {kind} generated");
    }
    let again = TestStore::sqlite().await;
    generate::generate(&again.store, 300, 42, |_| {})
        .await
        .unwrap();
    assert_eq!(
        data_lines(&export_string(&t.store).await),
        data_lines(&export_string(&again.store).await)
    );
    again.cleanup().await;
}

fn with_trailer(lines: &[String]) -> String {
    let mut body = String::new();
    for l in lines {
        body.push_str(l);
        body.push('\n');
    }
    let count = |p: &str| lines.iter().filter(|l| l.starts_with(p)).count();
    let sha = hex::encode(Sha256::digest(body.as_bytes()));
    body.push_str(&format!(
        "{{\"end\":{{\"audit\":{},\"files\":{},\"records\":{},\"sha256\":\"{sha}\"}}}}\n",
        count("{\"audit\""),
        count("{\"file\""),
        count("{\"record\"")
    ));
    body
}

async fn assert_refused(store: &Store, bundle: &str, expect: &str) {
    let err = bundle::import(store, &Actor::cli(), Cursor::new(bundle.as_bytes()))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains(expect), "expected {expect:?} in: {err}");
    assert!(
        store.is_empty().await.unwrap(),
        "a refused import must write nothing ({expect})"
    );
}

async fn bad_bundles_are_refused_and_write_nothing(t: &TestStore) {
    let source = TestStore::sqlite().await;
    demo::load(&source.store).await.unwrap();
    let good = export_string(&source.store).await;
    source.cleanup().await;
    let store = &t.store;
    let lines: Vec<&str> = good.lines().collect();

    let truncated: String = lines[..lines.len() - 1]
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    assert_refused(store, &truncated, "truncated").await;
    let cut: String = good[..good.len() / 2].to_owned();
    assert_refused(store, &cut, "cut off").await;
    assert_refused(
        store,
        &good.replacen("Leyla Yunus", "Leyla Yunuz", 1),
        "differs from its last audited version",
    )
    .await;
    assert_refused(
        store,
        &good.replacen("\"generator\":\"vigil", "\"generator\":\"vigiL", 1),
        "checksum",
    )
    .await;
    assert_refused(store, "", "empty").await;
    assert_refused(store, "not json\n", "bundle line 1").await;
    assert_refused(
        store,
        &good.replacen("\"vigil_bundle\":1", "\"vigil_bundle\":99", 1),
        "format 99",
    )
    .await;
    let mut garbage = lines.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    garbage.insert(3, "{\"record\": {\"type\": \"spaceship\"}}".into());
    assert_refused(store, &garbage.join("\n"), "bundle line 4").await;

    // A record changed together with a recomputed checksum: its history no longer matches it.
    let body: Vec<String> = lines[1..lines.len() - 1]
        .iter()
        .map(|l| l.replacen("Leyla Yunus", "Leyla Yunuz", 1))
        .collect();
    let mut all = vec![lines[0].to_string()];
    all.extend(body);
    assert_refused(
        store,
        &with_trailer(&all),
        "differs from its last audited version",
    )
    .await;

    // A hand-made bundle without history: domain rules still hold.
    let header = lines[0].to_string();
    let wrong_date = "{\"record\":{\"type\":\"person\",\"id\":\"0190a000-0000-7000-8000-000000000001\",\"visibility\":\"public\",\
         \"names\":[{\"name\":\"X\",\"script\":\"latin\",\"kind\":\"primary\"}],\"birth_date\":{\"value\":\"2014-13-01\"}}}".to_string();
    assert_refused(
        store,
        &with_trailer(&[header.clone(), wrong_date]),
        "month 13",
    )
    .await;
    let negative = "{\"record\":{\"type\":\"person\",\"id\":\"0190a000-0000-7000-8000-000000000002\",\"visibility\":\"public\",\"names\":[]}}";
    assert_refused(
        store,
        &with_trailer(&[header.clone(), negative.into()]),
        "at least one name",
    )
    .await;
    let dangling = "{\"record\":{\"type\":\"hearing\",\"id\":\"0190a000-0000-7000-8000-000000000003\",\"visibility\":\"public\",\
        \"case\":\"0190a000-0000-7000-8000-0000000000ff\",\"date\":\"2024-11-06\",\"time_zone\":\"Asia/Baku\",\"kind\":\"trial\",\"status\":\"scheduled\"}}";
    assert_refused(
        store,
        &with_trailer(&[header.clone(), dangling.into()]),
        "does not exist",
    )
    .await;

    // A hand-made bundle that is right is accepted, each record entered as a creation.
    let ok = "{\"record\":{\"type\":\"person\",\"id\":\"0190a000-0000-7000-8000-000000000004\",\"visibility\":\"public\",\
        \"names\":[{\"name\":\"Mehman Hüseynov\",\"script\":\"latin\",\"kind\":\"primary\"}]}}";
    bundle::import(
        store,
        &Actor::cli(),
        Cursor::new(with_trailer(&[header, ok.into()]).as_bytes()),
    )
    .await
    .unwrap();
    assert_eq!(store.list(RecordKind::Person).await.unwrap().len(), 1);
    assert!(audit::verify(store).await.unwrap().is_intact());

    // And only into an empty store.
    let err = bundle::import(store, &Actor::cli(), Cursor::new(good.as_bytes()))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("empty store"), "{err}");
}

on_both_engines!(
    roundtrip_same_engine,
    generator_is_deterministic_and_covers_every_kind,
    bad_bundles_are_refused_and_write_nothing
);

/// SQLite → PostgreSQL → SQLite gives the same data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roundtrip_across_engines() {
    let Some(pg) = TestStore::postgres().await else {
        return;
    };
    let a = TestStore::sqlite().await;
    filled(&a).await;
    let from_sqlite = export_string(&a.store).await;
    bundle::import(
        &pg.store,
        &Actor::cli(),
        Cursor::new(from_sqlite.as_bytes()),
    )
    .await
    .unwrap();
    let from_pg = export_string(&pg.store).await;
    let b = TestStore::sqlite().await;
    bundle::import(&b.store, &Actor::cli(), Cursor::new(from_pg.as_bytes()))
        .await
        .unwrap();
    let back = export_string(&b.store).await;
    assert_eq!(data_lines(&from_sqlite), data_lines(&from_pg));
    assert_eq!(data_lines(&from_sqlite), data_lines(&back));
    assert!(audit::verify(&b.store).await.unwrap().is_intact());
    for t in [a, b, pg] {
        t.cleanup().await;
    }
}

async fn every_record_type_stored_and_read_back(t: &TestStore) {
    generate::generate(&t.store, 200, 11, |_| {}).await.unwrap();
    demo::load(&t.store).await.unwrap();
    let expected: Vec<vigil_domain::Record> = demo::records();
    for r in &expected {
        assert_eq!(
            t.store.get(r.id()).await.unwrap().as_ref(),
            Some(r),
            "{} {}",
            r.kind(),
            r.id()
        );
    }
    for kind in RecordKind::ALL {
        let records = t.store.list(*kind).await.unwrap();
        assert!(!records.is_empty(), "no {kind} stored");
        for r in records {
            assert_eq!(r.kind(), *kind);
            assert_eq!(t.store.get(r.id()).await.unwrap(), Some(r));
        }
    }
}

on_both_engines!(every_record_type_stored_and_read_back);
