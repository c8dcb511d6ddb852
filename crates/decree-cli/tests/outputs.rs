//! What people open: the workbook (`--xlsx`) and the HTML report (`--report`,
//! `decree report`) of the fixtures, checked against the NDJSON they come from.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const SCRIPT: &str = "<script>alert(1)</script>";
const FORMULA: &str = "=HYPERLINK(\"http://x\",\"y\")";

fn decree() -> Command {
    Command::new(env!("CARGO_BIN_EXE_decree"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Data rows of each sheet (the header aside).
fn sheet_rows(path: &Path) -> BTreeMap<String, usize> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let names = book.sheet_names();
    names.into_iter().map(|n| (n.clone(), book.worksheet_range(&n).unwrap().height().saturating_sub(1))).collect()
}

#[test]
fn workbook_rows_match_the_ndjson_and_the_report_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    let (out, xlsx, html) = (dir.path().join("out"), dir.path().join("batch.xlsx"), dir.path().join("report.html"));
    let started = Instant::now();
    run(decree().current_dir(root()).args(["convert", "fixtures", "-q", "--out"]).arg(&out).arg("--xlsx").arg(&xlsx));
    let convert = started.elapsed();
    let started = Instant::now();
    run(decree().args(["report"]).arg(&out).arg("--html").arg(&html));
    let report = started.elapsed();
    eprintln!("convert + workbook {convert:?}, report {report:?}");

    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for line in std::fs::read_to_string(out.join("records.ndjson")).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        // A duty's own `kind` field names its NDJSON line: it is a task record.
        let kind = match v["kind"].as_str().unwrap() {
            "duty" => "task",
            k => k,
        };
        *kinds.entry(kind.to_owned()).or_default() += 1;
    }
    let rows = sheet_rows(&xlsx);
    let pairs = [
        ("document", "Văn bản"),
        ("indicator", "Chỉ số"),
        ("target", "Chỉ tiêu"),
        ("task", "Nhiệm vụ"),
        ("finding", "Phát hiện"),
    ];
    for (kind, sheet) in pairs {
        assert_eq!(rows[sheet], kinds[kind], "{sheet} rows against {kind} lines");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let converted = manifest["inputs"].as_array().unwrap().iter().filter(|e| e["status"] == "ok").count();
    assert_eq!(kinds["document"], converted, "a document line per converted fixture");
    let size = std::fs::metadata(&html).unwrap().len();
    assert!(size < 5 * 1024 * 1024, "report of {size} bytes");
}

/// A converted batch whose first two tasks say what a hostile document could.
fn hostile_batch(out: &Path) {
    let seed = root().join("fixtures/seeds/000_384f955878bb2b4b.txt");
    run(decree().args(["convert", "-q", "--out"]).arg(out).arg(&seed));
    let json = out.join("000_384f955878bb2b4b.json");
    let mut records: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    records["tasks"][0]["text"] = SCRIPT.into();
    records["tasks"][1]["text"] = FORMULA.into();
    std::fs::write(&json, serde_json::to_string(&records).unwrap()).unwrap();
}

#[test]
fn hostile_task_text_is_literal_in_the_workbook_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let (out, xlsx, html) = (dir.path().join("out"), dir.path().join("b.xlsx"), dir.path().join("r.html"));
    hostile_batch(&out);
    run(decree().arg("load").arg(&out).arg("--xlsx").arg(&xlsx));
    run(decree().arg("report").arg(&out).arg("--html").arg(&html));

    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let tasks = book.worksheet_range("Nhiệm vụ").unwrap();
    assert_eq!(tasks.get((1, 3)), Some(&Data::String(SCRIPT.to_owned())));
    assert_eq!(tasks.get((2, 3)), Some(&Data::String(FORMULA.to_owned())));
    let formulas = book.worksheet_formula("Nhiệm vụ").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a cell became a formula");

    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"));
    assert!(!page.contains("<script"), "markup from a document reached the page");
}
