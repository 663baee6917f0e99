#![no_main]
//! See `vigil_fuzz::partial_date` for what this target checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| vigil_fuzz::partial_date(data));
