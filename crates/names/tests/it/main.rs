//! The integration tests of vigil-names, one binary (each file a module): one link
//! instead of one per file.

mod properties;
mod quality;
