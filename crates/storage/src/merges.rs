//! The record of each merge, for undoing it: what the records were before,
//! and what each was right after (so an undo can tell whether anything has
//! changed since, and refuse rather than overwrite later work).

use serde::{Deserialize, Serialize};
use sqlx::Row;
use vigil_domain::{AnyId, Record};

use crate::digest::sha256_hex;
use crate::error::{Result, StorageError};
use crate::seal::Keyring;
use crate::store::open_stored;
use crate::store::{Store, parse_id};
use crate::tx::{Tx, now_text};

/// One merge: `absorbed` was merged into `kept`.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    pub id: String,
    pub at: String,
    pub actor: String,
    pub kept: AnyId,
    pub absorbed: AnyId,
    /// Every record the merge changed or deleted, as it was before.
    pub before: Vec<Record>,
    /// The digest of every record the merge left, right after it.
    pub after: Vec<(AnyId, String)>,
    pub undone_at: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct After {
    id: String,
    digest: String,
}

impl Tx {
    /// The digest a record is stored under (as this transaction writes it).
    pub fn digest_of(&self, record: &Record) -> Result<String> {
        Ok(sha256_hex(self.stored_body(record)?.as_bytes()))
    }

    /// The digest a record has in a store sealed with `ring` (another
    /// store's key: a bundle's history records digests under its origin key).
    pub fn digest_under(&self, record: &Record, ring: &Keyring) -> Result<String> {
        Ok(sha256_hex(
            crate::tx::stored_body_of(record, Some(ring))?.as_bytes(),
        ))
    }

    /// `merges.before` as this transaction stores it: each record as it is
    /// stored (confidential parts sealed), with its id.
    pub(crate) fn stored_before(&self, before: &[Record]) -> Result<String> {
        let stored: Vec<(String, String)> = before
            .iter()
            .map(|r| Ok((r.id().to_string(), self.stored_body(r)?)))
            .collect::<Result<_>>()?;
        serde_json::to_string(&stored).map_err(|e| StorageError::Corrupt(e.to_string()))
    }

    /// The id of the key this transaction seals with.
    pub fn key_id(&self) -> Option<String> {
        self.sealing_key().map(|k| k.id().to_owned())
    }

    /// Keep the record of a merge made in this transaction; returns its id.
    pub async fn record_merge(
        &mut self,
        actor: &crate::Actor,
        kept: AnyId,
        absorbed: AnyId,
        before: &[Record],
        after: &[(AnyId, String)],
    ) -> Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        let before = self.stored_before(before)?;
        let after: Vec<After> = after
            .iter()
            .map(|(id, digest)| After {
                id: id.to_string(),
                digest: digest.clone(),
            })
            .collect();
        let after =
            serde_json::to_string(&after).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO merges (id, at, actor, kept, absorbed, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.clone())
        .bind(now_text())
        .bind(actor.as_str().to_owned())
        .bind(kept.to_string())
        .bind(absorbed.to_string())
        .bind(before)
        .bind(after)
        .execute(self.conn())
        .await?;
        Ok(id)
    }

    /// Mark a merge undone; refused if it is already.
    pub async fn mark_merge_undone(&mut self, id: &str) -> Result<()> {
        let done =
            sqlx::query("UPDATE merges SET undone_at = $2 WHERE id = $1 AND undone_at IS NULL")
                .bind(id.to_owned())
                .bind(now_text())
                .execute(self.conn())
                .await?;
        if done.rows_affected() == 0 {
            return Err(StorageError::Config(format!(
                "merge {id} is unknown or already undone"
            )));
        }
        Ok(())
    }
}

fn merge_from(row: &sqlx::any::AnyRow, keyring: Option<&Keyring>) -> Result<Merge> {
    let corrupt =
        |e: serde_json::Error| StorageError::Corrupt(format!("a merge record cannot be read: {e}"));
    let before: String = row.try_get(5)?;
    let after: String = row.try_get(6)?;
    let after: Vec<After> = serde_json::from_str(&after).map_err(corrupt)?;
    Ok(Merge {
        id: row.try_get(0)?,
        at: row.try_get(1)?,
        actor: row.try_get(2)?,
        kept: parse_id(&row.try_get::<String, _>(3)?)?,
        absorbed: parse_id(&row.try_get::<String, _>(4)?)?,
        before: before_records(&before, keyring)?,
        after: after
            .into_iter()
            .map(|a| Ok((parse_id(&a.id)?, a.digest)))
            .collect::<Result<_>>()?,
        undone_at: row.try_get(7)?,
    })
}

/// The records of `merges.before`: (id, stored body) pairs, or, as merges
/// made before sealing kept them, the records themselves.
pub(crate) fn before_records(before: &str, keyring: Option<&Keyring>) -> Result<Vec<Record>> {
    if let Ok(records) = serde_json::from_str::<Vec<Record>>(before) {
        return Ok(records);
    }
    let stored: Vec<(String, String)> = serde_json::from_str(before)
        .map_err(|e| StorageError::Corrupt(format!("a merge record cannot be read: {e}")))?;
    stored
        .iter()
        .map(|(id, body)| open_stored(body, id, keyring))
        .collect()
}

const COLUMNS: &str = "id, at, actor, kept, absorbed, before, after, undone_at";

impl Store {
    pub async fn merge_record(&self, id: &str) -> Result<Option<Merge>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM merges WHERE id = $1"
        )))
        .bind(id.to_owned())
        .fetch_optional(self.pool())
        .await?
        .map(|r| merge_from(&r, self.keyring()))
        .transpose()
    }

    /// The merges into `kept`, newest first.
    pub async fn merges_into(&self, kept: AnyId) -> Result<Vec<Merge>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM merges WHERE kept = $1 ORDER BY at DESC, id DESC"
        )))
        .bind(kept.to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| merge_from(r, self.keyring()))
        .collect()
    }
}
