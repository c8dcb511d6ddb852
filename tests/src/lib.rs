//! Helpers shared by the end-to-end tests.

pub mod score;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The seed fixtures, sorted.
pub fn seeds() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/seeds"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"));
    v.sort();
    v
}

/// Converts a file to its JSON value, with the source path made relative so
/// snapshots do not depend on where the repository is checked out.
pub fn convert_to_value(path: &std::path::Path) -> serde_json::Value {
    let records = decree::convert(path).unwrap_or_else(|e| panic!("{e}")).output;
    let mut v = serde_json::to_value(&records).unwrap_or_else(|e| panic!("{e}"));
    if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
        v["document"]["source"]["path"] = serde_json::Value::from(format!("fixtures/seeds/{name}"));
    }
    v
}

/// Whether reference outputs should be rewritten (`DECREE_BLESS=1`).
pub fn bless() -> bool {
    std::env::var_os("DECREE_BLESS").is_some()
}

/// The summary line's `key=value` pairs.
pub fn summary(line: &str) -> BTreeMap<String, String> {
    line.split_whitespace().filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
}

/// Keeps the tasks the gold file covers: its annexes, and the body when it has a document.
pub fn filter_tasks(out: &mut Value, gold: &Value) {
    let annexes: Vec<&str> =
        gold["annexes"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let has_doc = !gold["document"].is_null();
    if let Some(tasks) = out["tasks"].as_array_mut() {
        tasks.retain(|t| {
            let head = t["path"][0].as_str().unwrap_or("");
            if head.starts_with("Phụ lục") {
                annexes.contains(&head)
            } else {
                has_doc
            }
        });
    }
}

/// The hand-made gold files in `tests/gold`, sorted.
pub fn gold_files() -> Vec<PathBuf> {
    json_files("tests/gold")
}

/// The `.json` files directly in `dir` (relative to the repository), sorted.
fn json_files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "json"));
    v.sort();
    v
}

/// The seed a gold file (`000.tasks.json`) is written for (`000_….txt`).
pub fn seed_for(gold: &Path) -> PathBuf {
    let name = gold.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let id = name.split('.').next().unwrap_or_default().to_owned();
    seeds()
        .into_iter()
        .find(|s| s.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&format!("{id}_"))))
        .unwrap_or_else(|| panic!("no seed for {name}"))
}

/// Scores an output file against a gold file (see [`score`]); the whole report, as
/// score.py prints it.
pub fn run_scorer(gold_path: &Path, out_path: &Path) -> String {
    let read = |p: &Path| -> Value {
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    score::score(&read(gold_path), &read(out_path), false).report()
}

/// Converts `source`, keeps the tasks the gold file covers, and scores it: the
/// summary line and its `key=value` pairs. `tag` keeps outputs apart in `dir`.
pub fn score_file(source: &Path, gold_path: &Path, dir: &Path, tag: &str) -> (String, BTreeMap<String, String>) {
    let text = std::fs::read_to_string(gold_path).unwrap_or_else(|e| panic!("{}: {e}", gold_path.display()));
    let gold: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", gold_path.display()));
    let mut out = convert_to_value(source);
    filter_tasks(&mut out, &gold);
    let stem = gold_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let out_path = dir.join(format!("{tag}-{stem}.json"));
    let json = serde_json::to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&out_path, json).unwrap_or_else(|e| panic!("{}: {e}", out_path.display()));
    let report = run_scorer(gold_path, &out_path);
    let last = report.lines().last().unwrap_or("").to_owned();
    println!("{tag} {} vs {}: {last}", source.display(), gold_path.display());
    let pairs = summary(&last);
    (last, pairs)
}

/// The hand-read gold files of the real public documents (`tests/gold/real`), sorted.
pub fn real_gold_files() -> Vec<PathBuf> {
    json_files("tests/gold/real")
}

/// The real document (`fixtures/real/<stem>.*`) a gold file is written for.
pub fn real_source_for(gold: &Path) -> PathBuf {
    let stem = gold.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    std::fs::read_dir(root().join("fixtures/real"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == stem))
        .unwrap_or_else(|| panic!("no fixture for {stem}"))
}

/// Converts a whole real document (every task counts) and scores it.
pub fn score_real(source: &Path, gold_path: &Path, dir: &Path) -> (String, BTreeMap<String, String>) {
    let out = convert_to_value(source);
    let stem = gold_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let out_path = dir.join(format!("real-{stem}.json"));
    let json = serde_json::to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&out_path, json).unwrap_or_else(|e| panic!("{}: {e}", out_path.display()));
    let report = run_scorer(gold_path, &out_path);
    let last = report.lines().last().unwrap_or("").to_owned();
    println!("{report}");
    let pairs = summary(&last);
    (last, pairs)
}

/// A number from a summary, 0 when absent.
pub fn num(s: &BTreeMap<String, String>, k: &str) -> f64 {
    s.get(k).and_then(|v| v.parse().ok()).unwrap_or(0.0)
}
