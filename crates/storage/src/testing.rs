//! A fresh store for each test, on SQLite (a temporary folder) or on
//! PostgreSQL (a database of its own, created for the test and dropped after).
//!
//! PostgreSQL is found at `VIGIL_TEST_PG` (default
//! `postgres://postgres@127.0.0.1:5432/test`). When it cannot be reached the
//! PostgreSQL half of a test is skipped with a message, unless `CI` is set:
//! then it fails.

use sqlx::{AnyConnection, Connection, Executor};

use crate::{KeySource, Keyring, Store, Target};

/// The key every test store is sealed with (one key, so a bundle moves
/// between test stores as between two servers of one organisation).
pub fn test_key() -> Keyring {
    Keyring::from_master(&[0x5e; 32])
}

pub struct TestStore {
    pub store: Store,
    pub target: Target,
    _dir: Option<tempfile::TempDir>,
    pg_database: Option<String>,
}

pub fn pg_admin_url() -> String {
    std::env::var("VIGIL_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn with_database(admin: &str, db: &str) -> String {
    match admin.rfind('/') {
        Some(i) if i > "postgres://".len() => format!("{}/{db}", &admin[..i]),
        _ => format!("{admin}/{db}"),
    }
}

impl TestStore {
    pub async fn sqlite() -> TestStore {
        Self::sqlite_with(KeySource::Key(test_key())).await
    }

    /// A new SQLite store opened with `key`.
    pub async fn sqlite_with(key: KeySource) -> TestStore {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = Target::Folder(dir.path().join("data"));
        let store = Store::open_with(&target, key)
            .await
            .expect("open sqlite store");
        TestStore {
            store,
            target,
            _dir: Some(dir),
            pg_database: None,
        }
    }

    /// A new, empty PostgreSQL database; `None` (skip) when the server is not
    /// reachable outside CI.
    pub async fn postgres() -> Option<TestStore> {
        Self::postgres_with(KeySource::Key(test_key())).await
    }

    /// A new PostgreSQL store opened with `key`.
    pub async fn postgres_with(key: KeySource) -> Option<TestStore> {
        let target = Self::new_pg_database().await?;
        let store = Store::open_with(&target, key)
            .await
            .expect("open postgres store");
        let Target::Postgres(url) = &target else {
            unreachable!()
        };
        let name = url.rsplit('/').next().map(str::to_owned);
        Some(TestStore {
            store,
            target,
            _dir: None,
            pg_database: name,
        })
    }

    /// Create an empty database and return its target, without opening it.
    pub async fn new_pg_database() -> Option<Target> {
        sqlx::any::install_default_drivers();
        let admin = pg_admin_url();
        let mut conn = match AnyConnection::connect(&admin).await {
            Ok(c) => c,
            Err(e) => {
                if std::env::var_os("CI").is_some() {
                    panic!("CI is set and PostgreSQL at {admin} is not reachable: {e}");
                }
                eprintln!(
                    "skipped: PostgreSQL at {admin} is not reachable ({e}); set CI=1 to make this a failure"
                );
                return None;
            }
        };
        let name = format!("vigil_t_{}", uuid::Uuid::now_v7().simple());
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .expect("create test database");
        conn.close().await.ok();
        Some(Target::Postgres(with_database(&admin, &name)))
    }

    /// A new empty store on the same engine as this one, opened with `key`.
    pub async fn another(&self, key: KeySource) -> TestStore {
        match self.store.engine() {
            crate::Engine::Sqlite => Self::sqlite_with(key).await,
            crate::Engine::Postgres => Self::postgres_with(key)
                .await
                .expect("PostgreSQL was reachable for this test's own store"),
        }
    }

    /// Everything the engine keeps for this store, as bytes a thief would
    /// have: the SQLite files, or a `pg_dump` of the database.
    pub async fn raw_copy(&self) -> Vec<u8> {
        match &self.target {
            Target::Folder(dir) => {
                let mut all = Vec::new();
                for entry in std::fs::read_dir(dir).expect("the store's folder") {
                    let path = entry.expect("a folder entry").path();
                    all.extend(std::fs::read(path).expect("a store file"));
                }
                all
            }
            Target::Postgres(url) => {
                let out = std::process::Command::new("pg_dump")
                    .arg("--dbname")
                    .arg(url)
                    .output()
                    .expect("pg_dump is installed with the PostgreSQL client");
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                out.stdout
            }
        }
    }

    pub fn engine_name(&self) -> &'static str {
        self.store.engine().name()
    }

    /// Drop the test's PostgreSQL database (SQLite's folder goes with the TempDir).
    pub async fn cleanup(self) {
        self.store.close().await;
        if let Some(db) = self.pg_database {
            drop_pg_database(&db).await;
        }
    }
}

pub async fn drop_pg_database(db: &str) {
    if let Ok(mut conn) = AnyConnection::connect(&pg_admin_url()).await {
        let _ = conn
            .execute(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {db} WITH (FORCE)"
            )))
            .await;
        conn.close().await.ok();
    }
}

/// Run the named async test functions (each `async fn(&TestStore)`) once on
/// SQLite and once on PostgreSQL, as `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let t = $crate::testing::TestStore::sqlite().await;
                super::$name(&t).await;
                t.cleanup().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(t) = $crate::testing::TestStore::postgres().await {
                    super::$name(&t).await;
                    t.cleanup().await;
                }
            }
        }
    )*};
}
