//! The `decree` command's own library: batches of inputs (walking folders,
//! parallel conversion, the manifest) on top of the `decree` pipeline crate.

pub mod batch;

use std::path::{Path, PathBuf};

/// Input files: the files given, and every file under directories given (hidden
/// ones and decree's own outputs aside), sorted for a stable order. Formats are
/// told by content, so a file with a wrong or missing extension is still tried.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, decree::Error> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), decree::Error> {
    let io = |source| decree::Error::io(dir, source);
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(io)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden || p.join("manifest.json").exists() {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.is_file() {
            out.push(p);
        }
    }
    Ok(())
}
