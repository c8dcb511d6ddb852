//! Arbitrary bytes as a .xlsx file through the whole pipeline: an error is fine,
//! a panic in decree or a hang is a bug (see calamine_hook for calamine's own).
#![no_main]

mod calamine_hook;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    calamine_hook::install();
    let _ = decree::convert_bytes(std::path::Path::new("fuzz.xlsx"), data);
});
