#![no_main]
//! See `vigil_fuzz::bundle_import` for what this target checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| vigil_fuzz::bundle_import(data));
