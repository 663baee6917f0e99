//! # vigil-app
//!
//! Vigil's use cases, between the store and the front ends (web, CLI):
//! bundles (export, import), evidence files, list imports, the demo, synthetic data and statistics.

pub mod accounts;
pub mod backup;
pub mod bundle;
pub mod demo;
mod error;
pub mod files;
pub mod generate;
pub mod import;
pub mod merge;
pub mod stats;
pub mod workspace;

pub use error::{AppError, FieldError, Invalid, Result};
pub use vigil_storage::MAX_RECORD_BYTES;
/// The audit log's entries, as use cases return them.
pub use vigil_storage::audit::Entry as AuditEntry;
