//! OCR results on disk, one small text file per page image, named by a hash
//! of the image's source bytes and of what shapes the result.

use decree_pdf::{ScanPage, ScanRule, ScanWord};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Bump when recognition or correction changes what a page gives.
const VERSION: &str = "decree-ocr/1";

/// `$XDG_CACHE_HOME/decree/ocr`, else `$HOME/.cache/decree/ocr`;
/// `DECREE_OCR_CACHE` overrides (`off` disables).
pub fn default_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("DECREE_OCR_CACHE") {
        return (dir != "off" && !dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("decree").join("ocr"))
}

pub fn key(source: &[u8], correct: bool) -> String {
    let mut h = Sha256::new();
    h.update(VERSION.as_bytes());
    h.update([u8::from(correct)]);
    h.update(source);
    h.finalize().iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}.tsv"))
}

pub fn get(dir: &Path, key: &str) -> Option<ScanPage> {
    let text = std::fs::read_to_string(path(dir, key)).ok()?;
    let mut page = ScanPage::default();
    for line in text.lines() {
        let f: Vec<&str> = line.splitn(6, '\t').collect();
        let n = |i: usize| f.get(i).and_then(|s| s.parse::<f64>().ok());
        match f.first().copied() {
            Some("S") => (page.width, page.height) = (n(1)?, n(2)?),
            Some("W") => page.words.push(ScanWord {
                x0: n(1)?,
                x1: n(2)?,
                baseline: n(3)?,
                size: n(4)?,
                text: (*f.get(5)?).to_owned(),
            }),
            Some("R") => page.rules.push(ScanRule { horizontal: f.get(1)? == &"h", at: n(2)?, from: n(3)?, to: n(4)? }),
            _ => return None,
        }
    }
    Some(page)
}

/// Best effort: a cache that cannot be written only costs time.
pub fn put(dir: &Path, key: &str, page: &ScanPage) {
    let mut s = format!("S\t{}\t{}\n", page.width, page.height);
    for w in &page.words {
        let text = w.text.replace(['\t', '\n', '\r'], " ");
        let _ = writeln!(s, "W\t{}\t{}\t{}\t{}\t{text}", w.x0, w.x1, w.baseline, w.size);
    }
    for r in &page.rules {
        let _ = writeln!(s, "R\t{}\t{}\t{}\t{}", if r.horizontal { "h" } else { "v" }, r.at, r.from, r.to);
    }
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    // Write then rename, so a reader never sees half a file.
    let tmp = dir.join(format!("{key}.{}.tmp", std::process::id()));
    if std::fs::write(&tmp, s).is_ok() {
        let _ = std::fs::rename(&tmp, path(dir, key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_round_trips_through_the_cache() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let page = ScanPage {
            number: 0,
            width: 595.0,
            height: 842.5,
            words: vec![ScanWord { text: "Quyết\tđịnh".into(), x0: 1.5, x1: 20.0, baseline: 30.25, size: 12.0 }],
            rules: vec![ScanRule { horizontal: true, at: 100.0, from: 50.0, to: 500.0 }],
        };
        let k = key(b"image", true);
        assert!(get(dir.path(), &k).is_none());
        put(dir.path(), &k, &page);
        let back = get(dir.path(), &k).unwrap_or_else(|| panic!("not cached"));
        assert_eq!(back.words[0].text, "Quyết định");
        assert_eq!(back.rules, page.rules);
        assert_eq!(back.height, 842.5);
        assert_ne!(k, key(b"image", false));
    }
}
