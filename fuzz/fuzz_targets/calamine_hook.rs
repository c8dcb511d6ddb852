//! calamine, the workbook parser, panics on some damaged files (an arithmetic
//! overflow on an absurd cell reference, seen here). decree-sheet runs it under
//! `catch_unwind` and reports the file as unreadable, which is the behaviour
//! wanted; libFuzzer's panic hook would abort on it all the same. This hook lets
//! a panic raised inside calamine's own source unwind to that guard, and hands
//! every other panic (decree's code) to libFuzzer as a crash.

use std::sync::Once;

pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                return;
            }
            fuzzer_hook(info);
        }));
    });
}
