//! # vigil-storage
//!
//! One query layer over two engines: embedded SQLite (the default, a data
//! folder) and PostgreSQL. The SQL is the same on both; only the migrations
//! and the locking statement differ.
//!
//! Records are stored as the JSON of their domain type, with their kind and
//! visibility beside them; references between records are kept in
//! `record_refs` and checked before every commit. Every write appends to the
//! hash-chained audit log in the same transaction ([`audit`]).

pub mod accounts;
pub mod audit;
mod blobs;
mod digest;
mod error;
mod keys;
pub mod merges;
mod nearby;
mod prepared;
mod public_changes;
pub mod review;
pub mod seal;
pub mod search;
pub mod site_texts;
mod sql;
mod store;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod tx;

pub use audit::{Actor, Verdict};
pub use blobs::{DamagedFile, FileProblem, StoredBlob};
pub use digest::sha256_hex;
pub use error::{Result, StorageError};
pub use keys::Rotated;
pub use prepared::{Prepared, Preparer};
pub use public_changes::{PublicChanges, PublicPart, RecordNow};
pub use seal::{Keyring, SealError};
pub use store::{Engine, KeySource, Store, Target};
pub use tx::{MAX_BLOB_BYTES, MAX_RECORD_BYTES, Tx, Written};
