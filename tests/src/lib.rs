//! Helpers shared by the end-to-end tests.

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
