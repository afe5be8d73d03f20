#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| baocao_ls::fuzzing::parse(data));
