#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| baocao_ls::fuzzing::docx(data));
