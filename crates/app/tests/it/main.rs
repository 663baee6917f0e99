//! The integration tests of vigil-app, one binary (each file a module): one link
//! instead of one per file.

mod backup;
mod bundle;
mod demo;
mod files;
mod import;
mod import_limits;
mod merge;
