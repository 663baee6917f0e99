//! The integration tests of vigil-storage, one binary (each file a module): one link
//! instead of one per file.

mod public_changes;
mod sealing;
mod search;
mod store;
