//! Batch conversion a province can trust: parallel, incremental, resumable,
//! and never derailed by one bad file.
//!
//! Each input is converted on its own (panic guard, time limit, size limit) and
//! its output written atomically. A journal line is appended as each input
//! finishes, so a batch killed midway resumes without redoing finished work.
//! At the end the manifest, `errors.ndjson` and `records.ndjson` are rewritten
//! from the inputs in sorted order, so the bytes do not depend on thread count
//! or timing: an up-to-date input keeps its manifest entry from the run that
//! converted it.

use decree::{document_id, Error, ErrorKind, ReadError};
use decree_export::{ndjson_lines, to_json, write_atomic, AtomicFile, ExportError};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The version written into the manifest; outputs of another version are redone.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

const MANIFEST: &str = "manifest.json";
const JOURNAL: &str = ".decree-journal.ndjson";

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Redo inputs even when their output is up to date.
    pub force: bool,
    /// Time allowed for one input.
    pub timeout: Duration,
    /// Inputs larger than this are refused rather than read into memory.
    pub max_bytes: u64,
}

/// What happened to one input, as the manifest records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub stem: String,
    /// `sha256:…` of the input's bytes; null when it could not be read.
    pub id: Option<String>,
    pub format: Option<String>,
    pub status: Status,
    pub records: Option<Counts>,
    pub pages: Option<u32>,
    /// Wall time of the conversion that produced the output, in milliseconds.
    pub time_ms: u64,
    pub error: Option<String>,
    /// What kind of failure (`encrypted`, `damaged`, `timed_out`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<ErrorKind>,
    pub decree_version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub indicators: usize,
    pub targets: usize,
    pub tasks: usize,
    pub findings: usize,
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    decree_version: String,
    inputs: Vec<Entry>,
}

/// The batch's result.
#[derive(Debug, Default)]
pub struct Summary {
    pub converted: usize,
    pub up_to_date: usize,
    pub failed: usize,
    pub entries: Vec<Entry>,
}

/// Reports progress; the binary draws a bar, tests ignore it.
pub trait Progress: Sync {
    fn start(&self, _inputs: usize) {}
    fn done(&self, _entry: &Entry, _fresh: bool) {}
}

/// No progress output.
pub struct Silent;
impl Progress for Silent {}

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("cannot write the batch output in {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error("cannot start {0} worker threads")]
    Threads(usize),
}

/// Converts `inputs` (already collected and sorted) into `options.out`.
pub fn run(inputs: &[PathBuf], options: &Options, progress: &dyn Progress) -> Result<Summary, BatchError> {
    let out = &options.out;
    std::fs::create_dir_all(out).map_err(|source| BatchError::Io { path: out.clone(), source })?;
    let previous = if options.force { BTreeMap::new() } else { previous_entries(out) };
    let stems = assign_stems(inputs);
    let journal = Mutex::new(open_journal(out)?);
    progress.start(inputs.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|_| BatchError::Threads(options.jobs))?;
    let results: Vec<(Entry, bool)> = pool.install(|| {
        inputs
            .par_iter()
            .zip(stems.par_iter())
            .map(|(path, stem)| {
                let (mut entry, fresh) = process(path, stem, options, &previous);
                // A failure retried with the same result keeps its first record,
                // so an unchanged batch rewrites identical bytes.
                if let Some(prev) = previous.get(&entry.path).filter(|p| same_failure(p, &entry)) {
                    entry = prev.clone();
                }
                append_journal(&journal, &entry);
                progress.done(&entry, fresh);
                (entry, fresh)
            })
            .collect()
    });
    pool.install(|| finish(out, results))
}

/// One input: up to date, converted, or failed with its reason.
fn process(path: &Path, stem: &str, options: &Options, previous: &BTreeMap<String, Entry>) -> (Entry, bool) {
    let started = Instant::now();
    let key = path.display().to_string();
    let failed = |id: Option<String>, error: String, kind: ErrorKind| Entry {
        path: key.clone(),
        stem: stem.to_owned(),
        id,
        format: None,
        status: Status::Failed,
        records: None,
        pages: None,
        time_ms: elapsed_ms(started),
        error: Some(error),
        error_kind: Some(kind),
        decree_version: VERSION.to_owned(),
    };
    let bytes = match read_limited(path, options.max_bytes) {
        Ok(b) => b,
        Err(e) => return (failed(None, e.to_string(), e.kind()), true),
    };
    let id = document_id(&bytes);
    if let Some(prev) = previous.get(&key) {
        let output = options.out.join(format!("{}.json", prev.stem));
        let current = prev.id.as_deref() == Some(id.as_str()) && prev.decree_version == VERSION;
        if current && prev.status == Status::Ok && prev.stem == stem && output.exists() {
            return (prev.clone(), false);
        }
    }
    match convert_with_timeout(path, bytes, options.timeout) {
        Ok(records) => {
            let written = to_json(&records)
                .and_then(|json| write_atomic(&options.out.join(format!("{stem}.json")), json.as_bytes()));
            if let Err(e) = written {
                return (failed(Some(id), e.to_string(), ErrorKind::Io), true);
            }
            let entry = Entry {
                path: key,
                stem: stem.to_owned(),
                id: Some(id),
                format: serde_json::to_value(records.document.source.format)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned)),
                status: Status::Ok,
                records: Some(Counts {
                    indicators: records.indicators.len(),
                    targets: records.targets.len(),
                    tasks: records.tasks.len(),
                    findings: records.findings.len(),
                }),
                pages: records.document.source.pages,
                time_ms: elapsed_ms(started),
                error: None,
                error_kind: None,
                decree_version: VERSION.to_owned(),
            };
            (entry, true)
        }
        Err(e) => (failed(Some(id), e.to_string(), e.kind()), true),
    }
}

fn same_failure(a: &Entry, b: &Entry) -> bool {
    a.status == Status::Failed
        && b.status == Status::Failed
        && a.id == b.id
        && a.error == b.error
        && a.stem == b.stem
        && a.decree_version == b.decree_version
}

fn elapsed_ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Reads a file, refusing one larger than `max` instead of loading it.
fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, Error> {
    let io = |source| Error::io(path, source);
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > max {
        let message = format!("{len} bytes is over the {max}-byte limit (raise it with --max-size)");
        return Err(Error::read(path, ReadError::too_large(message)));
    }
    std::fs::read(path).map_err(io)
}

/// Runs the conversion on its own thread and gives up waiting after `limit`.
/// A thread cannot be killed: a conversion that overruns is abandoned and its
/// result dropped; readers bound their own work, so it ends on its own.
fn convert_with_timeout(path: &Path, bytes: Vec<u8>, limit: Duration) -> Result<decree_model::Records, Error> {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_owned();
    let spawned = std::thread::Builder::new().name("decree-convert".into()).spawn(move || {
        let _ = tx.send(decree::convert_bytes(&bytes, &owned).map(|w| w.output));
    });
    if spawned.is_err() {
        let message = "cannot start a worker thread".to_owned();
        return Err(Error::read(path, ReadError::Internal { message }));
    }
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(_) => Err(Error::read(path, ReadError::TimedOut { seconds: limit.as_secs() })),
    }
}

/// Output names: the file stem, with a piece of the path's hash when two inputs
/// share a stem. Assigned in input order, so they do not depend on threads.
fn assign_stems(inputs: &[PathBuf]) -> Vec<String> {
    let mut seen = HashSet::new();
    inputs
        .iter()
        .map(|p| {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_owned();
            if seen.insert(stem.clone()) {
                return stem;
            }
            let hash = document_id(p.display().to_string().as_bytes());
            let alt = format!("{stem}-{}", hash.trim_start_matches("sha256:").get(..8).unwrap_or(""));
            seen.insert(alt.clone());
            alt
        })
        .collect()
}

/// Entries of the last complete run and of an interrupted one, by input path.
fn previous_entries(out: &Path) -> BTreeMap<String, Entry> {
    let mut map = BTreeMap::new();
    if let Some(m) =
        std::fs::read_to_string(out.join(MANIFEST)).ok().and_then(|t| serde_json::from_str::<Manifest>(&t).ok())
    {
        for e in m.inputs {
            map.insert(e.path.clone(), e);
        }
    }
    if let Ok(journal) = std::fs::read_to_string(out.join(JOURNAL)) {
        // A line cut by the kill does not parse and is ignored.
        for e in journal.lines().filter_map(|l| serde_json::from_str::<Entry>(l).ok()) {
            map.insert(e.path.clone(), e);
        }
    }
    map
}

fn open_journal(out: &Path) -> Result<std::fs::File, BatchError> {
    let path = out.join(JOURNAL);
    std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(|source| BatchError::Io { path, source })
}

fn append_journal(journal: &Mutex<std::fs::File>, entry: &Entry) {
    if let (Ok(mut f), Ok(line)) = (journal.lock(), serde_json::to_string(entry)) {
        // Best effort: a journal that cannot be written only costs redone work.
        let _ = writeln!(f, "{line}").and_then(|()| f.flush());
    }
}

/// Writes the manifest, the error list and the record stream, then drops the journal.
fn finish(out: &Path, results: Vec<(Entry, bool)>) -> Result<Summary, BatchError> {
    let mut summary = Summary::default();
    let mut errors = String::new();
    for (entry, fresh) in &results {
        match (entry.status, fresh) {
            (Status::Failed, _) => summary.failed += 1,
            (Status::Ok, true) => summary.converted += 1,
            (Status::Ok, false) => summary.up_to_date += 1,
        }
        if entry.status == Status::Failed {
            let line = serde_json::json!({
                "path": entry.path, "id": entry.id, "error": entry.error, "error_kind": entry.error_kind,
            });
            errors.push_str(&line.to_string());
            errors.push('\n');
        }
    }
    summary.entries = results.into_iter().map(|(e, _)| e).collect();
    let manifest = Manifest { decree_version: VERSION.to_owned(), inputs: summary.entries.clone() };
    let mut json = serde_json::to_string_pretty(&manifest).map_err(ExportError::from)?;
    json.push('\n');
    write_atomic(&out.join(MANIFEST), json.as_bytes())?;
    write_atomic(&out.join("errors.ndjson"), errors.as_bytes())?;
    write_records(out, &summary.entries)?;
    let _ = std::fs::remove_file(out.join(JOURNAL));
    Ok(summary)
}

/// Documents per parallel step of `write_records`: enough to keep the threads
/// busy, few enough that memory stays bounded on any batch size.
const NDJSON_WINDOW: usize = 64;

/// `records.ndjson`: each document's lines, rebuilt in parallel a window at a
/// time and written in input order.
fn write_records(out: &Path, entries: &[Entry]) -> Result<(), BatchError> {
    let ok: Vec<&Entry> = entries.iter().filter(|e| e.status == Status::Ok).collect();
    let mut file = AtomicFile::create(&out.join("records.ndjson"))?;
    for window in ok.chunks(NDJSON_WINDOW) {
        let chunks: Vec<Vec<u8>> = window.par_iter().map(|e| document_ndjson(out, e)).collect::<Result<_, _>>()?;
        for chunk in &chunks {
            file.write_all(chunk)?;
        }
    }
    Ok(file.commit()?)
}

/// The document's NDJSON lines, read back from its output so up-to-date and
/// fresh documents are written the same way.
fn document_ndjson(out: &Path, entry: &Entry) -> Result<Vec<u8>, BatchError> {
    let path = out.join(format!("{}.json", entry.stem));
    let text = std::fs::read_to_string(&path).map_err(|source| BatchError::Io { path: path.clone(), source })?;
    let records: decree_model::Records = serde_json::from_str(&text).map_err(ExportError::from)?;
    let mut bytes = Vec::new();
    for line in ndjson_lines(&records)? {
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    Ok(bytes)
}
