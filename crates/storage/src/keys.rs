//! Rotating the key that seals confidential data: every sealed record, file
//! and merge's saved copy is opened with the old key and sealed again with
//! the new one, and the keyed search terms are rebuilt, in one transaction.
//! Each record re-sealed is an audited update; the rotation itself is a
//! `keys-rotate` entry naming both key ids (never a key).

use std::sync::Arc;

use sqlx::Row;

use crate::audit::Actor;
use crate::error::{Result, StorageError};
use crate::merges::before_records;
use crate::seal::Keyring;
use crate::store::{KeySource, Store, parse_id};
use crate::tx::now_text;

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotated {
    pub old_key: String,
    pub new_key: String,
    /// Records sealed again under the new key.
    pub records: usize,
    /// Merges whose saved copies were sealed again.
    pub merges: usize,
    /// Sealed files sealed again.
    pub files: usize,
}

impl Store {
    /// Seal everything this store holds sealed with the key `new` gives
    /// instead of its present one. The store must be open with its key;
    /// afterwards only the new key opens it. A new passphrase gets a new salt.
    pub async fn rotate_key(&mut self, actor: &Actor, new: KeySource) -> Result<Rotated> {
        let old = self.keyring().cloned().ok_or_else(|| {
            StorageError::Locked("open the store with its present key to rotate it".into())
        })?;
        let mut salt = vec![0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut salt);
        let new = match new {
            KeySource::None => {
                return Err(StorageError::Locked("no new key was given".into()));
            }
            KeySource::Key(k) => k,
            KeySource::Passphrase(p) => Keyring::from_passphrase(&p, &salt)?,
        };
        if new.id() == old.id() {
            return Err(StorageError::Locked(format!(
                "the new key is the store's present key ({})",
                new.id()
            )));
        }

        let mut tx = self.begin().await?;
        // Read everything sealed with the old key first.
        let ids = sqlx::query("SELECT id FROM records WHERE body LIKE '%\"sealed\"%' ORDER BY id")
            .fetch_all(&mut *tx.conn())
            .await?;
        let mut records = Vec::with_capacity(ids.len());
        for row in ids {
            let id = parse_id(&row.try_get::<String, _>(0)?)?;
            if let Some(r) = tx.get(id).await? {
                records.push(r);
            }
        }
        let rows = sqlx::query(
            "SELECT id, before FROM merges WHERE before LIKE '%confidential%' ORDER BY id",
        )
        .fetch_all(&mut *tx.conn())
        .await?;
        let mut merges = Vec::with_capacity(rows.len());
        for row in rows {
            let id: String = row.try_get(0)?;
            let before: String = row.try_get(1)?;
            merges.push((id, before_records(&before, Some(&old))?));
        }

        let files = tx.sealed_blobs().await?;

        // Then write it all again under the new key.
        let new = Arc::new(new);
        tx.set_keyring(Some(new.clone()));
        for (address, bytes) in &files {
            tx.drop_sealed_blob(address).await?;
            tx.put_sealed_blob(bytes).await?;
        }
        let mut resealed = 0;
        for r in &records {
            if tx.update(actor, r).await? == crate::Written::Updated {
                resealed += 1;
            }
        }
        for (id, before) in &merges {
            let stored = tx.stored_before(before)?;
            sqlx::query("UPDATE merges SET before = $2 WHERE id = $1")
                .bind(id.clone())
                .bind(stored)
                .execute(&mut *tx.conn())
                .await?;
        }
        sqlx::query("UPDATE sealing SET key_id = $1, check_value = $2, salt = $3, updated_at = $4")
            .bind(new.id().to_owned())
            .bind(new.check_value()?)
            .bind(hex::encode(&salt))
            .bind(now_text())
            .execute(&mut *tx.conn())
            .await?;
        let detail = format!("{} -> {}", old.id(), new.id());
        tx.audit_event(actor, "keys-rotate", Some(&detail)).await?;
        tx.commit().await?;
        self.set_keyring(new.clone());
        Ok(Rotated {
            old_key: old.id().to_owned(),
            new_key: new.id().to_owned(),
            records: resealed,
            merges: merges.len(),
            files: files.len(),
        })
    }
}
