//! Command-line behaviour outside the batch: `layout` over several files, and
//! `--parquet` refused up front in a build without the feature.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn decree() -> Command {
    Command::new(env!("CARGO_BIN_EXE_decree"))
}

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds").join(name)
}

#[test]
fn layout_of_several_files_is_one_json_line_each() {
    let files = [seed("000_384f955878bb2b4b.txt"), seed("002_20ed74e4e97bd4cb.txt")];
    let out = decree().arg("layout").args(&files).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    for (line, file) in lines.iter().zip(&files) {
        assert_eq!(line["path"], file.display().to_string());
        assert!(line["layout"]["blocks"].as_array().is_some_and(|b| !b.is_empty()));
    }
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_without_the_feature_is_refused_before_converting() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = decree()
        .args(["convert", "-q", "--out"])
        .arg(&out_dir)
        .arg("--parquet")
        .arg(dir.path().join("pq"))
        .arg(seed("002_20ed74e4e97bd4cb.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--features parquet"), "{err}");
    assert!(!out_dir.exists(), "nothing is converted");
}
