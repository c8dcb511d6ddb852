//! The seeds' annex tables as workbooks (`fixtures/sheets/`, written by
//! `scripts/make-fixtures-sheets` from the seeds, `.xls` and `.ods` converted by
//! LibreOffice) through the whole pipeline, scored against the hand-made gold with
//! the gold scorer: tasks F1 ≥ 0.98 in every format.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use decree_tests::{convert_to_value, num, root, run_scorer, seeds, summary};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FORMATS: [&str; 3] = ["xlsx", "xls", "ods"];
/// Seed id and the gold file covering its annexes.
const GOLD: [(&str, &str); 3] = [("000", "000.tasks.json"), ("002", "002.json"), ("004", "004.json")];

fn workbook(seed: &str, ext: &str) -> PathBuf {
    let dir = root().join("fixtures/sheets");
    let stem = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{seed}_")))
        .unwrap_or_else(|| panic!("no workbook for seed {seed} in {}", dir.display()));
    stem.with_extension(ext)
}

fn seed_text(seed: &str) -> PathBuf {
    seeds().into_iter().find(|s| s.file_name().unwrap().to_string_lossy().starts_with(&format!("{seed}_"))).unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The start of a task's text as the scorer compares it, enough to tell tasks apart.
fn key(text: &str) -> String {
    let t = text.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    t.trim_matches(|c: char| " -;,.:\t".contains(c)).chars().take(40).collect()
}

fn in_annex(task: &Value) -> Option<&str> {
    task["path"][0].as_str().filter(|h| h.starts_with("Phụ lục"))
}

/// The gold as a workbook of the annexes can meet it: no document, no targets, no
/// findings, and no tasks of the plan's body (002's gold covers its body too). A
/// gold task is a body task when the text seed's own reading has a task outside
/// the annexes that starts the same way.
fn annex_gold(gold: &Value, text: &Value) -> Value {
    let body: Vec<String> = text["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| in_annex(t).is_none())
        .map(|t| key(t["text"].as_str().unwrap_or("")))
        .collect();
    let tasks: Vec<Value> = gold["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["optional"].as_bool() == Some(true) || !body.contains(&key(t["text"].as_str().unwrap_or(""))))
        .cloned()
        .collect();
    serde_json::json!({ "document": null, "annexes": gold["annexes"], "tasks": tasks, "findings": [], "forbidden_findings": [] })
}

/// Keeps the tasks of the gold's annexes.
fn annex_tasks(out: &mut Value, gold: &Value) {
    let annexes: Vec<&str> = gold["annexes"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    out["tasks"].as_array_mut().unwrap().retain(|t| in_annex(t).is_some_and(|a| annexes.contains(&a)));
}

/// Runs the gold scorer; its report and the summary line's `key=value` pairs.
fn score(gold: &Value, out: &Value, dir: &Path, name: &str) -> (String, BTreeMap<String, String>) {
    let (g, o) = (dir.join(format!("{name}.gold.json")), dir.join(format!("{name}.out.json")));
    std::fs::write(&g, serde_json::to_string(gold).unwrap()).unwrap();
    std::fs::write(&o, serde_json::to_string(out).unwrap()).unwrap();
    let text = run_scorer(&g, &o);
    let pairs = summary(text.lines().last().unwrap_or(""));
    (text, pairs)
}

#[test]
fn seed_workbooks_meet_the_gold_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (seed, gold_file) in GOLD {
        let text = convert_to_value(&seed_text(seed));
        let gold = annex_gold(&read_json(&root().join("tests/gold").join(gold_file)), &text);
        for ext in FORMATS {
            let mut out = convert_to_value(&workbook(seed, ext));
            annex_tasks(&mut out, &gold);
            let (report, s) = score(&gold, &out, dir.path(), &format!("{seed}.{ext}"));
            let last = report.lines().last().unwrap_or("");
            println!("{seed}.{ext}: {last}");
            if num(&s, "tasks_f1") < 0.98 || num(&s, "fields") < 0.95 {
                failures.push(format!("{seed}.{ext}: {report}"));
            }
        }
    }
    assert!(failures.is_empty(), "below threshold:\n{}", failures.join("\n"));
}

/// Seed 000's target tables as workbooks: Phụ lục 1 (percentages stored as
/// fractions with a `%` format, counts with a `0" ngày"` format) and the plan's
/// four body tables (`targets-000`, one sheet per index). Together they give every
/// gold target with the gold's numbers, and the body tables' arithmetic
/// contradictions (a SIPAS mean that is not the mean of its criteria, a target
/// below its baseline, a numbering gap) are caught with no false finding.
#[test]
fn target_workbooks_give_the_gold_targets_and_findings() {
    let dir = tempfile::tempdir().unwrap();
    let full = read_json(&root().join("tests/gold/000.json"));
    let gold = serde_json::json!({
        "document": null, "tasks": [], "targets": full["targets"],
        "findings": full["findings"], "forbidden_findings": full["forbidden_findings"],
    });
    for ext in FORMATS {
        let mut body = convert_to_value(&root().join("fixtures/sheets/targets-000").with_extension(ext));
        let (report, s) = score(&gold, &body, dir.path(), &format!("targets-000.{ext}"));
        let wanted = full["findings"].as_array().unwrap().len();
        assert_eq!(s["findings"], format!("{wanted}/{wanted}"), "targets-000.{ext}\n{report}");
        assert_eq!(s["false"], "0", "targets-000.{ext}\n{report}");
        // The union of both outputs; an indicator both name keeps the body's record (its maximum).
        let annex = convert_to_value(&workbook("000", ext));
        body["targets"].as_array_mut().unwrap().extend(annex["targets"].as_array().unwrap().iter().cloned());
        let known: Vec<Value> = body["indicators"].as_array().unwrap().iter().map(|i| i["id"].clone()).collect();
        let new = annex["indicators"].as_array().unwrap().iter().filter(|i| !known.contains(&i["id"])).cloned();
        body["indicators"].as_array_mut().unwrap().extend(new);
        let (report, s) = score(&gold, &body, dir.path(), &format!("000-targets.{ext}"));
        let (hit, all) = s["targets"].split_once('/').unwrap();
        assert_eq!(hit, all, "000.{ext} + targets-000.{ext}\n{report}");
    }
}

/// The three formats of one workbook give the same tasks.
#[test]
fn formats_agree() {
    for (seed, _) in GOLD {
        let tasks = |ext: &str| -> Vec<String> {
            let out = convert_to_value(&workbook(seed, ext));
            out["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| format!("{} {} {} {} {}", t["code"], t["text"], t["lead"], t["support"], t["monitor"]))
                .collect()
        };
        let xlsx = tasks("xlsx");
        assert!(xlsx.len() > 20, "{seed}: {} tasks", xlsx.len());
        for ext in ["xls", "ods"] {
            assert_eq!(tasks(ext), xlsx, "{seed}.{ext} differs from .xlsx");
        }
    }
}
