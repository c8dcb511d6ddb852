//! Scores every seed against its hand-made gold file with the gold scorer
//! (`decree_tests::score`, a port of the project's `score.py`) and holds the thresholds: tasks F1 ≥ 0.95,
//! field accuracy ≥ 0.90, every gold target exact, document fields all right.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use decree_tests::{gold_files, num, score_file, seed_for};
use serde_json::Value;

#[test]
fn seeds_meet_the_gold_thresholds() {
    let dir = tempfile::tempdir().unwrap();
    let gold_files = gold_files();
    assert!(gold_files.len() >= 4);
    let mut failures = Vec::new();
    for gold_path in gold_files {
        let name = gold_path.file_name().unwrap().to_string_lossy().into_owned();
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&gold_path).unwrap()).unwrap();
        let (last, s) = score_file(&seed_for(&gold_path), &gold_path, dir.path(), "seed");
        let has_tasks = gold["tasks"].as_array().is_some_and(|t| !t.is_empty());
        if has_tasks && (num(&s, "tasks_f1") < 0.95 || num(&s, "fields") < 0.90) {
            failures.push(format!("{name}: {last}"));
        }
        if num(&s, "doc") < 1.0 {
            failures.push(format!("{name}: document fields: {last}"));
        }
        if let Some(t) = s.get("targets") {
            let (hit, all) = t.split_once('/').unwrap();
            if hit != all {
                failures.push(format!("{name}: targets {t}"));
            }
        }
    }
    assert!(failures.is_empty(), "below threshold:\n{}", failures.join("\n"));
}
