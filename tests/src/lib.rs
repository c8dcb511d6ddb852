//! Helpers shared by the end-to-end tests.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

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
    let records = decree::convert_file(path).unwrap_or_else(|e| panic!("{e}"));
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
