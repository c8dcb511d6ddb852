//! Issue 13's probes, each as a test: ids and stores that lose nothing, batches
//! that a file name, a link, a pipe or a stale file cannot break, a time limit
//! that stops work, and terminals that get no raw escape codes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn decree() -> Command {
    Command::new(env!("CARGO_BIN_EXE_decree"))
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(path)
}

fn seed() -> Vec<u8> {
    std::fs::read(fixture("seeds/002_20ed74e4e97bd4cb.txt")).unwrap()
}

fn convert(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    decree().arg("convert").args(inputs).arg("--out").arg(out).args(extra).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap()
}

fn sqlite_count(db: &Path, table: &str) -> i64 {
    let conn = decree_store::open(db).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn pdf_prose_tasks_keep_unique_ids_and_all_reach_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let (out, db) = (dir.path().join("p"), dir.path().join("p.sqlite"));
    let pdf = fixture("pdf/002_20ed74e4e97bd4cb.pdf");
    let run = convert(&[&pdf], &out, &["-q", "--db", db.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("002_20ed74e4e97bd4cb.json")).unwrap()).unwrap();
    let ids: Vec<&str> = json["tasks"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "task ids repeat");
    assert_eq!(sqlite_count(&db, "tasks"), ids.len() as i64);
    let ndjson = std::fs::read_to_string(out.join("records.ndjson")).unwrap();
    assert_eq!(ndjson.lines().filter(|l| l.starts_with("{\"kind\":\"task\"")).count(), ids.len());
}

#[test]
fn a_manifest_named_input_and_an_output_inside_the_input_do_not_break_reruns() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("mf");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("manifest.txt"), seed()).unwrap();
    let inside = input.join("out");
    for _ in 0..2 {
        let run = convert(&[&input], &inside, &["-q"]);
        assert!(run.status.success(), "{}", stderr(&run));
        assert_eq!(manifest(&inside)["inputs"].as_array().unwrap().len(), 1, "only manifest.txt is an input");
    }
    // A later run into its own output folder's parent sees the old output
    // folder as decree's and says it skipped it.
    let other = dir.path().join("other");
    let run = convert(&[&input], &other, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("skipped"), "{}", stderr(&run));
    assert_eq!(manifest(&other)["inputs"].as_array().unwrap().len(), 1);
}

#[test]
fn an_interrupted_run_with_out_inside_the_input_reads_no_own_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("plan.txt"), seed()).unwrap();
    let out = input.join("out");
    assert!(convert(&[&input], &out, &["-q"]).status.success());
    // As a killed run leaves it: outputs, no manifest.
    std::fs::remove_file(out.join("manifest.json")).unwrap();
    std::fs::copy(out.join("plan.json"), input.join("copied.json")).unwrap();
    let run = convert(&[&input], &out, &["-q"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let inputs = manifest(&out)["inputs"].as_array().unwrap().clone();
    let paths: Vec<&str> = inputs.iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(paths, [input.join("plan.txt").display().to_string()]);
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let started = Instant::now();
    let run = convert(&[&fifo, Path::new("/dev/zero")], &dir.path().join("o"), &["-q", "--max-size", "1"]);
    assert!(started.elapsed() < Duration::from_secs(30), "no hang");
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(err.contains("pipe.txt") && err.contains("/dev/zero"), "{err}");
    assert!(err.matches("not a regular file").count() == 2, "{err}");
}

#[test]
fn the_size_limit_holds_on_bytes_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, vec![b'a'; 2 * 1024 * 1024 + 1]).unwrap();
    let bytes = decree_cli::batch::read_limited(&big, 2 * 1024 * 1024);
    assert!(bytes.is_err_and(|e| e.kind() == decree::ErrorKind::TooLarge));
    assert!(decree_cli::batch::read_limited(&big, 3 * 1024 * 1024).is_ok());
}

#[test]
fn a_timed_out_conversion_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let seed = seed();
    let mut bytes = Vec::new();
    while bytes.len() < 40 << 20 {
        bytes.extend_from_slice(&seed);
    }
    std::fs::write(&big, &bytes).unwrap();
    let started = Instant::now();
    let run = convert(&[&big], &dir.path().join("o"), &["-q", "--timeout", "1", "-j", "1"]);
    let took = started.elapsed();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("gave up after 1 s"), "{}", stderr(&run));
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // No worker is left running on the file.
    let name = big.display().to_string();
    let alive =
        std::fs::read_dir("/proc").into_iter().flatten().flatten().any(|p| {
            std::fs::read(p.path().join("cmdline")).is_ok_and(|c| String::from_utf8_lossy(&c).contains(&name))
        });
    assert!(!alive, "a worker still runs");
}

#[test]
fn inputs_removed_since_the_last_run_leave_no_output_and_are_not_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), seed()).unwrap();
    std::fs::write(input.join("b.txt"), std::fs::read(fixture("seeds/000_384f955878bb2b4b.txt")).unwrap()).unwrap();
    let out = dir.path().join("out");
    assert!(convert(&[&input], &out, &["-q"]).status.success());
    std::fs::remove_file(input.join("b.txt")).unwrap();
    assert!(convert(&[&input], &out, &["-q"]).status.success());
    assert!(!out.join("b.json").exists());
    // Even a records file put back by hand is not loaded: the manifest decides.
    std::fs::copy(out.join("a.json"), out.join("stale.json")).unwrap();
    let db = dir.path().join("s.sqlite");
    let load = decree().arg("load").arg(&out).arg("--db").arg(&db).output().unwrap();
    assert!(load.status.success(), "{}", stderr(&load));
    assert_eq!(sqlite_count(&db, "documents"), 1);
    assert!(stderr(&load).contains("1 documents"), "{}", stderr(&load));
}

#[test]
fn an_incomplete_batch_is_refused_by_load() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("manifest.json"), "{\"decree_version\":\"0\",\"incomplete\":\"disk full\",\"inputs\":[]}")
        .unwrap();
    let load = decree().arg("load").arg(&out).arg("--db").arg(dir.path().join("s.sqlite")).output().unwrap();
    assert_eq!(load.status.code(), Some(2));
    assert!(stderr(&load).contains("did not finish"), "{}", stderr(&load));
}

#[test]
fn orphan_temporary_files_are_cleaned_at_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // pid 1 is never a decree of ours; an impossible pid stands for a dead run.
    let orphan = out.join(".records.ndjson.4000000000.tmp");
    std::fs::write(&orphan, "half").unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, seed()).unwrap();
    assert!(convert(&[&input], &out, &["-q"]).status.success());
    assert!(!orphan.exists());
}

#[test]
fn two_first_loads_into_a_new_store_do_not_race() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(convert(&[&fixture("seeds/002_20ed74e4e97bd4cb.txt")], &out, &["-q"]).status.success());
    for round in 0..4 {
        let db = dir.path().join(format!("race{round}.sqlite"));
        let spawn = || decree().arg("load").arg(&out).arg("--db").arg(&db).stderr(std::process::Stdio::piped()).spawn();
        let (a, b) = (spawn().unwrap(), spawn().unwrap());
        for child in [a, b] {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
        }
        assert_eq!(sqlite_count(&db, "documents"), 1);
    }
}

#[test]
fn an_over_long_name_is_shortened_with_a_hash() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{}abc.txt", "kế-hoạch-".repeat(18));
    assert!(name.len() > 239 && name.len() < 255);
    let input = dir.path().join(&name);
    std::fs::write(&input, seed()).unwrap();
    let out = dir.path().join("out");
    let run = convert(&[&input], &out, &["-q"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let stem = manifest(&out)["inputs"][0]["stem"].as_str().unwrap().to_owned();
    assert!(stem.len() <= 200 && out.join(format!("{stem}.json")).exists(), "{stem}");
}

#[test]
fn documents_that_yield_nothing_are_counted_and_fail_strict() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let ini = dir.path().join("desktop.ini");
    std::fs::write(&ini, "[.ShellClassInfo]\nIconResource=x\n").unwrap();
    let out = dir.path().join("out");
    let run = convert(&[&empty, &ini], &out, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("2 yielded nothing"), "{}", stderr(&run));
    let strict = convert(&[&empty, &ini], &out, &["--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

#[test]
fn escape_codes_in_names_and_text_reach_no_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("a\u{1b}]0;pwned\u{7}.pdf");
    std::fs::write(&evil, b"%PDF-1.7\n garbage \x1b[2J").unwrap();
    let run = convert(&[&evil], &dir.path().join("o"), &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!run.stderr.contains(&0x1b) && !run.stderr.contains(&0x07), "{}", stderr(&run));
    // check prints findings whose message quotes document text.
    let out = dir.path().join("o2");
    let text = format!("{}\n1. Nhiệm vụ \u{1b}[2J\u{1b}]0;x\u{7}\n", String::from_utf8_lossy(&seed()));
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, text).unwrap();
    assert!(convert(&[&doc], &out, &["-q"]).status.success());
    let check = decree().arg("check").arg(out.join("doc.json")).output().unwrap();
    assert!(!check.stdout.contains(&0x1b) && !check.stderr.contains(&0x1b));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_converts_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), seed()).unwrap();
    std::os::unix::fs::symlink("..", input.join("up")).unwrap();
    std::os::unix::fs::symlink(".", input.join("here")).unwrap();
    let run = convert(&[&input], &dir.path().join("o"), &["-q"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(manifest(&dir.path().join("o"))["inputs"].as_array().unwrap().len(), 1);
}
