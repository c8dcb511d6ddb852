//! The batch: resumable after a kill, byte-identical across runs and thread
//! counts, one error line per bad input, no panic and no hang.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn decree() -> Command {
    Command::new(env!("CARGO_BIN_EXE_decree"))
}

fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

/// `n` distinct text documents: the seeds with a line appended.
fn corpus(dir: &Path, n: usize) {
    let seeds = seeds();
    for i in 0..n {
        let seed = &seeds[i % seeds.len()];
        let mut bytes = std::fs::read(seed).unwrap();
        bytes.extend_from_slice(format!("\nBản sao {i}\n").as_bytes());
        std::fs::write(dir.join(format!("doc{i:04}.txt")), bytes).unwrap();
    }
}

/// Every output file but the manifest (whose times belong to the run), by name.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "manifest.json")
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

fn run(input: &Path, out: &Path, extra: &[&str]) -> (bool, String) {
    let o = decree().arg("convert").arg(input).arg("--out").arg(out).args(extra).output().unwrap();
    (o.status.success(), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn outputs_do_not_depend_on_thread_count_or_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    corpus(&input, 12);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(run(&input, &a, &["-j", "1"]).0);
    assert!(run(&input, &b, &["-j", "4"]).0);
    assert_eq!(outputs(&a), outputs(&b));
    let manifest = std::fs::read(a.join("manifest.json")).unwrap();
    let (ok, stderr) = run(&input, &a, &["-j", "3"]);
    assert!(ok && stderr.contains("0 converted, 12 up to date"), "{stderr}");
    assert_eq!(
        std::fs::read(a.join("manifest.json")).unwrap(),
        manifest,
        "an unchanged batch rewrites the same manifest"
    );
}

#[test]
fn a_killed_batch_resumes_without_redoing_finished_work() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    corpus(&input, 40);
    let out = dir.path().join("out");
    let mut child = decree()
        .arg("convert")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .args(["-j", "1", "-q"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let journal = out.join(".decree-journal.ndjson");
    let started = Instant::now();
    let finished = loop {
        let done = std::fs::read_to_string(&journal).map(|j| j.lines().count()).unwrap_or(0);
        if done >= 5 || started.elapsed() > Duration::from_secs(60) {
            break done;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(finished >= 5, "the batch finished too little before the kill");
    let (ok, stderr) = run(&input, &out, &["-j", "2"]);
    assert!(ok, "{stderr}");
    let converted: usize =
        stderr.split(" converted").next().and_then(|s| s.rsplit(' ').next()).unwrap().parse().unwrap();
    assert!(converted <= 40 - finished, "redid finished work: {stderr}");
    let fresh = dir.path().join("fresh");
    assert!(run(&input, &fresh, &["-j", "2"]).0);
    assert_eq!(outputs(&out), outputs(&fresh), "the resumed batch lost or changed something");
}

#[test]
fn torture_corpus_gives_one_error_per_bad_input_and_outputs_for_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let bad = decree_tests_torture::write(&input);
    for seed in seeds().iter().take(2) {
        std::fs::copy(seed, input.join(seed.file_name().unwrap())).unwrap();
    }
    let out = dir.path().join("out");
    let started = Instant::now();
    let (ok, stderr) = run(&input, &out, &["--timeout", "20", "-q"]);
    assert!(started.elapsed() < Duration::from_secs(120), "the batch hung");
    assert!(!ok);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let errors = std::fs::read_to_string(out.join("errors.ndjson")).unwrap();
    let mut failed: Vec<String> = errors
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            Path::new(v["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    failed.sort();
    let mut expected: Vec<String> = bad.iter().map(|s| (*s).to_owned()).collect();
    expected.sort();
    assert_eq!(failed, expected, "{errors}");
    for seed in seeds().iter().take(2) {
        let stem = seed.file_stem().unwrap().to_string_lossy();
        assert!(out.join(format!("{stem}.json")).exists());
    }
}

/// The small torture corpus (`scripts/torture` builds the full one).
mod decree_tests_torture {
    use std::io::Write;
    use std::path::Path;

    /// Writes the hostile inputs; returns the names of those that must fail.
    pub fn write(dir: &Path) -> Vec<&'static str> {
        let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
        w("empty.pdf", b"");
        w("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R");
        w("binary.txt", &(0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect::<Vec<_>>());
        w("not-word.docx", &zip_with(&[("hello.txt", b"not a Word document".as_slice())]));
        let mut truncated = zip_with(&[("word/document.xml", b"<w:document/>".as_slice())]);
        truncated.truncate(truncated.len() / 2);
        w("truncated.docx", &truncated);
        w("docx-named.pdf", b"PK\x03\x04garbage");
        w("noextension", b"\x00\x01\x02\x03 not a document");
        // Mixed encodings: Latin-1 bytes in a text file are read, not fatal.
        w("latin1.txt", b"K\xe9 ho\xe1ch s\xf4 107/KH-UBND\n");
        w("empty.txt", b"");
        vec![
            "empty.pdf",
            "truncated.pdf",
            "binary.txt",
            "not-word.docx",
            "truncated.docx",
            "docx-named.pdf",
            "noextension",
        ]
    }

    fn zip_with(files: &[(&str, &[u8])]) -> Vec<u8> {
        // A stored (uncompressed) zip written by hand keeps the test free of
        // a zip dependency.
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in files {
            let offset = out.len() as u32;
            let crc = crc32(data);
            let header = |sig: u32, central: bool| {
                let mut h = Vec::new();
                h.extend_from_slice(&sig.to_le_bytes());
                if central {
                    h.extend_from_slice(&20u16.to_le_bytes());
                }
                h.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
                h.extend_from_slice(&crc.to_le_bytes());
                h.extend_from_slice(&(data.len() as u32).to_le_bytes());
                h.extend_from_slice(&(data.len() as u32).to_le_bytes());
                h.extend_from_slice(&(name.len() as u16).to_le_bytes());
                h.extend_from_slice(&0u16.to_le_bytes());
                if central {
                    h.extend_from_slice(&[0; 8]);
                    h.extend_from_slice(&0u32.to_le_bytes()[..2]);
                    h.extend_from_slice(&offset.to_le_bytes());
                }
                h.extend_from_slice(name.as_bytes());
                h
            };
            out.extend(header(0x0403_4b50, false));
            out.write_all(data).unwrap();
            central.extend(header(0x0201_4b50, true));
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&(files.len() as u16).to_le_bytes());
        out.extend_from_slice(&(files.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
}
