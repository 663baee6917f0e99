#![no_main]
//! See `vigil_fuzz::names` for what this target checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| vigil_fuzz::names(data));
