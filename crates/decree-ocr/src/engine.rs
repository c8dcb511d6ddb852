//! Tesseract through its command line: one process per page, the image piped
//! in as PGM, TSV (words with boxes, lines, confidences) read back.
//!
//! Why the command line and not a binding: measured on the real scans, the
//! process start is ~0.1 s of a 2-4 s page, and the CLI needs nothing at build
//! time (a binding needs libtesseract-dev, clang and bindgen on every machine
//! that builds decree). One thread per process (`OMP_THREAD_LIMIT=1`): pages
//! run in parallel under rayon instead.

use crate::OcrError;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The Debian packages that provide the engine and its Vietnamese model.
pub const PACKAGES: &str = "tesseract-ocr tesseract-ocr-vie";

/// A word as Tesseract read it, in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct TWord {
    /// Block, paragraph and line numbers: the line the word is on.
    pub line: (u32, u32, u32),
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    pub conf: f64,
    pub text: String,
}

/// Checks once that `tesseract` runs and has the `vie` model.
pub fn available() -> Result<(), OcrError> {
    static FOUND: OnceLock<Result<(), String>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let out = Command::new(binary()).arg("--list-langs").stdin(Stdio::null()).output();
            match out {
                Err(e) => Err(format!("tesseract not found ({e})")),
                Ok(o) if !String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "vie") => {
                    Err("tesseract has no Vietnamese model (vie)".to_owned())
                }
                Ok(_) => Ok(()),
            }
        })
        .clone()
        .map_err(|why| OcrError::EngineMissing { why, packages: PACKAGES })
}

fn binary() -> String {
    std::env::var("DECREE_TESSERACT").unwrap_or_else(|_| "tesseract".to_owned())
}

/// Runs Tesseract on a PGM image at `dpi`, killing it after `limit`.
pub fn run(pgm: &[u8], dpi: f64, limit: Duration) -> Result<String, OcrError> {
    available()?;
    let mut child = Command::new(binary())
        .args(["stdin", "stdout", "-l", "vie", "--psm", "3", "--dpi"])
        .arg(format!("{}", dpi.round() as u32))
        .arg("tsv")
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| OcrError::Engine(e.to_string()))?;
    let mut stdin = child.stdin.take().ok_or_else(|| OcrError::Engine("no stdin".into()))?;
    let mut stdout = child.stdout.take().ok_or_else(|| OcrError::Engine("no stdout".into()))?;
    let input = pgm.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).map(|_| s)
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OcrError::Timeout(limit.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(OcrError::Engine(e.to_string())),
        }
    };
    // A broken pipe here means the engine stopped reading; its status says why.
    let _ = writer.join();
    let text = reader.join().map_err(|_| OcrError::Engine("reader thread".into()))?;
    let text = text.map_err(|e| OcrError::Engine(e.to_string()))?;
    if !status.success() {
        return Err(OcrError::Engine(format!("tesseract exited with {status}")));
    }
    Ok(text)
}

/// Words (level 5 rows) of Tesseract's TSV.
pub fn parse_tsv(tsv: &str) -> Vec<TWord> {
    tsv.lines()
        .skip(1)
        .filter_map(|row| {
            let f: Vec<&str> = row.split('\t').collect();
            if f.len() < 12 || f[0] != "5" {
                return None;
            }
            let n = |i: usize| f[i].parse::<f64>().ok();
            let u = |i: usize| f[i].parse::<u32>().ok();
            let text = f[11..].join("\t").trim().to_owned();
            if text.is_empty() {
                return None;
            }
            Some(TWord {
                line: (u(2)?, u(3)?, u(4)?),
                left: n(6)?,
                top: n(7)?,
                width: n(8)?,
                height: n(9)?,
                conf: n(10)?,
                text,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_keep_their_line_and_box() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t322\t246\t2002\t67\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t322\t256\t114\t51\t96.9\tBẢO\n\
                   5\t1\t1\t1\t1\t2\t451\t255\t148\t51\t78.5\t \n";
        let w = parse_tsv(tsv);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].text, "BẢO");
        assert_eq!(w[0].line, (1, 1, 1));
        assert_eq!(w[0].left, 322.0);
    }
}
