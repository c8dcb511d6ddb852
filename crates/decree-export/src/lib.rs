//! Writers for the records contract: one pretty JSON object per document, and the
//! batch's `records.ndjson` with one line per record.

use decree_model::Records;
use serde::Serialize;
use serde_json::{Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot serialise records: {0}")]
    Json(#[from] serde_json::Error),
}

/// The document's JSON, pretty-printed, with a final newline.
pub fn to_json(records: &Records) -> Result<String, ExportError> {
    let mut s = serde_json::to_string_pretty(records)?;
    s.push('\n');
    Ok(s)
}

/// Writes `contents` to `path` atomically: a temporary file in the same
/// directory, then a rename, so a reader never sees half a file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), ExportError> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(contents)?;
    f.commit()
}

/// A file written in pieces that appears under its name only when committed;
/// dropped uncommitted, it leaves nothing behind.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<Self, ExportError> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp).map_err(|source| ExportError::Io { path: path.to_owned(), source })?;
        Ok(AtomicFile { path: path.to_owned(), tmp, file: Some(std::io::BufWriter::new(file)) })
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), ExportError> {
        let io = |source| ExportError::Io { path: self.path.clone(), source };
        match self.file.as_mut() {
            Some(f) => f.write_all(bytes).map_err(io),
            None => Err(io(std::io::Error::other("already committed"))),
        }
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> Result<(), ExportError> {
        let io = |source| ExportError::Io { path: self.path.clone(), source };
        let Some(writer) = self.file.take() else { return Ok(()) };
        let file = writer.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&self.tmp, &self.path).map_err(io)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// One NDJSON line per record of the document: `{"kind", "document_id", ...record}`.
pub fn ndjson_lines(records: &Records) -> Result<Vec<String>, ExportError> {
    let id = records.document.id.as_str();
    let mut lines = vec![line("document", id, &records.document)?];
    for r in &records.indicators {
        lines.push(line("indicator", id, r)?);
    }
    for r in &records.targets {
        lines.push(line("target", id, r)?);
    }
    for r in &records.tasks {
        lines.push(line("task", id, r)?);
    }
    for r in &records.findings {
        lines.push(line("finding", id, r)?);
    }
    Ok(lines)
}

fn line<T: Serialize>(kind: &str, document_id: &str, record: &T) -> Result<String, ExportError> {
    let mut obj = Map::new();
    obj.insert("kind".to_owned(), Value::from(kind));
    obj.insert("document_id".to_owned(), Value::from(document_id));
    if let Value::Object(fields) = serde_json::to_value(record)? {
        for (k, v) in fields {
            // The document's own `id` is the document_id already.
            if !(kind == "document" && k == "id") {
                obj.insert(k, v);
            }
        }
    }
    Ok(serde_json::to_string(&Value::Object(obj))?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use decree_model::*;

    fn sample() -> Records {
        Records {
            schema: SCHEMA_ID.to_owned(),
            document: Document::new(
                "sha256:00".to_owned(),
                Source { path: "a.txt".to_owned(), format: Format::Txt, bytes: 1, pages: None },
            ),
            indicators: vec![],
            targets: vec![],
            tasks: vec![],
            findings: vec![Finding {
                rule: "unparsed".to_owned(),
                severity: Severity::Info,
                subjects: vec![],
                message: "m".to_owned(),
                expected: None,
                actual: None,
                provenance: Provenance::line(3),
            }],
        }
    }

    #[test]
    fn an_atomic_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.ndjson");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"a\n").unwrap();
        f.write_all(b"b\n").unwrap();
        assert!(!path.exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a\nb\n");
        let mut abandoned = AtomicFile::create(&dir.path().join("other")).unwrap();
        abandoned.write_all(b"half").unwrap();
        drop(abandoned);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["records.ndjson"]);
    }

    #[test]
    fn ndjson_has_kind_and_document_id_on_every_line() {
        let lines = ndjson_lines(&sample()).unwrap();
        assert_eq!(lines.len(), 2);
        for l in &lines {
            let v: Value = serde_json::from_str(l).unwrap();
            assert_eq!(v["document_id"], "sha256:00");
            assert!(v["kind"].is_string());
        }
        assert!(lines[1].contains("\"rule\":\"unparsed\""));
    }

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
