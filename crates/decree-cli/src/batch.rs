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
use decree_export::{to_json, write_atomic, ExportError, NdjsonSink, Sink};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};
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
    /// A `decree` binary to run each conversion in (its hidden `worker`
    /// command), so one over its time limit is killed and its memory freed.
    /// None converts on a thread, which can only be abandoned.
    pub worker: Option<PathBuf>,
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
    /// Pages the reader found no text on (a scan) or could not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages_without_text: Option<u32>,
    pub decree_version: String,
}

impl Entry {
    /// Converted, yet not one indicator, target or task came out of it.
    pub fn yielded_nothing(&self) -> bool {
        self.status == Status::Ok && self.records.is_some_and(|c| c.indicators + c.targets + c.tasks == 0)
    }
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

/// The manifest is the truth of a batch: what it does not list, or lists as
/// failed, is not part of the output, and a batch that could not finish says so.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub decree_version: String,
    /// Why the batch's outputs are incomplete (disk full, a sink refused a
    /// document); absent when the batch finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<String>,
    pub inputs: Vec<Entry>,
}

/// The batch's result.
#[derive(Debug, Default)]
pub struct Summary {
    pub converted: usize,
    pub up_to_date: usize,
    pub failed: usize,
    /// Converted documents that yielded no indicator, target or task.
    pub empty: usize,
    pub pages_without_text: u64,
    pub entries: Vec<Entry>,
    /// What each sink holds after the batch: (sink, [(table or kind, rows)]).
    pub sinks: Vec<SinkHolds>,
    /// Why the batch's outputs could not all be written, when they could not.
    pub incomplete: Option<String>,
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
    #[error("cannot write the batch output in {path}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0} was left by a batch that did not finish ({1}); run `decree convert` again")]
    Incomplete(PathBuf, String),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error("cannot start {0} worker threads")]
    Threads(usize),
}

/// Converts `inputs` (already collected and sorted) into `options.out`, and
/// feeds every converted document to `records.ndjson` and to `sinks`, in one
/// pass in input order. Failures to write outputs do not end the batch: they
/// are in the summary (`incomplete`) and in the manifest.
pub fn run(
    inputs: &[PathBuf],
    options: &Options,
    progress: &dyn Progress,
    sinks: &mut [Box<dyn Sink>],
) -> Result<Summary, BatchError> {
    let out = &options.out;
    std::fs::create_dir_all(out).map_err(|source| BatchError::Io { path: out.clone(), source })?;
    remove_orphans(out);
    let listed = previous_entries(out);
    let previous = if options.force { BTreeMap::new() } else { listed.clone() };
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
    Ok(finish(out, results, &listed, sinks))
}

/// One input: up to date, converted, or failed with its reason.
fn process(path: &Path, stem: &str, options: &Options, previous: &BTreeMap<String, Entry>) -> (Entry, bool) {
    let started = Instant::now();
    let key = path.display().to_string();
    let bytes = match read_limited(path, options.max_bytes) {
        Ok(b) => b,
        Err(e) => return (failed_entry(path, stem, started, None, &e), true),
    };
    let id = document_id(&bytes);
    if let Some(prev) = previous.get(&key) {
        let output = options.out.join(format!("{}.json", prev.stem));
        let current = prev.id.as_deref() == Some(id.as_str()) && prev.decree_version == VERSION;
        if current && prev.status == Status::Ok && prev.stem == stem && output.exists() {
            return (prev.clone(), false);
        }
    }
    match &options.worker {
        Some(exe) => {
            drop(bytes);
            (in_worker(exe, path, stem, options, started, id), true)
        }
        None => {
            let result = convert_with_timeout(path, bytes, options.timeout);
            (converted_entry(path, stem, &options.out, started, id, result), true)
        }
    }
}

/// The entry of an input that could not be converted.
fn failed_entry(path: &Path, stem: &str, started: Instant, id: Option<String>, e: &Error) -> Entry {
    Entry {
        path: path.display().to_string(),
        stem: stem.to_owned(),
        id,
        format: None,
        status: Status::Failed,
        records: None,
        pages: None,
        time_ms: elapsed_ms(started),
        // The message names the file itself when printed.
        error: Some(e.to_string()),
        error_kind: Some(e.kind()),
        pages_without_text: None,
        decree_version: VERSION.to_owned(),
    }
}

/// Converts one input in this process and writes its `<stem>.json`: what the
/// hidden `decree worker` command does for a batch.
pub fn work(path: &Path, stem: &str, out: &Path, max_bytes: u64) -> Entry {
    let started = Instant::now();
    let bytes = match read_limited(path, max_bytes) {
        Ok(b) => b,
        Err(e) => return failed_entry(path, stem, started, None, &e),
    };
    let id = document_id(&bytes);
    let result = decree::convert_bytes(&bytes, path).map(|w| w.output);
    drop(bytes);
    converted_entry(path, stem, out, started, id, result)
}

/// Runs `decree worker` on one input and waits at most the time limit; a
/// worker over it is killed, which frees all it held.
fn in_worker(exe: &Path, path: &Path, stem: &str, options: &Options, started: Instant, id: String) -> Entry {
    let fail = |e: ReadError| failed_entry(path, stem, started, Some(id.clone()), &Error::read(path, e));
    let child = std::process::Command::new(exe)
        .arg("worker")
        .arg("--out")
        .arg(&options.out)
        .arg("--stem")
        .arg(stem)
        .arg("--max-bytes")
        .arg(options.max_bytes.to_string())
        .arg("--")
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return fail(ReadError::Internal { message: format!("cannot start a worker: {e}") }),
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= options.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return fail(ReadError::TimedOut { seconds: options.timeout.as_secs() });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return fail(ReadError::Internal { message: format!("lost the worker: {e}") }),
        }
    };
    let mut line = String::new();
    let _ = child.stdout.take().map(|mut o| o.read_to_string(&mut line));
    match serde_json::from_str::<Entry>(line.trim()) {
        Ok(entry) => entry,
        Err(_) => fail(ReadError::Internal { message: format!("the conversion stopped ({status})") }),
    }
}

/// The entry of a conversion, once its `<stem>.json` is written.
fn converted_entry(
    path: &Path,
    stem: &str,
    out: &Path,
    started: Instant,
    id: String,
    result: Result<decree_model::Records, Error>,
) -> Entry {
    let key = path.display().to_string();
    match result {
        Ok(records) => {
            let written =
                to_json(&records).and_then(|json| write_atomic(&out.join(format!("{stem}.json")), json.as_bytes()));
            if let Err(e) = written {
                let mut entry =
                    failed_entry(path, stem, started, Some(id), &Error::io(path, std::io::Error::other("")));
                entry.error = Some(format!("{}: {}", path.display(), decree_export::report(&e)));
                return entry;
            }
            let blank =
                records.findings.iter().filter(|f| matches!(f.rule.as_str(), "no_text_layer" | "page_unreadable"));
            let blank = u32::try_from(blank.count()).unwrap_or(u32::MAX);
            Entry {
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
                pages_without_text: (blank > 0).then_some(blank),
                decree_version: VERSION.to_owned(),
            }
        }
        Err(e) => failed_entry(path, stem, started, Some(id), &e),
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

/// Reads a regular file, refusing one larger than `max`. The limit holds on
/// the bytes read, not on what the file system says the size is.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, Error> {
    let io = |source| Error::io(path, source);
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a pipe, socket or device)" };
        return Err(io(std::io::Error::other(what)));
    }
    let too_large = || {
        let message = format!("over the {max}-byte limit (raise it with --max-size)");
        Error::read(path, ReadError::too_large(message))
    };
    if meta.len() > max {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
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

/// Longest stem kept whole: `<stem>.json` and the `.<name>.<pid>.tmp` beside
/// it must fit the 255-byte name limit of common file systems.
const MAX_STEM: usize = 200;

/// Output names: the file stem, with a piece of the path's hash when two inputs
/// share a stem, when the stem is too long for a file name, or when it would
/// be a name the batch writes itself (`manifest`). Assigned in input order, so
/// they do not depend on threads.
pub fn assign_stems(inputs: &[PathBuf]) -> Vec<String> {
    let mut seen = HashSet::new();
    inputs
        .iter()
        .map(|p| {
            let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "document".into());
            let reserved = stem.eq_ignore_ascii_case("manifest") || stem.len() > MAX_STEM;
            if !reserved && seen.insert(stem.clone()) {
                return stem;
            }
            let mut cut = if stem.len() > MAX_STEM { MAX_STEM - 10 } else { stem.len() };
            while !stem.is_char_boundary(cut) {
                cut -= 1;
            }
            let hash = document_id(p.display().to_string().as_bytes());
            let alt = format!("{}-{}", &stem[..cut], hash.trim_start_matches("sha256:").get(..8).unwrap_or(""));
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

/// Feeds the converted documents to the sinks, then writes the error list and
/// the manifest last, so a manifest never lists outputs older than itself.
/// Nothing here ends the batch: a write that fails makes it incomplete.
fn finish(
    out: &Path,
    results: Vec<(Entry, bool)>,
    listed: &BTreeMap<String, Entry>,
    sinks: &mut [Box<dyn Sink>],
) -> Summary {
    let mut summary = Summary::default();
    let mut errors = String::new();
    for (entry, fresh) in &results {
        match (entry.status, fresh) {
            (Status::Failed, _) => summary.failed += 1,
            (Status::Ok, true) => summary.converted += 1,
            (Status::Ok, false) => summary.up_to_date += 1,
        }
        summary.empty += usize::from(entry.yielded_nothing());
        summary.pages_without_text += u64::from(entry.pages_without_text.unwrap_or(0));
        if entry.status == Status::Failed {
            let line = serde_json::json!({
                "path": entry.path, "id": entry.id, "error": entry.error, "error_kind": entry.error_kind,
            });
            errors.push_str(&line.to_string());
            errors.push('\n');
        }
    }
    summary.entries = results.into_iter().map(|(e, _)| e).collect();
    remove_stale(out, listed, &summary.entries);
    let fed = feed_sinks(out, &summary.entries, sinks);
    let written = fed.and_then(|counts| {
        summary.sinks = counts;
        write_atomic(&out.join("errors.ndjson"), errors.as_bytes()).map_err(|e| e.to_string())
    });
    if let Err(why) = written {
        // The old stream must not pass for this batch's.
        let _ = std::fs::remove_file(out.join(RECORDS));
        summary.incomplete = Some(why);
    }
    let manifest = Manifest {
        decree_version: VERSION.to_owned(),
        incomplete: summary.incomplete.clone(),
        inputs: summary.entries.clone(),
    };
    let json = serde_json::to_string_pretty(&manifest).map(|j| j + "\n").map_err(ExportError::from);
    if let Err(e) = json.and_then(|j| write_atomic(&out.join(MANIFEST), j.as_bytes())) {
        // Without a true manifest, none: `load` then refuses the folder.
        let _ = std::fs::remove_file(out.join(MANIFEST));
        summary.incomplete.get_or_insert_with(|| e.to_string());
        return summary;
    }
    let _ = std::fs::remove_file(out.join(JOURNAL));
    summary
}

const RECORDS: &str = "records.ndjson";

/// A sink's name and the rows it holds per table or kind.
pub type SinkHolds = (String, Vec<(String, u64)>);

/// Every converted document, in input order, into `records.ndjson` and the
/// other sinks; returns what each sink holds, or the first failure.
fn feed_sinks(out: &Path, entries: &[Entry], sinks: &mut [Box<dyn Sink>]) -> Result<Vec<SinkHolds>, String> {
    let ndjson = NdjsonSink::create(&out.join(RECORDS)).map_err(|e| e.to_string())?;
    let mut all: Vec<&mut dyn Sink> = Vec::with_capacity(sinks.len() + 1);
    let mut ndjson: Box<dyn Sink> = Box::new(ndjson);
    all.push(ndjson.as_mut());
    all.extend(sinks.iter_mut().map(|s| s.as_mut() as &mut dyn Sink));
    for entry in entries.iter().filter(|e| e.status == Status::Ok) {
        let records = read_output(out, &entry.stem).map_err(|e| e.to_string())?;
        for sink in all.iter_mut() {
            sink.write(&records).map_err(|e| decree_export::report(&e))?;
        }
    }
    let mut counts = Vec::new();
    for sink in all.iter_mut() {
        let held = sink.finish().map_err(|e| decree_export::report(&e))?;
        counts.push((sink.name(), held));
    }
    Ok(counts)
}

/// A document's records as the batch wrote them.
pub fn read_output(out: &Path, stem: &str) -> Result<decree_model::Records, BatchError> {
    let path = out.join(format!("{stem}.json"));
    let text = std::fs::read_to_string(&path).map_err(|source| BatchError::Io { path: path.clone(), source })?;
    Ok(serde_json::from_str(&text).map_err(ExportError::from)?)
}

/// The records files a batch's manifest lists as converted, in its order;
/// refuses a folder whose last batch did not finish.
pub fn listed_outputs(out: &Path) -> Result<Vec<PathBuf>, BatchError> {
    let path = out.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|source| BatchError::Io { path: path.clone(), source })?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(ExportError::from)?;
    if let Some(why) = manifest.incomplete {
        return Err(BatchError::Incomplete(out.to_owned(), why));
    }
    let ok = manifest.inputs.iter().filter(|e| e.status == Status::Ok);
    Ok(ok.map(|e| out.join(format!("{}.json", e.stem))).collect())
}

/// Removes the records files of inputs the last batch listed and this one
/// does not (removed or renamed since): the folder holds this batch only.
fn remove_stale(out: &Path, listed: &BTreeMap<String, Entry>, entries: &[Entry]) {
    let current: HashSet<&str> = entries.iter().filter(|e| e.status == Status::Ok).map(|e| e.stem.as_str()).collect();
    for old in listed.values().filter(|e| !current.contains(e.stem.as_str())) {
        let path = out.join(format!("{}.json", old.stem));
        if crate::own_output(&path) == Some("a records file") {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Temporary files of earlier runs that died (a kill, a full disk): the
/// `.<name>.<pid>.tmp` files whose process is gone.
fn remove_orphans(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else { continue };
        let Some(pid) = rest.rsplit('.').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
        if !alive {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
