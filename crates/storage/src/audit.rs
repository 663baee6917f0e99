//! The audit chain: an append-only log in which every entry carries the
//! hash of the one before, and the digest of the record content it wrote.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use serde::Serialize;
use sqlx::{Any, Row, Transaction};

use crate::digest::sha256_hex;
use crate::error::Result;
use crate::store::Store;

/// Who made a change: `cli`, `demo`, `user:<username>`, `system`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(String);

impl Actor {
    pub fn cli() -> Self {
        Actor("cli".into())
    }
    pub fn system() -> Self {
        Actor("system".into())
    }
    pub fn demo() -> Self {
        Actor("demo".into())
    }
    pub fn user(username: &str) -> Self {
        Actor(format!("user:{username}"))
    }
    pub fn named(name: &str) -> Self {
        Actor(name.to_owned())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    pub digest: Option<String>,
    pub detail: Option<String>,
    pub prev_hash: String,
}

impl Entry {
    /// SHA-256 over the entry's fields (which include the previous hash).
    pub fn hash(&self) -> String {
        let canonical = serde_json::to_string(&(
            self.seq,
            &self.at,
            &self.actor,
            &self.action,
            &self.record_kind,
            &self.record_id,
            &self.digest,
            &self.detail,
            &self.prev_hash,
        ))
        .expect("plain values serialize");
        sha256_hex(canonical.as_bytes())
    }
}

pub(crate) struct ChainTail {
    pub seq: i64,
    pub hash: String,
}

pub(crate) async fn load_tail(tx: &mut Transaction<'static, Any>) -> Result<ChainTail> {
    let row = sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?;
    Ok(match row {
        Some(r) => ChainTail {
            seq: r.try_get(0)?,
            hash: r.try_get(1)?,
        },
        None => ChainTail {
            seq: 0,
            hash: GENESIS.to_owned(),
        },
    })
}

/// What `vigil audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Intact {
        entries: i64,
        records: i64,
        /// Evidence files whose bytes were read and hashed again.
        files: i64,
    },
    /// The chain breaks at this entry.
    BadEntry { seq: i64, reason: String },
    /// This record's content is not what the log last recorded for it.
    BadRecord {
        id: String,
        kind: String,
        reason: String,
    },
    /// These evidence files' bytes are missing or no longer match their SHA-256.
    BadFiles(Vec<crate::DamagedFile>),
}

impl Verdict {
    pub fn is_intact(&self) -> bool {
        matches!(self, Verdict::Intact { .. })
    }
}

fn entry_from(r: &sqlx::any::AnyRow) -> Result<(Entry, String)> {
    Ok((
        Entry {
            seq: r.try_get(0)?,
            at: r.try_get(1)?,
            actor: r.try_get(2)?,
            action: r.try_get(3)?,
            record_kind: r.try_get(4)?,
            record_id: r.try_get(5)?,
            digest: r.try_get(6)?,
            detail: r.try_get(7)?,
            prev_hash: r.try_get(8)?,
        },
        r.try_get(9)?,
    ))
}

/// Walk the chain, compare every record with its last audited digest, then
/// read and hash every evidence file's bytes again.
pub async fn verify(store: &Store) -> Result<Verdict> {
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    // The digest each record should have now; None once deleted.
    let mut last: HashMap<String, (Option<String>, String)> = HashMap::new();
    {
        let mut rows = sqlx::query(
            "SELECT seq, at, actor, action, record_kind, record_id, digest, detail, prev_hash, hash \
             FROM audit_log ORDER BY seq",
        )
        .fetch(store.pool());
        while let Some(row) = rows.try_next().await? {
            let (entry, hash) = entry_from(&row)?;
            if entry.seq != expected_seq {
                return Ok(Verdict::BadEntry {
                    seq: entry.seq,
                    reason: format!(
                        "expected entry {expected_seq}: an entry is missing or out of order"
                    ),
                });
            }
            if entry.prev_hash != expected_prev {
                return Ok(Verdict::BadEntry {
                    seq: entry.seq,
                    reason: "its previous-hash does not match the entry before".into(),
                });
            }
            if entry.hash() != hash {
                return Ok(Verdict::BadEntry {
                    seq: entry.seq,
                    reason: "its content does not match its hash".into(),
                });
            }
            if let (Some(id), Some(kind)) = (&entry.record_id, &entry.record_kind) {
                match entry.action.as_str() {
                    "delete" => {
                        last.insert(id.clone(), (None, kind.clone()));
                    }
                    _ if entry.digest.is_some() => {
                        last.insert(id.clone(), (entry.digest.clone(), kind.clone()));
                    }
                    _ => {}
                }
            }
            expected_prev = hash;
            expected_seq += 1;
        }
    }
    let entries = expected_seq - 1;
    let mut records = 0i64;
    let mut rows =
        sqlx::query("SELECT id, kind, body, digest FROM records ORDER BY id").fetch(store.pool());
    while let Some(row) = rows.try_next().await? {
        let id: String = row.try_get(0)?;
        let kind: String = row.try_get(1)?;
        let body: String = row.try_get(2)?;
        let digest: String = row.try_get(3)?;
        records += 1;
        let actual = sha256_hex(body.as_bytes());
        let bad = |reason: &str| Verdict::BadRecord {
            id: id.clone(),
            kind: kind.clone(),
            reason: reason.to_owned(),
        };
        match last.remove(&id) {
            None => return Ok(bad("it has no entry in the audit log")),
            Some((None, _)) => return Ok(bad("the audit log says it was deleted")),
            Some((Some(audited), audited_kind)) => {
                if actual != digest {
                    return Ok(bad("its content does not match its stored digest"));
                }
                if audited != actual {
                    return Ok(bad("its content differs from the last audited version"));
                }
                if audited_kind != kind {
                    return Ok(bad("its kind differs from the audited kind"));
                }
            }
        }
    }
    if let Some((id, (_, kind))) = last
        .into_iter()
        .filter(|(_, (d, _))| d.is_some())
        .min_by(|a, b| a.0.cmp(&b.0))
    {
        return Ok(Verdict::BadRecord {
            id,
            kind,
            reason: "the audit log has it, but it is missing from the store".into(),
        });
    }
    let damaged = store.damaged_files().await?;
    if !damaged.is_empty() {
        return Ok(Verdict::BadFiles(damaged));
    }
    let files: i64 = sqlx::query("SELECT COUNT(*) FROM records WHERE kind = 'file'")
        .fetch_one(store.pool())
        .await?
        .try_get(0)?;
    Ok(Verdict::Intact {
        entries,
        records,
        files,
    })
}

/// The audit entries about one record, oldest first (for its history page).
pub async fn history(store: &Store, record_id: &str) -> Result<Vec<Entry>> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, record_kind, record_id, digest, detail, prev_hash, hash \
         FROM audit_log WHERE record_id = $1 ORDER BY seq",
    )
    .bind(record_id)
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(|r| entry_from(r).map(|(e, _)| e)).collect()
}

/// Entries with `seq > after`, oldest first, at most `limit` (for exports).
pub async fn page(store: &Store, after: i64, limit: i64) -> Result<Vec<(Entry, String)>> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, record_kind, record_id, digest, detail, prev_hash, hash \
         FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(entry_from).collect()
}

/// The sequence number of the newest entry (0 for an empty log).
pub async fn tail_seq(store: &Store) -> Result<i64> {
    Ok(sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM audit_log")
        .fetch_one(store.pool())
        .await?
        .try_get(0)?)
}

/// The newest `limit` entries, newest first.
pub async fn recent(store: &Store, limit: i64) -> Result<Vec<Entry>> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, record_kind, record_id, digest, detail, prev_hash, hash \
         FROM audit_log ORDER BY seq DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(|r| entry_from(r).map(|(e, _)| e)).collect()
}
