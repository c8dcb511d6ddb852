//! Scores every seed against its hand-made gold file with the shared scorer
//! (`../shared/eval/score.py`) and holds the thresholds: tasks F1 ≥ 0.95,
//! field accuracy ≥ 0.90, every gold target exact, document fields all right.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use decree_tests::{convert_to_value, filter_tasks, root, seeds, summary};
use serde_json::Value;
use std::process::Command;

#[test]
fn seeds_meet_the_gold_thresholds() {
    let scorer = root().join("../shared/eval/score.py");
    assert!(scorer.exists(), "the shared scorer is missing: {}", scorer.display());
    let dir = tempfile::tempdir().unwrap();
    let mut gold_files: Vec<_> = std::fs::read_dir(root().join("tests/gold"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    gold_files.sort();
    assert!(gold_files.len() >= 4);
    let mut failures = Vec::new();
    for gold_path in gold_files {
        let name = gold_path.file_name().unwrap().to_string_lossy().into_owned();
        let seed_id = name.split('.').next().unwrap();
        let seed = seeds()
            .into_iter()
            .find(|s| s.file_name().unwrap().to_string_lossy().starts_with(&format!("{seed_id}_")))
            .unwrap();
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&gold_path).unwrap()).unwrap();
        let mut out = convert_to_value(&seed);
        filter_tasks(&mut out, &gold);
        let out_path = dir.path().join(&name);
        std::fs::write(&out_path, serde_json::to_string(&out).unwrap()).unwrap();
        let run = Command::new("python3").arg(&scorer).arg(&gold_path).arg(&out_path).output().expect("python3 runs");
        let text = String::from_utf8_lossy(&run.stdout);
        let last = text.lines().last().unwrap_or("");
        println!("{name}: {last}");
        let s = summary(last);
        let num = |k: &str| s.get(k).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        let has_tasks = gold["tasks"].as_array().is_some_and(|t| !t.is_empty());
        if has_tasks && (num("tasks_f1") < 0.95 || num("fields") < 0.90) {
            failures.push(format!("{name}: {last}"));
        }
        if num("doc") < 1.0 {
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
