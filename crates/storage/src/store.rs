//! Opening a store on either engine, and reading from it.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Connection, Executor, Row};
use vigil_domain::{AnyId, Record, RecordKind, Visibility};

use std::sync::Arc;

use crate::error::{Result, StorageError};
use crate::seal::Keyring;
use crate::tx::Tx;

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Embedded SQLite in a data folder (the file `vigil.db` inside it).
    Folder(PathBuf),
    /// A PostgreSQL database, `postgres://…`.
    Postgres(String),
}

impl Target {
    /// A database address wins over a data folder; with neither, `./vigil-data`.
    pub fn choose(data: Option<&Path>, database: Option<&str>) -> Result<Target> {
        match database {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(Target::Postgres(url.to_owned()))
            }
            Some(url) if url.starts_with("sqlite:") => Ok(Target::Folder(PathBuf::from(
                url.trim_start_matches("sqlite:"),
            ))),
            Some(_) => Err(StorageError::Config(
                "a database address starts with postgres:// (or sqlite: and a folder)".into(),
            )),
            None => Ok(Target::Folder(
                data.map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from("vigil-data")),
            )),
        }
    }

    /// A description safe to print: no password.
    pub fn describe(&self) -> String {
        match self {
            Target::Folder(p) => format!("SQLite in {}", p.display()),
            Target::Postgres(url) => match url.split_once('@') {
                Some((_, host)) => format!("PostgreSQL at {host}"),
                None => format!(
                    "PostgreSQL at {}",
                    url.trim_start_matches("postgres://")
                        .trim_start_matches("postgresql://")
                ),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// A handle on the store. Cheap to clone; holds nothing a second process
/// on the same database would need.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    keyring: Option<Arc<Keyring>>,
    /// Transactions committed through this handle and its clones (`Store::commits`).
    commits: Arc<std::sync::atomic::AtomicU64>,
}

/// Where the key that seals confidential data comes from.
#[derive(Clone, Default)]
pub enum KeySource {
    /// No key: a store that holds sealed data does not open, and confidential
    /// data cannot be written.
    #[default]
    None,
    Key(Keyring),
    /// Stretched with Argon2id and the store's salt.
    Passphrase(String),
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::None => f.write_str("no key"),
            KeySource::Key(k) => write!(f, "{k:?}"),
            KeySource::Passphrase(_) => f.write_str("a passphrase"),
        }
    }
}

fn migrations(engine: Engine) -> Migrator {
    let sql: &[(i64, &str, &str)] = match engine {
        Engine::Sqlite => &[
            (
                1,
                "init",
                include_str!("../migrations/sqlite/0001_init.sql"),
            ),
            (
                2,
                "accounts",
                include_str!("../migrations/sqlite/0002_accounts.sql"),
            ),
            (
                3,
                "search",
                include_str!("../migrations/sqlite/0003_search.sql"),
            ),
            (
                4,
                "merges",
                include_str!("../migrations/sqlite/0004_merges.sql"),
            ),
            (
                5,
                "review queue",
                include_str!("../migrations/sqlite/0005_review_queue.sql"),
            ),
            (
                6,
                "search keys",
                include_str!("../migrations/sqlite/0006_search_keys.sql"),
            ),
            (
                7,
                "sealing",
                include_str!("../migrations/sqlite/0007_sealing.sql"),
            ),
            (
                8,
                "review candidates",
                include_str!("../migrations/sqlite/0008_review_candidates.sql"),
            ),
            (
                9,
                "site texts",
                include_str!("../migrations/sqlite/0009_site_texts.sql"),
            ),
            (
                10,
                "search documents",
                include_str!("../migrations/sqlite/0010_search_docs.sql"),
            ),
            (
                11,
                "public changes",
                include_str!("../migrations/sqlite/0011_public_changes.sql"),
            ),
        ],
        Engine::Postgres => &[
            (
                1,
                "init",
                include_str!("../migrations/postgres/0001_init.sql"),
            ),
            (
                2,
                "accounts",
                include_str!("../migrations/postgres/0002_accounts.sql"),
            ),
            (
                3,
                "search",
                include_str!("../migrations/postgres/0003_search.sql"),
            ),
            (
                4,
                "merges",
                include_str!("../migrations/postgres/0004_merges.sql"),
            ),
            (
                5,
                "review queue",
                include_str!("../migrations/postgres/0005_review_queue.sql"),
            ),
            (
                6,
                "search keys",
                include_str!("../migrations/postgres/0006_search_keys.sql"),
            ),
            (
                7,
                "sealing",
                include_str!("../migrations/postgres/0007_sealing.sql"),
            ),
            (
                8,
                "review candidates",
                include_str!("../migrations/postgres/0008_review_candidates.sql"),
            ),
            (
                9,
                "site texts",
                include_str!("../migrations/postgres/0009_site_texts.sql"),
            ),
            (
                10,
                "search documents",
                include_str!("../migrations/postgres/0010_search_docs.sql"),
            ),
            (
                11,
                "public changes",
                include_str!("../migrations/postgres/0011_public_changes.sql"),
            ),
        ],
    };
    Migrator::with_migrations(
        sql.iter()
            .map(|(v, d, s)| {
                Migration::new(
                    *v,
                    (*d).into(),
                    MigrationType::Simple,
                    sqlx::SqlSafeStr::into_sql_str(*s),
                    false,
                )
            })
            .collect(),
    )
}

impl Store {
    /// Open (creating and migrating as needed) the store at `target`, without a key.
    pub async fn open(target: &Target) -> Result<Store> {
        Store::open_with(target, KeySource::None).await
    }

    /// Open the store at `target` with the key that seals its confidential
    /// data. The first key given to a store becomes its key: what it holds
    /// in clear that is confidential is sealed then.
    pub async fn open_with(target: &Target, key: KeySource) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (url, engine) = match target {
            Target::Folder(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StorageError::Config(format!(
                        "cannot create the data folder {}: {e}",
                        dir.display()
                    ))
                })?;
                restrict_permissions(dir);
                let file = dir.join("vigil.db");
                (
                    format!("sqlite://{}?mode=rwc", file.display()),
                    Engine::Sqlite,
                )
            }
            Target::Postgres(url) => (url.clone(), Engine::Postgres),
        };
        // One direct attempt first: an unreachable server is reported at once, not after the
        // pool's retries.
        if engine == Engine::Postgres {
            let conn = sqlx::AnyConnection::connect(&url).await.map_err(|e| {
                StorageError::Config(format!(
                    "cannot open {}: {}",
                    target.describe(),
                    connect_reason(&e)
                ))
            })?;
            conn.close().await.ok();
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if engine == Engine::Sqlite { 4 } else { 8 })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    // secure_delete: what is deleted or replaced (a file
                    // sealed when it became confidential) is overwritten,
                    // not left in the file's free pages. synchronous =
                    // FULL: a commit is on disk before it is acknowledged
                    // (NORMAL, in WAL mode, can lose the last commits to a
                    // power cut).
                    if engine == Engine::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                             PRAGMA journal_size_limit = 67108864; \
                             PRAGMA secure_delete = ON;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|e| {
                StorageError::Config(format!(
                    "cannot open {}: {}",
                    target.describe(),
                    connect_reason(&e)
                ))
            })?;
        migrations(engine)
            .run(&pool)
            .await
            .map_err(StorageError::Migrate)?;
        let mut store = Store {
            pool,
            engine,
            keyring: None,
            commits: Arc::default(),
        };
        store.unlock(key).await?;
        // A store made before the search index existed gets one now.
        if !store.has_rows("search_terms").await? && store.has_rows("records").await? {
            let rows = store.reindex().await?;
            tracing::info!("search index built: {rows} terms");
        }
        Ok(store)
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The id of the key this store is sealed with, if it has one.
    pub fn key_id(&self) -> Option<&str> {
        self.keyring.as_deref().map(Keyring::id)
    }

    pub(crate) fn keyring(&self) -> Option<&Keyring> {
        self.keyring.as_deref()
    }

    /// Use `ring` from now on (after a key rotation has committed).
    pub(crate) fn set_keyring(&mut self, ring: Arc<Keyring>) {
        self.keyring = Some(ring);
    }

    async fn unlock(&mut self, key: KeySource) -> Result<()> {
        let row = sqlx::query("SELECT key_id, check_value, salt FROM sealing")
            .fetch_optional(&self.pool)
            .await?;
        let known: Option<(String, String, String)> = match row {
            Some(r) => Some((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)),
            None => None,
        };
        // The store's salt, or a new one for a store not sealed yet.
        let salt = match &known {
            Some((_, _, salt)) => hex::decode(salt)
                .map_err(|_| StorageError::Corrupt("the sealing salt is not hexadecimal".into()))?,
            None => {
                let mut salt = vec![0u8; 16];
                rand::RngCore::fill_bytes(&mut rand::rng(), &mut salt);
                salt
            }
        };
        let ring = match key {
            KeySource::None => {
                return match known {
                    None => Ok(()),
                    Some((id, _, _)) => Err(StorageError::Locked(format!(
                        "this store's confidential data is sealed with key {id}"
                    ))),
                };
            }
            KeySource::Key(k) => k,
            KeySource::Passphrase(p) => Keyring::from_passphrase(&p, &salt)?,
        };
        if let Some((id, check, _)) = &known {
            if !ring.opens(check) {
                return Err(StorageError::Locked(format!(
                    "the key given ({}) does not open this store, sealed with key {id}",
                    ring.id()
                )));
            }
            self.keyring = Some(Arc::new(ring));
            return Ok(());
        }
        self.keyring = Some(Arc::new(ring.clone()));
        let mut tx = self.begin().await?;
        tx.bind_key(&ring, &hex::encode(&salt)).await?;
        tx.commit().await
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Start a write. Every change in it, and its audit entries, commit or roll back together.
    pub async fn begin(&self) -> Result<Tx> {
        let tx = match self.engine {
            // Take the write lock up front, so the audit chain's tail cannot move under us.
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Engine::Postgres => self.pool.begin().await?,
        };
        Tx::new(tx, self.engine, self.keyring.clone(), self.commits.clone()).await
    }

    /// How many transactions this process committed through this store (any clone of
    /// it). A server that keeps something derived from the store reads the database
    /// again when this moves, so its own writes show at once; another process's writes
    /// it learns from the audit log's sequence number.
    pub fn commits(&self) -> u64 {
        self.commits.load(std::sync::atomic::Ordering::Acquire)
    }

    pub async fn get(&self, id: AnyId) -> Result<Option<Record>> {
        let row = sqlx::query("SELECT body, id FROM records WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| decode_body(&r, self.keyring())).transpose()
    }

    /// Every record of `kind`, in id (creation) order.
    pub async fn list(&self, kind: RecordKind) -> Result<Vec<Record>> {
        let rows = sqlx::query("SELECT body, id FROM records WHERE kind = $1 ORDER BY id")
            .bind(kind.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| decode_body(r, self.keyring()))
            .collect()
    }

    /// Records of `kind` at one of `visibilities`, newest or oldest first,
    /// `limit` of them after skipping `offset`, and how many there are in all.
    pub async fn page_of_kind(
        &self,
        kind: RecordKind,
        visibilities: &[Visibility],
        newest_first: bool,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Record>, u64)> {
        if visibilities.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let within = format!(
            "FROM records WHERE kind = $1 AND visibility IN ({})",
            crate::sql::placeholders(2, visibilities.len())
        );
        let order = if newest_first { "DESC" } else { "ASC" };
        let rows_sql =
            format!("SELECT body, id {within} ORDER BY id {order} LIMIT {limit} OFFSET {offset}");
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(rows_sql)).bind(kind.as_str());
        let count_sql = format!("SELECT COUNT(*) {within}");
        let mut count = sqlx::query(sqlx::AssertSqlSafe(count_sql)).bind(kind.as_str());
        for v in visibilities {
            rows = rows.bind(v.as_str());
            count = count.bind(v.as_str());
        }
        let total: i64 = count.fetch_one(&self.pool).await?.try_get(0)?;
        let records = rows
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| decode_body(r, self.keyring()))
            .collect::<Result<Vec<_>>>()?;
        Ok((records, total.max(0) as u64))
    }

    /// A page of records of `kind` after `after` (keyset pagination), for exports that must not hold everything.
    pub async fn list_page(
        &self,
        kind: RecordKind,
        after: Option<AnyId>,
        limit: i64,
    ) -> Result<Vec<Record>> {
        let after = after.map(|a| a.to_string()).unwrap_or_default();
        let rows = sqlx::query(
            "SELECT body, id FROM records WHERE kind = $1 AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(kind.as_str())
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| decode_body(r, self.keyring()))
            .collect()
    }

    /// Records that point at `id`, with the field that does.
    pub async fn referrers(&self, id: AnyId) -> Result<Vec<(AnyId, String)>> {
        let rows =
            sqlx::query("SELECT from_id, field FROM record_refs WHERE to_id = $1 ORDER BY from_id")
                .bind(id.to_string())
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    parse_id(&r.try_get::<String, _>(0)?)?,
                    r.try_get::<String, _>(1)?,
                ))
            })
            .collect()
    }

    /// True when the store holds no record, no file and no audit entry.
    /// Whether a table has any row (without counting them: this runs on every open).
    async fn has_rows(&self, table: &'static str) -> Result<bool> {
        Ok(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT 1 FROM {table} LIMIT 1"
        )))
        .fetch_optional(&self.pool)
        .await?
        .is_some())
    }

    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM records) + (SELECT COUNT(*) FROM blobs) + (SELECT COUNT(*) FROM audit_log)",
        )
        .fetch_one(&self.pool)
        .await?
        .try_get(0)?;
        Ok(n == 0)
    }

    /// How many records of each kind have exactly this visibility.
    pub async fn counts_with_visibility(
        &self,
        visibility: vigil_domain::Visibility,
    ) -> Result<Vec<(RecordKind, i64)>> {
        let rows =
            sqlx::query("SELECT kind, COUNT(*) FROM records WHERE visibility = $1 GROUP BY kind")
                .bind(visibility.as_str())
                .fetch_all(&self.pool)
                .await?;
        let mut out: Vec<(RecordKind, i64)> = RecordKind::ALL.iter().map(|k| (*k, 0)).collect();
        for r in rows {
            let kind: String = r.try_get(0)?;
            if let Some(slot) = out.iter_mut().find(|(k, _)| k.as_str() == kind) {
                slot.1 = r.try_get(1)?;
            }
        }
        Ok(out)
    }

    /// Every record of `kind` with exactly this visibility, in id order.
    pub async fn list_with_visibility(
        &self,
        kind: RecordKind,
        visibility: vigil_domain::Visibility,
    ) -> Result<Vec<Record>> {
        let rows = sqlx::query(
            "SELECT body, id FROM records WHERE kind = $1 AND visibility = $2 ORDER BY id",
        )
        .bind(kind.as_str())
        .bind(visibility.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| decode_body(r, self.keyring()))
            .collect()
    }

    /// Is the database answering?
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await?;
        Ok(())
    }

    /// How many records of each kind there are.
    pub async fn counts(&self) -> Result<Vec<(RecordKind, i64)>> {
        let rows = sqlx::query("SELECT kind, COUNT(*) FROM records GROUP BY kind")
            .fetch_all(&self.pool)
            .await?;
        let mut out: Vec<(RecordKind, i64)> = RecordKind::ALL.iter().map(|k| (*k, 0)).collect();
        for r in rows {
            let kind: String = r.try_get(0)?;
            let n: i64 = r.try_get(1)?;
            if let Some(slot) = out.iter_mut().find(|(k, _)| k.as_str() == kind) {
                slot.1 = n;
            }
        }
        Ok(out)
    }

    /// Size on disk of the store's data, where the engine can tell.
    pub async fn size_bytes(&self) -> Result<i64> {
        let sql = match self.engine {
            Engine::Sqlite => {
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
            }
            Engine::Postgres => "SELECT pg_database_size(current_database())",
        };
        Ok(sqlx::query(sql).fetch_one(&self.pool).await?.try_get(0)?)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A record from a row whose first column is its stored body and second its id.
pub(crate) fn decode_body(row: &AnyRow, keyring: Option<&Keyring>) -> Result<Record> {
    let body: String = row.try_get(0)?;
    let id: String = row.try_get(1)?;
    open_stored(&body, &id, keyring)
}

/// A record from its stored body (sealed parts opened with the key).
pub(crate) fn open_stored(body: &str, id: &str, keyring: Option<&Keyring>) -> Result<Record> {
    let corrupt = |e: serde_json::Error| {
        StorageError::Corrupt(format!("a stored record cannot be read: {e}"))
    };
    if !body.contains("\"sealed\"") {
        return serde_json::from_str(body).map_err(corrupt);
    }
    let mut value: serde_json::Value = serde_json::from_str(body).map_err(corrupt)?;
    if !crate::seal::holds_sealed(&value) {
        // Only a text that says "sealed".
        return serde_json::from_value(value).map_err(corrupt);
    }
    let ring = keyring.ok_or_else(|| {
        StorageError::Locked(format!("record {id} holds sealed confidential data"))
    })?;
    ring.open_json(&mut value, id)?;
    // The error names the record only: serde's message may quote the opened value.
    serde_json::from_value(value).map_err(|_| {
        StorageError::Corrupt(format!(
            "record {id} cannot be read once its sealed parts are opened"
        ))
    })
}

pub(crate) fn parse_id(s: &str) -> Result<AnyId> {
    AnyId::from_str(s).map_err(|_| StorageError::Corrupt(format!("bad id in store: {s:?}")))
}

fn connect_reason(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::Database(db) => db.message().to_owned(),
        sqlx::Error::Configuration(c) => c.to_string(),
        sqlx::Error::PoolTimedOut => "timed out".into(),
        other => other.to_string(),
    }
}

#[cfg(unix)]
fn restrict_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // The data folder holds people's records: readable by its owner only.
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
}
#[cfg(not(unix))]
fn restrict_permissions(_: &Path) {}
