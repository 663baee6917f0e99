//! # vigil-domain
//!
//! The records Vigil keeps about political prisoners and persecuted
//! defenders, and the rules that hold for them. Pure types and functions:
//! this crate does no I/O and knows nothing of SQL or HTTP.
//!
//! - [`records`]: every record type (person, case, hearing, detention, …).
//! - [`date::PartialDate`]: dates known to a year, month or day, and ranges.
//! - [`visibility`]: public / internal / confidential, on records and fields.
//! - [`record::Record`]: any record; its references and validation.
//! - [`derived`]: status, days in detention, counts, overdue complaints.

pub mod date;
pub mod derived;
pub mod error;
pub mod id;
pub mod permissions;
pub mod record;
pub mod records;
mod rules;
pub mod text;
pub mod visibility;

pub use date::{DateError, DatePoint, PartialDate, Precision};
pub use error::RuleViolation;
pub use id::{AnyId, Id};
pub use permissions::Permission;
pub use record::{Record, RecordKind, RecordType, Reference};
pub use rules::MAX_TEXT;
pub use text::{LocalizedText, Name, NameKind, NameOrder, Script};
pub use visibility::{Guarded, Visibility};
