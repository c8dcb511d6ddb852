//! Arbitrary bytes as a .xlsx file through the whole pipeline: an error is fine,
//! a panic or a hang is a bug.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = decree::convert_bytes(std::path::Path::new("fuzz.xlsx"), data);
});
