//! Hostile inputs give an error or an empty document, never a panic.

#![allow(clippy::unwrap_used)]

use std::path::Path;

fn convert(name: &str, bytes: &[u8]) -> Result<decree_model::Records, String> {
    decree::convert_bytes(bytes, Path::new(name)).map(|w| w.output).map_err(|e| e.to_string())
}

#[test]
fn empty_file_is_an_empty_document() {
    let r = convert("empty.txt", b"").unwrap();
    assert!(r.tasks.is_empty() && r.targets.is_empty());
    assert_eq!(r.document.source.bytes, 0);
}

#[test]
fn binary_garbage_is_a_clear_error() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let err = convert("garbage.txt", &bytes).unwrap_err();
    assert!(err.contains("garbage.txt"), "{err}");
    assert!(err.contains("not a text file"), "{err}");
}

#[test]
fn one_fifty_megabyte_line_does_not_panic() {
    let line = "Phấn đấu đạt 7,5 điểm; ".repeat(50 * 1024 * 1024 / 30);
    let started = std::time::Instant::now();
    let r = convert("long.txt", line.as_bytes());
    assert!(r.is_ok());
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn unsupported_format_names_the_file() {
    let err = convert("plan.pdf", b"%PDF-1.7\n").unwrap_err();
    assert!(err.contains("plan.pdf"), "{err}");
}
