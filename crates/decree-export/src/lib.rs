//! Writers for the records contract: one pretty JSON object per document, and the
//! batch's `records.ndjson` with one line per record.

use decree_model::Records;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot serialise records: {0}")]
    Json(#[from] serde_json::Error),
}

/// Where converted records go: one document at a time, then `finish`. The
/// batch feeds every sink (records stream, SQLite store, Parquet files, ...)
/// the same records in one pass, in input order.
pub trait Sink {
    /// What the sink writes to, for messages (`records.ndjson`, a store path).
    fn name(&self) -> String;
    /// Adds one document's records.
    fn write(&mut self, records: &Records) -> Result<(), SinkError>;
    /// Completes the output; returns what it now holds, per table or kind
    /// (`("tasks", 111)`), so a report counts what is there, not what was sent.
    fn finish(&mut self) -> Result<Vec<(String, u64)>, SinkError>;
}

/// A sink's failure, with the sink's own error as its source.
#[derive(Debug)]
pub struct SinkError {
    pub sink: String,
    pub source: Box<dyn std::error::Error + Send + Sync + 'static>,
}

/// Names the sink, unless its own error already does (then says that alone,
/// so the path is not printed twice).
impl std::fmt::Display for SinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let own = self.source.to_string();
        if own.contains(&self.sink) {
            f.write_str(&own)
        } else {
            write!(f, "cannot write {}", self.sink)
        }
    }
}

impl std::error::Error for SinkError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

impl SinkError {
    pub fn new(sink: impl Into<String>, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        SinkError { sink: sink.into(), source: source.into() }
    }
}

/// An error and its causes on one line, each said once: a level whose message
/// the one above already holds (`… (os error 28)`) is left out.
pub fn report(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        next = cause.source();
    }
    out
}

/// `records.ndjson` as a sink: one line per record, written to a temporary
/// file that takes the name only when finished.
pub struct NdjsonSink {
    file: Option<AtomicFile>,
    path: PathBuf,
    lines: BTreeMap<&'static str, u64>,
}

impl NdjsonSink {
    pub fn create(path: &Path) -> Result<Self, ExportError> {
        Ok(NdjsonSink { file: Some(AtomicFile::create(path)?), path: path.to_owned(), lines: BTreeMap::new() })
    }

    fn fail(&self, e: ExportError) -> SinkError {
        SinkError::new(self.path.display().to_string(), e)
    }
}

impl Sink for NdjsonSink {
    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn write(&mut self, records: &Records) -> Result<(), SinkError> {
        let mut bytes = Vec::new();
        for line in ndjson_lines(records).map_err(|e| self.fail(e))? {
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(b'\n');
        }
        for (kind, n) in kind_counts(records) {
            *self.lines.entry(kind).or_default() += n;
        }
        let written = match self.file.as_mut() {
            Some(f) => f.write_all(&bytes),
            None => Err(ExportError::Io { path: self.path.clone(), source: std::io::Error::other("already finished") }),
        };
        written.map_err(|e| self.fail(e))
    }

    fn finish(&mut self) -> Result<Vec<(String, u64)>, SinkError> {
        if let Some(f) = self.file.take() {
            f.commit().map_err(|e| self.fail(e))?;
        }
        Ok(self.lines.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect())
    }
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

/// Records per kind in a document, as the NDJSON `kind` names them.
pub fn kind_counts(records: &Records) -> [(&'static str, u64); 5] {
    let n = |len: usize| len as u64;
    [
        ("documents", 1),
        ("indicators", n(records.indicators.len())),
        ("targets", n(records.targets.len())),
        ("tasks", n(records.tasks.len())),
        ("findings", n(records.findings.len())),
    ]
}

fn line<T: Serialize>(kind: &str, document_id: &str, record: &T) -> Result<String, ExportError> {
    let mut obj = Map::new();
    obj.insert("kind".to_owned(), Value::from(kind));
    obj.insert("document_id".to_owned(), Value::from(document_id));
    if let Value::Object(fields) = serde_json::to_value(record)? {
        for (k, v) in fields {
            // The document's own `id` is the document_id already; a record's
            // own `kind` (a task's `task`/`duty`) must not replace the line's.
            if kind == "document" && k == "id" {
                continue;
            }
            if k == "kind" {
                obj.insert(format!("{kind}_kind"), v);
            } else {
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
    fn the_ndjson_sink_counts_what_it_wrote_and_appears_on_finish() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.ndjson");
        let mut sink: Box<dyn Sink> = Box::new(NdjsonSink::create(&path).unwrap());
        sink.write(&sample()).unwrap();
        sink.write(&sample()).unwrap();
        assert!(!path.exists());
        let counts = sink.finish().unwrap();
        assert!(counts.contains(&("findings".to_owned(), 2)));
        assert!(counts.contains(&("documents".to_owned(), 2)));
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 4);
    }

    #[test]
    fn a_duty_line_is_still_a_task_line() {
        let mut records = sample();
        let task: Task = serde_json::from_value(serde_json::json!({
            "id": "line3", "kind": "duty", "path": [], "text": "x", "lead": [], "support": [], "monitor": [],
            "deadline": {"kind": "none"}, "provenance": {"line": 3}
        }))
        .unwrap();
        records.tasks.push(task);
        let lines = ndjson_lines(&records).unwrap();
        let v: Value = serde_json::from_str(&lines[1]).unwrap();
        assert_eq!((v["kind"].as_str(), v["task_kind"].as_str()), (Some("task"), Some("duty")));
    }

    #[test]
    fn a_report_says_each_cause_once() {
        let io = std::io::Error::from_raw_os_error(28);
        let e = ExportError::Io { path: PathBuf::from("o/a.json"), source: io };
        let text = report(&e);
        assert_eq!(text.matches("os error 28").count(), 1, "{text}");
        let sink = SinkError::new("records.ndjson", e);
        let text = report(&sink);
        assert!(text.starts_with("cannot write records.ndjson: cannot write o/a.json"), "{text}");
        let same = SinkError::new(
            "o/a.json",
            ExportError::Io { path: PathBuf::from("o/a.json"), source: std::io::Error::from_raw_os_error(28) },
        );
        assert_eq!(report(&same).matches("o/a.json").count(), 1, "{}", report(&same));
        assert_eq!(text.matches("os error 28").count(), 1, "{text}");
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
