//! Records made ready to write apart from a transaction: each one checked,
//! encoded as it is stored (sealed) with its digest, and its search forms
//! worked out. This is most of a write's computing, and needs no database:
//! a bulk load ([`crate::Tx::insert_prepared`]) prepares its next batch on
//! another thread while the database writes this one.

use std::sync::Arc;

use vigil_domain::Record;

use crate::error::{Result, StorageError};
use crate::seal::Keyring;
use crate::search::IndexForm;
use crate::tx::{MAX_RECORD_BYTES, stored_body_of};

/// Prepares records with the key of the transaction it came from
/// ([`crate::Tx::preparer`]); it may go to any thread.
#[derive(Clone)]
pub struct Preparer {
    pub(crate) keyring: Option<Arc<Keyring>>,
}

/// Records ready to write: [`Preparer::prepare`].
pub struct Prepared {
    pub(crate) records: Vec<Record>,
    /// Each record's stored body and digest.
    pub(crate) encoded: Vec<(String, String)>,
    /// Each record's search forms.
    pub(crate) forms: Vec<Vec<IndexForm>>,
    /// The key the bodies and forms were sealed with.
    pub(crate) sealed_with: Option<Arc<Keyring>>,
}

impl Preparer {
    /// Check and encode `records`, computing only: run it where blocking is fine.
    pub fn prepare(&self, records: Vec<Record>) -> Result<Prepared> {
        let keyring = self.keyring.as_deref();
        let encoded = (records.iter())
            .map(|r| encode(r, keyring))
            .collect::<Result<Vec<_>>>()?;
        let forms = (records.iter())
            .map(|r| crate::search::forms_of(r, keyring))
            .collect::<Result<Vec<_>>>()?;
        Ok(Prepared {
            records,
            encoded,
            forms,
            sealed_with: self.keyring.clone(),
        })
    }
}

impl Prepared {
    /// Whether these were sealed with `keyring` (not a key rotated since).
    pub(crate) fn sealed_with(&self, keyring: &Option<Arc<Keyring>>) -> Result<()> {
        let same = match (&self.sealed_with, keyring) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        match same {
            true => Ok(()),
            false => Err(StorageError::Corrupt(
                "records prepared with another key than the transaction's".into(),
            )),
        }
    }
}

/// A record checked and stored as its body (sealed with `keyring`) and that body's digest.
pub(crate) fn encode(record: &Record, keyring: Option<&Keyring>) -> Result<(String, String)> {
    record.validate()?;
    let body = stored_body_of(record, keyring)?;
    if body.len() > MAX_RECORD_BYTES {
        return Err(StorageError::TooLarge {
            kind: record.kind(),
            id: record.id(),
            size: body.len(),
            limit: MAX_RECORD_BYTES,
        });
    }
    let digest = crate::digest::sha256_hex(body.as_bytes());
    Ok((body, digest))
}
