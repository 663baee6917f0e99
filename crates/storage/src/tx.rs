//! Writes. Every change goes through a [`Tx`], which validates the record,
//! keeps the reference table in step, appends to the audit chain, and checks
//! before commit that every reference written points at a record that exists.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use sqlx::{Any, Row, Transaction};
use vigil_domain::record::Reference;
use vigil_domain::{AnyId, Record, RecordKind, Visibility};

use crate::audit::{self, Actor, ChainTail};
use crate::error::{Result, StorageError};
use crate::prepared::{Prepared, Preparer};
use crate::public_changes::Touched;
use crate::seal::{Keyring, holds_confidential};
use crate::search::IndexForm;
use crate::store::{Engine, decode_body, parse_id};

/// Largest JSON body one record may have.
pub const MAX_RECORD_BYTES: usize = 4 * 1024 * 1024;
/// References written per statement.
const REFS_PER_STATEMENT: usize = 50;
/// Audit entries written per statement.
const ENTRIES_PER_STATEMENT: usize = 25;
/// New records written per statement ([`Tx::insert_many`]), at most…
const RECORDS_PER_STATEMENT: usize = 32;
/// …and, once their bodies reach this many bytes, no more.
const BYTES_PER_STATEMENT: usize = 8 * 1024 * 1024;

/// Largest file content kept in the store.
pub const MAX_BLOB_BYTES: usize = 64 * 1024 * 1024;

pub struct Tx {
    tx: Transaction<'static, Any>,
    engine: Engine,
    keyring: Option<Arc<Keyring>>,
    tail: Option<ChainTail>,
    /// References written in this transaction, checked at commit.
    pending: HashMap<(AnyId, RecordKind), (AnyId, &'static str)>,
    /// The store's count of commits, moved by this one's.
    commits: Arc<std::sync::atomic::AtomicU64>,
    /// Whether [`Tx::set_page_cache_mb`] enlarged SQLite's page cache.
    bulk_cache: bool,
    /// What readers see that this transaction changed, written at commit.
    public: Touched,
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Created,
    Updated,
    Unchanged,
}

/// The JSON of a record's content.
pub(crate) fn body_of(record: &Record) -> Result<String> {
    serde_json::to_string(record).map_err(|e| StorageError::Corrupt(e.to_string()))
}

/// The JSON a record is stored as: its content with every confidential part
/// sealed (`seal`). Its SHA-256 is the record's digest, so a digest never
/// lets anyone test guesses of a confidential value.
pub(crate) fn stored_body_of(record: &Record, keyring: Option<&Keyring>) -> Result<String> {
    let body = body_of(record)?;
    if !body.contains("\"confidential\"") {
        return Ok(body);
    }
    let mut value =
        serde_json::to_value(record).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    if !holds_confidential(&value) {
        return Ok(body);
    }
    let ring = keyring.ok_or_else(|| {
        StorageError::Locked(format!(
            "{} {} holds confidential data, which is stored only sealed",
            record.kind(),
            record.id()
        ))
    })?;
    ring.seal_json(&mut value, &record.id().to_string())?;
    Ok(value.to_string())
}

pub(crate) fn now_text() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

impl Tx {
    pub(crate) async fn new(
        tx: Transaction<'static, Any>,
        engine: Engine,
        keyring: Option<Arc<Keyring>>,
        commits: Arc<std::sync::atomic::AtomicU64>,
    ) -> Result<Tx> {
        Ok(Tx {
            tx,
            engine,
            keyring,
            tail: None,
            pending: HashMap::new(),
            commits,
            bulk_cache: false,
            public: Touched::default(),
        })
    }

    /// On SQLite, let this transaction's connection keep `mb` MB of pages
    /// (a bulk load: each commit then writes a page once, not each time
    /// the cache spills). [`Tx::commit`] gives the connection SQLite's
    /// default 2 MB again once the references are checked: a cache made
    /// small under many dirty pages spills one at a time on every read.
    /// PostgreSQL's cache is the server's: nothing changes there.
    pub async fn set_page_cache_mb(&mut self, mb: u32) -> Result<()> {
        if self.engine != Engine::Sqlite {
            return Ok(());
        }
        self.cache_size_kib(i64::from(mb) * 1024).await?;
        self.bulk_cache = true;
        Ok(())
    }

    async fn cache_size_kib(&mut self, kib: i64) -> Result<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA cache_size = -{kib}")))
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub(crate) fn conn(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }

    pub(crate) fn sealing_key(&self) -> Option<&Keyring> {
        self.keyring.as_deref()
    }

    /// Seal what this transaction writes from now on with `keyring` (a key rotation).
    pub(crate) fn set_keyring(&mut self, keyring: Option<Arc<Keyring>>) {
        self.keyring = keyring;
    }

    /// The body `record` is stored as by this transaction (sealed with its key).
    pub(crate) fn stored_body(&self, record: &Record) -> Result<String> {
        stored_body_of(record, self.keyring.as_deref())
    }

    fn encode(&self, record: &Record) -> Result<(String, String)> {
        crate::prepared::encode(record, self.keyring.as_deref())
    }

    /// What prepares records for [`Tx::insert_prepared`], on any thread,
    /// sealing with this transaction's key.
    pub fn preparer(&self) -> Preparer {
        Preparer {
            keyring: self.keyring.clone(),
        }
    }

    /// Add a new record.
    pub async fn insert(&mut self, actor: &Actor, record: &Record) -> Result<()> {
        self.insert_many(actor, std::slice::from_ref(record)).await
    }

    /// Add many new records, as [`Tx::insert`] adds each, with an audit
    /// entry each: a bulk load (generated data) writes many rows to a
    /// statement instead of a statement per row.
    pub async fn insert_many(&mut self, actor: &Actor, records: &[Record]) -> Result<()> {
        let prepared = self.preparer().prepare(records.to_vec())?;
        self.insert_prepared(actor, prepared).await
    }

    /// Add records prepared apart ([`Tx::preparer`]), as [`Tx::insert_many`]
    /// adds them: a bulk load prepares its next batch meanwhile.
    pub async fn insert_prepared(&mut self, actor: &Actor, prepared: Prepared) -> Result<()> {
        prepared.sealed_with(&self.keyring)?;
        let Prepared {
            records,
            encoded,
            mut forms,
            ..
        } = prepared;
        let mut at = 0;
        while at < records.len() {
            let (mut end, mut bytes) = (at, 0);
            while end < records.len()
                && end - at < RECORDS_PER_STATEMENT
                && bytes < BYTES_PER_STATEMENT
            {
                bytes += encoded[end].0.len();
                end += 1;
            }
            let batch_forms: Vec<IndexForm> =
                forms[at..end].iter_mut().flat_map(std::mem::take).collect();
            self.write_new_batch(&records[at..end], &encoded[at..end], &batch_forms)
                .await?;
            let items: Vec<_> = records[at..end]
                .iter()
                .zip(&encoded[at..end])
                .map(|(r, (_, digest))| (Some(r.kind()), Some(r.id()), Some(digest.as_str())))
                .collect();
            self.append_many(actor, "create", &items, None).await?;
            at = end;
        }
        Ok(())
    }

    /// Write new records' rows in one statement; none of them may exist.
    async fn write_new_rows(
        &mut self,
        records: &[Record],
        encoded: &[(String, String)],
    ) -> Result<()> {
        let mut sql = String::from(
            "INSERT INTO records (id, kind, visibility, body, digest, created_at, updated_at) VALUES ",
        );
        sql.push_str(&crate::sql::values(self.engine, records.len(), 7));
        sql.push_str(" ON CONFLICT (id) DO NOTHING RETURNING id");
        let now = now_text();
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (r, (body, digest)) in records.iter().zip(encoded) {
            self.public
                .record(r.id(), None, Some(r.visibility()), false);
            q = q
                .bind(r.id().to_string())
                .bind(r.kind().as_str())
                .bind(r.visibility().as_str())
                .bind(body.clone())
                .bind(digest.clone())
                .bind(now.clone())
                .bind(now.clone());
        }
        let written: HashSet<String> = q
            .fetch_all(&mut *self.tx)
            .await?
            .iter()
            .map(|row| row.try_get(0))
            .collect::<std::result::Result<_, _>>()?;
        match records
            .iter()
            .find(|r| !written.contains(&r.id().to_string()))
        {
            Some(r) => Err(StorageError::AlreadyExists(r.id())),
            None => Ok(()),
        }
    }

    /// Whether `record` points at the same records, by the same fields, as
    /// its stored version does (read before its references are replaced).
    async fn points_as_before(&mut self, record: &Record) -> Result<bool> {
        let rows = sqlx::query("SELECT to_id, field FROM record_refs WHERE from_id = $1")
            .bind(record.id().to_string())
            .fetch_all(&mut *self.tx)
            .await?;
        let before: HashSet<(String, String)> = rows
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_>>()?;
        let now: HashSet<(String, String)> = (record.references().into_iter())
            .map(|r| (r.target.to_string(), r.field.to_owned()))
            .collect();
        Ok(before == now)
    }

    /// Write a new record's row and references; returns its digest.
    async fn write_new(&mut self, record: &Record) -> Result<String> {
        let encoded = [self.encode(record)?];
        let forms = crate::search::forms_of(record, self.keyring.as_deref())?;
        self.write_new_batch(std::slice::from_ref(record), &encoded, &forms)
            .await?;
        let [(_, digest)] = encoded;
        Ok(digest)
    }

    /// Write new records (encoded by [`Tx::encode`], with their search
    /// `forms`): their rows in one statement, their references, their
    /// search index, their files' blobs.
    async fn write_new_batch(
        &mut self,
        records: &[Record],
        encoded: &[(String, String)],
        forms: &[IndexForm],
    ) -> Result<()> {
        self.write_new_rows(records, encoded).await?;
        self.write_refs_of(records).await?;
        for r in records {
            self.settle_file_blobs(r).await?;
        }
        // A new record has no index document yet: deleting a record deletes its.
        crate::search::insert_forms(&mut self.tx, forms).await
    }

    /// Replace an existing record with a new version of it.
    pub async fn update(&mut self, actor: &Actor, record: &Record) -> Result<Written> {
        let (body, digest) = self.encode(record)?;
        let id = record.id();
        let row = sqlx::query("SELECT kind, digest, visibility FROM records WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await?
            .ok_or(StorageError::NotFound {
                kind: record.kind().as_str(),
                id,
            })?;
        let kind: String = row.try_get(0)?;
        if kind != record.kind().as_str() {
            return Err(StorageError::NotFound {
                kind: record.kind().as_str(),
                id,
            });
        }
        if row.try_get::<String, _>(1)? == digest {
            return Ok(Written::Unchanged);
        }
        let before = visibility_in(&row, 2)?;
        let after = record.visibility();
        let both_public = before == Visibility::Public && after == Visibility::Public;
        let same = both_public && self.points_as_before(record).await?;
        self.public.record(id, Some(before), Some(after), same);
        sqlx::query("UPDATE records SET visibility = $2, body = $3, digest = $4, updated_at = $5 WHERE id = $1")
            .bind(id.to_string())
            .bind(record.visibility().as_str())
            .bind(body)
            .bind(digest.clone())
            .bind(now_text())
            .execute(&mut *self.tx)
            .await?;
        sqlx::query("DELETE FROM record_refs WHERE from_id = $1")
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await?;
        self.write_refs(record).await?;
        crate::search::reindex_record(&mut self.tx, id, Some(record), self.keyring.as_deref())
            .await?;
        self.settle_file_blobs(record).await?;
        self.append(
            actor,
            "update",
            Some(record.kind()),
            Some(id),
            Some(&digest),
            None,
        )
        .await?;
        Ok(Written::Updated)
    }

    /// Make `ring` this store's key: record it (by id and a check value,
    /// never the key) and seal every record that holds confidential data in
    /// clear (written before the store had a key), each change audited.
    pub(crate) async fn bind_key(&mut self, ring: &Keyring, salt_hex: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO sealing (one, key_id, check_value, salt, updated_at) VALUES (1, $1, $2, $3, $4)",
        )
        .bind(ring.id().to_owned())
        .bind(ring.check_value()?)
        .bind(salt_hex.to_owned())
        .bind(now_text())
        .execute(&mut *self.tx)
        .await?;
        let rows =
            sqlx::query("SELECT id FROM records WHERE body LIKE '%\"confidential\"%' ORDER BY id")
                .fetch_all(&mut *self.tx)
                .await?;
        // An empty store stays empty (a bundle's history can still be
        // restored into it); one that had confidential data in clear records
        // its sealing in the audit log.
        let sealed_some = !rows.is_empty();
        for row in rows {
            let id = parse_id(&row.try_get::<String, _>(0)?)?;
            if let Some(record) = self.get(id).await? {
                self.update(&Actor::system(), &record).await?;
            }
        }
        if sealed_some {
            self.audit_event(&Actor::system(), "keys-bind", Some(ring.id()))
                .await?;
        }
        Ok(())
    }

    /// Insert the record, or update it if it exists.
    pub async fn upsert(&mut self, actor: &Actor, record: &Record) -> Result<Written> {
        if self.get(record.id()).await?.is_some() {
            self.update(actor, record).await
        } else {
            self.insert(actor, record).await.map(|_| Written::Created)
        }
    }

    /// Delete a record that nothing else points at.
    pub async fn delete(&mut self, actor: &Actor, id: AnyId) -> Result<()> {
        let kind = self
            .kind_of(id)
            .await?
            .ok_or(StorageError::NotFound { kind: "record", id })?;
        let row = sqlx::query("SELECT visibility FROM records WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&mut *self.tx)
            .await?;
        self.public
            .record(id, Some(visibility_in(&row, 0)?), None, false);
        if let Some(r) = sqlx::query(
            "SELECT from_id, field FROM record_refs WHERE to_id = $1 AND from_id <> $1 LIMIT 1",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *self.tx)
        .await?
        {
            return Err(StorageError::StillReferenced {
                id,
                by: parse_id(&r.try_get::<String, _>(0)?)?,
                by_field: r.try_get(1)?,
            });
        }
        sqlx::query("DELETE FROM record_refs WHERE from_id = $1")
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await?;
        sqlx::query("DELETE FROM records WHERE id = $1")
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await?;
        crate::search::reindex_record(&mut self.tx, id, None, None).await?;
        self.append(actor, "delete", Some(kind), Some(id), None, None)
            .await
    }

    pub async fn get(&mut self, id: AnyId) -> Result<Option<Record>> {
        let row = sqlx::query("SELECT body, id FROM records WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await?;
        row.map(|r| decode_body(&r, self.keyring.as_deref()))
            .transpose()
    }

    async fn kind_of(&mut self, id: AnyId) -> Result<Option<RecordKind>> {
        let row = sqlx::query("SELECT kind FROM records WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await?;
        match row {
            None => Ok(None),
            Some(r) => {
                let k: String = r.try_get(0)?;
                Ok(Some(RecordKind::parse(&k).ok_or_else(|| {
                    StorageError::Corrupt(format!("unknown kind {k:?}"))
                })?))
            }
        }
    }

    /// Referrers of `id` inside this transaction.
    pub async fn referrers(&mut self, id: AnyId) -> Result<Vec<AnyId>> {
        let rows = sqlx::query(
            "SELECT DISTINCT from_id FROM record_refs WHERE to_id = $1 ORDER BY from_id",
        )
        .bind(id.to_string())
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter()
            .map(|r| parse_id(&r.try_get::<String, _>(0)?))
            .collect()
    }

    /// Write a record exactly as a bundle holds it, without a new audit entry:
    /// the bundle's own audit history is restored beside it ([`Tx::restore_audit_entry`]).
    pub async fn restore_record(&mut self, record: &Record) -> Result<String> {
        self.write_new(record).await
    }

    /// Append an audit entry carried over from another store. It must extend
    /// this store's chain exactly: same sequence, same previous hash, a hash
    /// that matches its content.
    pub async fn restore_audit_entry(&mut self, entry: &audit::Entry, hash: &str) -> Result<()> {
        let (tail_seq, tail_hash) = self.chain_tail().await.map(|t| (t.seq, t.hash.clone()))?;
        if entry.seq != tail_seq + 1 || entry.prev_hash != tail_hash || entry.hash() != hash {
            return Err(StorageError::Corrupt(format!(
                "audit entry {} does not extend the chain",
                entry.seq
            )));
        }
        self.write_entries(&[(entry.clone(), hash.to_owned())])
            .await?;
        self.tail = Some(ChainTail {
            seq: entry.seq,
            hash: hash.to_owned(),
        });
        Ok(())
    }

    /// Record an event that is not a change to a record (a login, an export).
    /// `detail` must not hold anything confidential.
    pub async fn audit_event(
        &mut self,
        actor: &Actor,
        action: &str,
        detail: Option<&str>,
    ) -> Result<()> {
        self.append(actor, action, None, None, None, detail).await
    }

    /// Record an action on a record that does not change its content (e.g. one side of a merge).
    pub async fn audit_record_event(
        &mut self,
        actor: &Actor,
        action: &str,
        kind: RecordKind,
        id: AnyId,
        detail: Option<&str>,
    ) -> Result<()> {
        let digest: Option<String> = sqlx::query("SELECT digest FROM records WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        self.append(
            actor,
            action,
            Some(kind),
            Some(id),
            digest.as_deref(),
            detail,
        )
        .await
    }

    async fn write_refs(&mut self, record: &Record) -> Result<()> {
        self.write_refs_of(std::slice::from_ref(record)).await
    }

    /// Write the references of `records`, many to a statement; they are
    /// checked at commit.
    async fn write_refs_of(&mut self, records: &[Record]) -> Result<()> {
        let refs: Vec<(AnyId, Reference)> = records
            .iter()
            .flat_map(|r| r.references().into_iter().map(move |x| (r.id(), x)))
            .collect();
        for chunk in refs.chunks(REFS_PER_STATEMENT) {
            let mut sql =
                String::from("INSERT INTO record_refs (from_id, to_id, to_kind, field) VALUES ");
            sql.push_str(&crate::sql::values(self.engine, chunk.len(), 4));
            sql.push_str(" ON CONFLICT (from_id, to_id, field) DO NOTHING");
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (from, r) in chunk {
                q = q
                    .bind(from.to_string())
                    .bind(r.target.to_string())
                    .bind(r.kind.as_str())
                    .bind(r.field);
                self.pending.insert((r.target, r.kind), (*from, r.field));
            }
            q.execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    async fn append(
        &mut self,
        actor: &Actor,
        action: &str,
        kind: Option<RecordKind>,
        id: Option<AnyId>,
        digest: Option<&str>,
        detail: Option<&str>,
    ) -> Result<()> {
        self.append_many(actor, action, &[(kind, id, digest)], detail)
            .await
    }

    /// Extend the audit chain by an entry for each of `items` (a record's
    /// kind, id and digest), all with the same action and detail, many to a
    /// statement.
    async fn append_many(
        &mut self,
        actor: &Actor,
        action: &str,
        items: &[(Option<RecordKind>, Option<AnyId>, Option<&str>)],
        detail: Option<&str>,
    ) -> Result<()> {
        let (mut seq, mut prev_hash) = self.chain_tail().await.map(|t| (t.seq, t.hash.clone()))?;
        let mut entries: Vec<(audit::Entry, String)> = Vec::with_capacity(items.len());
        for (kind, id, digest) in items {
            seq += 1;
            let entry = audit::Entry {
                seq,
                at: now_text(),
                actor: actor.as_str().to_owned(),
                action: action.to_owned(),
                record_kind: kind.map(|k| k.as_str().to_owned()),
                record_id: id.map(|i| i.to_string()),
                digest: digest.map(str::to_owned),
                detail: detail.map(str::to_owned),
                prev_hash,
            };
            prev_hash = entry.hash();
            entries.push((entry, prev_hash.clone()));
        }
        self.write_entries(&entries).await?;
        self.tail = Some(ChainTail {
            seq,
            hash: prev_hash,
        });
        Ok(())
    }

    /// Write audit entries with their hashes, many to a statement.
    async fn write_entries(&mut self, entries: &[(audit::Entry, String)]) -> Result<()> {
        for chunk in entries.chunks(ENTRIES_PER_STATEMENT) {
            let mut sql = String::from(
                "INSERT INTO audit_log (seq, at, actor, action, record_kind, record_id, digest, detail, prev_hash, hash) VALUES ",
            );
            sql.push_str(&crate::sql::values(self.engine, chunk.len(), 10));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (e, hash) in chunk {
                q = q
                    .bind(e.seq)
                    .bind(e.at.clone())
                    .bind(e.actor.clone())
                    .bind(e.action.clone())
                    .bind(e.record_kind.clone())
                    .bind(e.record_id.clone())
                    .bind(e.digest.clone())
                    .bind(e.detail.clone())
                    .bind(e.prev_hash.clone())
                    .bind(hash.clone());
            }
            q.execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// The end of the audit chain, locked for this transaction on first use.
    async fn chain_tail(&mut self) -> Result<&mut ChainTail> {
        if self.tail.is_none() {
            if self.engine == Engine::Postgres {
                // One writer at a time extends the chain, across every `vigil serve` on this database.
                sqlx::query("LOCK TABLE audit_log IN EXCLUSIVE MODE")
                    .execute(&mut *self.tx)
                    .await?;
            }
            self.tail = Some(audit::load_tail(&mut self.tx).await?);
        }
        Ok(self.tail.as_mut().expect("loaded above"))
    }

    /// Check every reference written in this transaction, note what
    /// readers see changed, then commit.
    pub async fn commit(mut self) -> Result<()> {
        self.check_references().await?;
        self.write_public_changes().await?;
        if self.bulk_cache {
            self.cache_size_kib(2000).await?;
        }
        self.tx.commit().await?;
        self.commits
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        Ok(())
    }

    /// Every reference written in this transaction must name a record of
    /// its kind. Targets are looked up in id order, so that ids made in
    /// time order read neighbouring index pages.
    async fn check_references(&mut self) -> Result<()> {
        let mut pending: Vec<_> = self.pending.drain().collect();
        pending.sort_unstable_by_key(|((target, _), _)| *target);
        let select = "SELECT id, kind FROM records WHERE id IN ({ids})";
        // A chunk at a time, so a bulk load's check holds one chunk's answers.
        for chunk in pending.chunks(crate::sql::IDS_AT_ONCE) {
            let targets: Vec<String> = (chunk.iter())
                .map(|((target, _), _)| target.to_string())
                .collect();
            let mut found: HashMap<String, String> = HashMap::new();
            for q in crate::sql::by_ids(self.engine, select, &targets) {
                for r in q.fetch_all(&mut *self.tx).await? {
                    found.insert(r.try_get(0)?, r.try_get(1)?);
                }
            }
            for ((target, kind), (from, field)) in chunk {
                if found.get(&target.to_string()).map(String::as_str) != Some(kind.as_str()) {
                    return Err(StorageError::DanglingReference {
                        from: *from,
                        field: (*field).to_owned(),
                        kind: kind.as_str().to_owned(),
                        target: *target,
                    });
                }
            }
        }
        Ok(())
    }

    /// Write what readers see changed under the next public version
    /// ([`crate::public_changes`]). Under the audit chain's lock, so two
    /// servers' transactions never make the same version.
    async fn write_public_changes(&mut self) -> Result<()> {
        let parts = self.public.take();
        if parts.is_empty() {
            return Ok(());
        }
        self.chain_tail().await?;
        let seq: i64 = sqlx::query("SELECT COALESCE(MAX(seq), 0) + 1 FROM public_changes")
            .fetch_one(&mut *self.tx)
            .await?
            .try_get(0)?;
        for chunk in parts.chunks(REFS_PER_STATEMENT) {
            let sql = format!(
                "INSERT INTO public_changes (seq, part, shown) VALUES {}",
                crate::sql::values(self.engine, chunk.len(), 3)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (part, shown) in chunk {
                q = q.bind(seq).bind(part.clone()).bind(*shown);
            }
            q.execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// Note that readers' pages change with this transaction (a text of the public site).
    pub(crate) fn touch_site_text(&mut self) {
        self.public.site_text();
    }

    pub async fn rollback(self) -> Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

/// The visibility stored in column `at` of `row`.
fn visibility_in(row: &sqlx::any::AnyRow, at: usize) -> Result<Visibility> {
    let text: String = row.try_get(at)?;
    Visibility::parse(&text)
        .ok_or_else(|| StorageError::Corrupt(format!("unknown visibility {text:?}")))
}
