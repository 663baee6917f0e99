//! The integration tests of vigil-web, one binary (each file a module): one link
//! instead of one per file.

mod browser;
mod common;
mod files;
mod guide;
mod hostile;
mod pages;
mod pickers;
mod public_site;
mod publish;
mod staff;
mod users;
