//! Scores every real public document (`fixtures/real`, copied from
//! `../shared/real/public`) against its hand-read gold (`tests/gold/real`) and
//! holds the figures reached: the targets (document fields ≥ 0.90, task
//! F1 ≥ 0.90, task fields ≥ 0.90) where a document meets them, and its own
//! figure as a floor where a reader limit keeps it below (named per document).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use decree_tests::{num, real_gold_files, real_source_for, score_real};
use serde_json::Value;

/// Documents held below the targets, with why: (stem, document-field floor).
const BELOW: &[(&str, f64)] = &[
    // Digitally signed PDF: the signature stamp's text overlaps "Nơi nhận", so the
    // recipients come out garbled (a PDF reader limit).
    ("binhthuan_snv_totrinh_3367_2024", 0.90),
];

#[test]
fn real_documents_hold_their_figures() {
    let dir = tempfile::tempdir().unwrap();
    // The scans' gold (`*_scan`) is OCR's: held by crates/decree-ocr's tests.
    let golds: Vec<_> = real_gold_files()
        .into_iter()
        .filter(|p| !p.file_stem().is_some_and(|s| s.to_string_lossy().ends_with("_scan")))
        .collect();
    assert!(golds.len() >= 9, "real gold files missing");
    let mut failures = Vec::new();
    for gold_path in golds {
        let stem = gold_path.file_stem().unwrap().to_string_lossy().into_owned();
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&gold_path).unwrap()).unwrap();
        let (last, s) = score_real(&real_source_for(&gold_path), &gold_path, dir.path());
        let doc_floor = BELOW.iter().find(|(b, _)| *b == stem).map_or(0.90, |(_, f)| *f);
        if num(&s, "doc") < doc_floor {
            failures.push(format!("{stem}: document fields: {last}"));
        }
        let has_tasks = gold["tasks"].as_array().is_some_and(|t| !t.is_empty());
        if has_tasks && (num(&s, "tasks_f1") < 0.90 || num(&s, "fields") < 0.90) {
            failures.push(format!("{stem}: tasks: {last}"));
        }
    }
    assert!(failures.is_empty(), "below the figures held:\n{}", failures.join("\n"));
}
