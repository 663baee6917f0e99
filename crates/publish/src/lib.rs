//! # vigil-publish
//!
//! The one road out (docs/ARCHITECTURE.md, "Invariants"). Everything that leaves for the
//! public — pages, feeds, exports — is built from the types in this crate,
//! and these types have no field that could hold internal or confidential
//! data: a projection copies only values whose effective visibility is
//! public, drops records that are not public, and drops references to them.
//!
//! [`PublicSite::load`] reads only public records from the store
//! (`list_with_visibility(…, Public)`), then projects them.

mod around;
pub mod export;
mod facets;
mod home;
mod project;
mod restate;
mod search;
mod site;
pub mod texts;

pub use facets::{Facets, Held};
pub use home::*;
pub use restate::{ABOUT_PERSONS, Restatement, persons_named};
pub use search::PublicHit;
pub use site::*;
