//! The `decree` command's own library: batches of inputs (walking folders,
//! parallel conversion, the manifest) on top of the `decree` pipeline crate.

pub mod batch;

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What a walk found: the inputs, and what it left out and why.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<PathBuf>,
    /// Paths not taken as inputs, each with a reason a person can act on.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Input files: the files given, and every regular file under directories
/// given, sorted for a stable order. Hidden files, the batch's own output
/// folder `out` and decree's own outputs (told by content, whatever their
/// name) are left out and listed in `skipped`. Symbolic links are followed
/// once per real path, so a link back up the tree cannot loop.
pub fn collect_inputs(paths: &[PathBuf], out: Option<&Path>) -> Result<Inputs, decree::Error> {
    let mut walk =
        Walk { inputs: Inputs::default(), seen: HashSet::new(), out: out.and_then(|o| std::fs::canonicalize(o).ok()) };
    for p in paths {
        if p.is_dir() {
            walk.dir(p)?;
        } else {
            // A file named on the command line is always tried: it fails with
            // its own line when it is not a regular file.
            walk.inputs.files.push(p.clone());
        }
    }
    Ok(walk.inputs)
}

struct Walk {
    inputs: Inputs,
    /// Real paths already visited (directories and files).
    seen: HashSet<PathBuf>,
    out: Option<PathBuf>,
}

impl Walk {
    fn dir(&mut self, dir: &Path) -> Result<(), decree::Error> {
        let real = std::fs::canonicalize(dir).map_err(|e| decree::Error::io(dir, e))?;
        if !self.seen.insert(real.clone()) {
            return Ok(());
        }
        if self.out.as_ref() == Some(&real) {
            self.skip(dir, "the output folder of this batch");
            return Ok(());
        }
        if is_batch_output(dir) {
            self.skip(dir, "a decree output folder (it holds decree's manifest.json)");
            return Ok(());
        }
        let io = |source| decree::Error::io(dir, source);
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir).map_err(io)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            // `metadata` follows links: a link counts as what it points to.
            match std::fs::metadata(&p) {
                Ok(m) if m.is_dir() => self.dir(&p)?,
                Ok(m) if m.is_file() => self.file(p),
                Ok(_) => self.skip(&p, "not a regular file (a pipe, socket or device)"),
                Err(e) => self.skip(&p, &format!("cannot be read: {e}")),
            }
        }
        Ok(())
    }

    fn file(&mut self, p: PathBuf) {
        let Ok(real) = std::fs::canonicalize(&p) else { return self.skip(&p, "cannot resolve its path") };
        if !self.seen.insert(real) {
            return;
        }
        match own_output(&p) {
            Some(what) => self.skip(&p, &format!("decree's own output ({what})")),
            None => self.inputs.files.push(p),
        }
    }

    fn skip(&mut self, p: &Path, why: &str) {
        self.inputs.skipped.push((p.to_owned(), why.to_owned()));
    }
}

/// A folder a decree batch wrote: its `manifest.json` is decree's.
fn is_batch_output(dir: &Path) -> bool {
    own_output(&dir.join("manifest.json")) == Some("a batch manifest")
}

/// What kind of decree output a file is, judged by its first bytes, or None
/// for anything else (a source document).
pub fn own_output(path: &Path) -> Option<&'static str> {
    let mut head = Vec::with_capacity(512);
    let file = std::fs::File::open(path).ok()?;
    file.take(512).read_to_end(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head);
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.starts_with(&format!("{{\"schema\":\"{}\"", decree_model::SCHEMA_ID)) {
        Some("a records file")
    } else if compact.starts_with("{\"decree_version\":") {
        Some("a batch manifest")
    } else if compact.starts_with("{\"kind\":\"document\",\"document_id\":") {
        Some("a records stream")
    } else if compact.starts_with('{') && compact.contains("\"error_kind\":") && compact.contains("\"path\":") {
        Some("an error list")
    } else {
        None
    }
}

/// Text safe to print on a terminal: control characters (escape sequences
/// that set the title or clear the screen, carriage returns, bells) are shown
/// as `\u{1b}` instead of being sent raw. `keep_newlines` leaves line breaks.
pub fn printable(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let control = c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}');
        if control && !(keep_newlines && c == '\n') {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn escape_codes_are_shown_not_sent() {
        let s = printable("a\u{1b}]0;pwned\u{7}b\u{1b}[2J\r\n", false);
        assert_eq!(s, "a\\u{1b}]0;pwned\\u{7}b\\u{1b}[2J\\u{d}\\u{a}");
        assert_eq!(printable("Sở Nội vụ\n", true), "Sở Nội vụ\n");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("in");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("a.txt"), "Kế hoạch").unwrap();
        std::os::unix::fs::symlink("..", sub.join("up")).unwrap();
        std::os::unix::fs::symlink(".", sub.join("self")).unwrap();
        std::os::unix::fs::symlink("a.txt", sub.join("b.txt")).unwrap();
        let found = collect_inputs(std::slice::from_ref(&sub), None).unwrap();
        assert_eq!(found.files, [sub.join("a.txt")]);
    }

    #[cfg(unix)]
    #[test]
    fn own_outputs_and_special_files_are_skipped_and_said() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("plan.txt"), "Kế hoạch").unwrap();
        std::fs::write(d.join("x.json"), "{\n  \"schema\": \"decree-records/1\",\n  \"document\": {}}").unwrap();
        std::fs::write(d.join("r.ndjson"), "{\"kind\":\"document\",\"document_id\":\"sha256:0\"}\n").unwrap();
        let old = d.join("old-out");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("manifest.json"), "{\n  \"decree_version\": \"0.1.0\",\n  \"inputs\": []\n}").unwrap();
        let fifo = d.join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
        let found = collect_inputs(&[d.to_owned()], None).unwrap();
        assert_eq!(found.files, [d.join("plan.txt")]);
        let skipped: Vec<&Path> = found.skipped.iter().map(|(p, _)| p.as_path()).collect();
        assert!(skipped.contains(&old.as_path()) && skipped.contains(&d.join("x.json").as_path()));
        assert!(skipped.contains(&d.join("r.ndjson").as_path()));
        assert_eq!(skipped.contains(&fifo.as_path()), made);
    }
}
