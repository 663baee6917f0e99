//! The integration tests of vigil-domain, one binary (each file a module): one link
//! instead of one per file.

mod code_map;
mod rules;
