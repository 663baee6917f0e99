//! The bytes of files, addressed by their SHA-256 and checked against it on
//! every read.
//!
//! A file that is not confidential is kept under its SHA-256. The bytes of a
//! confidential file (its original and any published copy) are kept only
//! sealed, under a keyed address ([`Keyring::blob_address`]), so a copy of
//! the store shows neither the content nor whether it holds a given file.
//! Whenever a confidential `File` record is written, any clear copy of its
//! bytes is sealed and the clear one removed, unless a file that is not
//! confidential has the same content.

use sqlx::Row;
use vigil_domain::{Record, Visibility};

use crate::digest::sha256_hex;
use crate::error::{Result, StorageError};
use crate::seal::{Keyring, SealError};
use crate::store::Store;
use crate::tx::{MAX_BLOB_BYTES, Tx};

/// The prefix of a sealed file's address; a SHA-256 address is 64 hex digits.
const SEALED: &str = "s:";

/// A file's bytes as the store holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    pub sha256: String,
    /// Held sealed (the file is, or was, confidential).
    pub sealed: bool,
}

/// Whether a file of `visibility` has its bytes kept sealed.
fn kept_sealed(visibility: Visibility) -> bool {
    visibility == Visibility::Confidential
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn check_size(bytes: &[u8]) -> Result<()> {
    if bytes.len() > MAX_BLOB_BYTES {
        return Err(StorageError::Config(format!(
            "a file of {} bytes is over the limit of {MAX_BLOB_BYTES}",
            bytes.len()
        )));
    }
    Ok(())
}

fn open_sealed(ring: &Keyring, address: &str, content: &[u8]) -> Result<Vec<u8>> {
    let text = std::str::from_utf8(content)
        .map_err(|_| StorageError::Corrupt(format!("sealed file {address} is not sealed text")))?;
    // The store's key was checked when it was opened: a stored file that
    // does not open with it (damaged, or naming another key) was changed.
    ring.open(address, text).map_err(|e: SealError| {
        StorageError::Corrupt(format!("sealed file {address} does not open: {e}"))
    })
}

/// What is wrong with an evidence file's stored bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// The store holds no bytes for it.
    Missing,
    /// The bytes held no longer match its SHA-256 (or, sealed, no longer open).
    Changed,
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileProblem::Missing => "missing",
            FileProblem::Changed => "changed",
        })
    }
}

/// An evidence file whose original or published copy is damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedFile {
    /// The `File` record's id.
    pub id: String,
    /// The SHA-256 the record names.
    pub sha256: String,
    pub problem: FileProblem,
}

impl std::fmt::Display for DamagedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "file {} ({}): {}", self.id, self.sha256, self.problem)
    }
}

impl Tx {
    /// Store file content by its SHA-256; storing the same bytes twice is a no-op.
    pub async fn put_blob(&mut self, bytes: &[u8]) -> Result<String> {
        check_size(bytes)?;
        let sha = sha256_hex(bytes);
        sqlx::query("INSERT INTO blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING")
            .bind(sha.clone())
            .bind(bytes.len() as i64)
            .bind(bytes.to_vec())
            .execute(self.conn())
            .await?;
        Ok(sha)
    }

    /// Store file content sealed, under a keyed address; returns its SHA-256.
    pub async fn put_sealed_blob(&mut self, bytes: &[u8]) -> Result<String> {
        check_size(bytes)?;
        let Some(ring) = self.sealing_key() else {
            return Err(StorageError::Locked(
                "a confidential file is stored only sealed".into(),
            ));
        };
        let sha = sha256_hex(bytes);
        let address = ring.blob_address(&sha);
        let sealed = ring.seal(&address, bytes)?;
        sqlx::query("INSERT INTO blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING")
            .bind(address)
            .bind(bytes.len() as i64)
            .bind(sealed.into_bytes())
            .execute(self.conn())
            .await?;
        Ok(sha)
    }

    /// Store the bytes of a file of `visibility` as such a file is kept:
    /// sealed when confidential, by SHA-256 otherwise; returns the SHA-256.
    pub async fn put_blob_for(&mut self, visibility: Visibility, bytes: &[u8]) -> Result<String> {
        if kept_sealed(visibility) {
            self.put_sealed_blob(bytes).await
        } else {
            self.put_blob(bytes).await
        }
    }

    /// Keep the bytes of a confidential file only sealed (called for every
    /// record written; other records are left alone).
    pub(crate) async fn settle_file_blobs(&mut self, record: &Record) -> Result<()> {
        let Record::File(file) = record else {
            return Ok(());
        };
        if !kept_sealed(file.visibility) {
            return Ok(());
        }
        let id = file.id.to_string();
        for sha in [Some(&file.sha256), file.published_sha256.as_ref()]
            .into_iter()
            .flatten()
        {
            let clear = sqlx::query("SELECT content FROM blobs WHERE sha256 = $1")
                .bind(sha.clone())
                .fetch_optional(self.conn())
                .await?;
            let Some(row) = clear else { continue };
            let bytes: Vec<u8> = row.try_get(0)?;
            if sha256_hex(&bytes) != *sha {
                return Err(StorageError::Corrupt(format!(
                    "file {sha} does not match its hash"
                )));
            }
            self.put_sealed_blob(&bytes).await?;
            let pattern = format!("%{sha}%");
            let shared: i64 = sqlx::query(
                "SELECT COUNT(*) FROM records WHERE kind = 'file' AND id <> $1 \
                 AND visibility <> 'confidential' AND body LIKE $2",
            )
            .bind(id.clone())
            .bind(pattern)
            .fetch_one(self.conn())
            .await?
            .try_get(0)?;
            if shared == 0 {
                sqlx::query("DELETE FROM blobs WHERE sha256 = $1")
                    .bind(sha.clone())
                    .execute(self.conn())
                    .await?;
            }
        }
        Ok(())
    }

    /// Every sealed file's address and bytes, opened with this transaction's key.
    pub(crate) async fn sealed_blobs(&mut self) -> Result<Vec<(String, Vec<u8>)>> {
        let rows = sqlx::query(
            "SELECT sha256, content FROM blobs WHERE sha256 LIKE 's:%' ORDER BY sha256",
        )
        .fetch_all(self.conn())
        .await?;
        let ring = self
            .sealing_key()
            .ok_or_else(|| StorageError::Locked("this store holds sealed files".into()))?;
        let ring = ring.clone();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let address: String = r.try_get(0)?;
            let content: Vec<u8> = r.try_get(1)?;
            let bytes = open_sealed(&ring, &address, &content)?;
            out.push((address, bytes));
        }
        Ok(out)
    }

    /// Remove the sealed file kept at `address` (a key rotation seals it again).
    pub(crate) async fn drop_sealed_blob(&mut self, address: &str) -> Result<()> {
        sqlx::query("DELETE FROM blobs WHERE sha256 = $1")
            .bind(address.to_owned())
            .execute(self.conn())
            .await?;
        Ok(())
    }
}

impl Store {
    /// The file kept at `address` (a SHA-256, or a sealed file's keyed
    /// address), opened and checked against its SHA-256.
    async fn blob_at(&self, address: &str) -> Result<Option<(StoredBlob, Vec<u8>)>> {
        let row = sqlx::query("SELECT content FROM blobs WHERE sha256 = $1")
            .bind(address.to_owned())
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else { return Ok(None) };
        let content: Vec<u8> = row.try_get(0)?;
        let (bytes, sealed) = if address.starts_with(SEALED) {
            let ring = self
                .keyring()
                .ok_or_else(|| StorageError::Locked("this store holds sealed files".into()))?;
            (open_sealed(ring, address, &content)?, true)
        } else {
            (content, false)
        };
        let sha256 = sha256_hex(&bytes);
        if !sealed && sha256 != address {
            return Err(StorageError::Corrupt(format!(
                "file {address} does not match its hash"
            )));
        }
        Ok(Some((StoredBlob { sha256, sealed }, bytes)))
    }

    /// The bytes of the file with SHA-256 `sha256`, checked against it;
    /// `None` when the store does not hold it (or `sha256` is not a SHA-256).
    pub async fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        if !is_sha256(sha256) {
            return Ok(None);
        }
        let mut found = self.blob_at(sha256).await?;
        if let (None, Some(ring)) = (&found, self.keyring()) {
            found = self.blob_at(&ring.blob_address(sha256)).await?;
        }
        match found {
            Some((held, _)) if held.sha256 != sha256 => Err(StorageError::Corrupt(format!(
                "file {sha256} does not match its hash"
            ))),
            found => Ok(found.map(|(_, bytes)| bytes)),
        }
    }

    /// The bytes with SHA-256 `sha256`, or what is wrong with them: missing,
    /// or changed (no longer matching their hash, or, sealed, no longer
    /// opening). Failures of the store itself are the outer error.
    pub async fn file_bytes(
        &self,
        sha256: &str,
    ) -> Result<std::result::Result<Vec<u8>, FileProblem>> {
        match self.blob(sha256).await {
            Ok(Some(bytes)) => Ok(Ok(bytes)),
            Ok(None) => Ok(Err(FileProblem::Missing)),
            Err(StorageError::Corrupt(_)) => Ok(Err(FileProblem::Changed)),
            Err(e) => Err(e),
        }
    }

    /// Every evidence file whose original or published copy is missing or
    /// changed, each file's bytes read and hashed again.
    pub async fn damaged_files(&self) -> Result<Vec<DamagedFile>> {
        let mut damaged = Vec::new();
        for record in self.list(vigil_domain::RecordKind::File).await? {
            let Record::File(file) = record else { continue };
            for sha in [Some(&file.sha256), file.published_sha256.as_ref()]
                .into_iter()
                .flatten()
            {
                if let Err(problem) = self.file_bytes(sha).await? {
                    damaged.push(DamagedFile {
                        id: file.id.to_string(),
                        sha256: sha.clone(),
                        problem,
                    });
                }
            }
        }
        Ok(damaged)
    }

    /// Every file the store holds, with its bytes, one at a time in a stable
    /// order (each sealed file opened once). A damaged one is an error, or,
    /// with `skip_damaged`, left out.
    pub async fn for_each_blob<F, E>(
        &self,
        skip_damaged: bool,
        mut each: F,
    ) -> std::result::Result<(), E>
    where
        F: FnMut(StoredBlob, Vec<u8>) -> std::result::Result<(), E>,
        E: From<StorageError>,
    {
        let addresses: Vec<String> = sqlx::query_scalar("SELECT sha256 FROM blobs ORDER BY sha256")
            .fetch_all(self.pool())
            .await
            .map_err(StorageError::from)?;
        for address in addresses {
            match self.blob_at(&address).await {
                Ok(Some((held, bytes))) => each(held, bytes)?,
                Ok(None) => {}
                Err(StorageError::Corrupt(_)) if skip_damaged => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Every file the store holds (opening the sealed ones to name them).
    pub async fn blob_list(&self) -> Result<Vec<StoredBlob>> {
        let mut out = Vec::new();
        self.for_each_blob(false, |held, _| {
            out.push(held);
            Ok::<_, StorageError>(())
        })
        .await?;
        Ok(out)
    }
}
