//! `decree`: convert Vietnamese government plans into checked records.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use decree_cli::batch;
use decree_export::{to_json, write_atomic};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

mod parquet;

#[derive(Parser)]
#[command(name = "decree", version, about = "Turn Vietnamese government plans and decrees into clean, checked data.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert documents (files or directories) into `<out>/<stem>.json`, plus
    /// `records.ndjson`, `manifest.json` and `errors.ndjson`. Unchanged inputs are
    /// skipped, so an interrupted batch resumes where it stopped.
    Convert {
        /// Input files or directories.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output directory.
        #[arg(long, short)]
        out: PathBuf,
        /// Worker threads (default: one per core).
        #[arg(long, short = 'j', default_value_t = 0)]
        jobs: usize,
        /// Convert every input again, even when its output is up to date.
        #[arg(long)]
        force: bool,
        /// Seconds allowed for one input.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// Largest input accepted, in megabytes.
        #[arg(long, default_value_t = 512)]
        max_size: u64,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
        /// Also load the output into this SQLite store (see `decree load`).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Also write one Parquet file per record kind into this directory
        /// (needs a build with `--features parquet`).
        #[arg(long)]
        parquet: Option<PathBuf>,
        /// Also write the batch as one Excel workbook (a sheet per record kind).
        #[arg(long)]
        xlsx: Option<PathBuf>,
        /// Also write the batch's HTML report (see `decree report`).
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Write the HTML report of a convert output directory: one self-contained
    /// page with the batch at a glance and, per document, targets, findings and tasks.
    Report {
        /// The output directory of `decree convert`.
        out: PathBuf,
        /// The HTML file to write.
        #[arg(long)]
        html: PathBuf,
    },
    /// Re-run the cross-checks on existing output JSON files, updating their
    /// findings in place; prints one line per finding. Exits 1 when any finding
    /// is an error.
    Check {
        /// `<stem>.json` files written by `decree convert`.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the records contract.
    Schema,
    /// Print the layout a reader makes of a document (blocks and tables), for
    /// seeing why a record came out as it did. With several files, one JSON line
    /// per file: `{"path", "layout"}`.
    Layout {
        /// The input files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Load converted output (`<stem>.json` files, or directories of them) into the
    /// SQLite store, replacing each document's previous rows, and/or write it as
    /// Parquet files.
    Load {
        /// Output directories or `<stem>.json` files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The SQLite store (created when absent); `output/decree.sqlite` unless
        /// only `--parquet` is given.
        #[arg(long)]
        db: Option<PathBuf>,
        /// Write one Parquet file per record kind into this directory (needs a
        /// build with `--features parquet`).
        #[arg(long)]
        parquet: Option<PathBuf>,
        /// Write the records as one Excel workbook (a sheet per record kind).
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// Show what changed between two versions of a plan. Exits 0 when equal, 1 when
    /// different, 2 on error.
    Diff {
        /// The old version: a source document or its `<stem>.json`.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Compare only tasks, or only indicators and targets.
        #[arg(long, value_enum)]
        only: Option<DiffOnly>,
        /// Link no two tasks scoring under this (0..1); lower finds more, looser links.
        #[arg(long, default_value_t = decree_diff::MIN_PAIR_SCORE)]
        min_score: f64,
        /// Seconds allowed for reading both versions and comparing them.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// Largest input accepted, in megabytes.
        #[arg(long, default_value_t = 512)]
        max_size: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert { inputs, out, jobs, force, timeout, max_size, quiet, db, parquet, xlsx, report } => {
            let options = batch::Options {
                out,
                jobs,
                force,
                timeout: Duration::from_secs(timeout),
                max_bytes: max_size.saturating_mul(1024 * 1024),
            };
            let converted = match &parquet {
                Some(dir) => parquet::ensure_available(dir).and_then(|()| convert(&inputs, &options, quiet)),
                None => convert(&inputs, &options, quiet),
            };
            let loaded = if db.is_none() && parquet.is_none() && xlsx.is_none() {
                converted
            } else {
                let sinks = Sinks { db, parquet, xlsx };
                converted.and_then(|ok| load(std::slice::from_ref(&options.out), &sinks, quiet).map(|l| l && ok))
            };
            match report {
                Some(html) => loaded.and_then(|ok| write_report(&options.out, &html, quiet).map(|()| ok)),
                None => loaded,
            }
        }
        Command::Report { out, html } => write_report(&out, &html, false).map(|()| true),
        Command::Check { files } => check(&files),
        Command::Schema => print_schema().map(|()| true),
        Command::Layout { inputs } => print_layouts(&inputs).map(|()| true),
        Command::Load { inputs, db, parquet, xlsx } => {
            let only_db = db.is_none() && parquet.is_none() && xlsx.is_none();
            let db = if only_db { Some(PathBuf::from("output/decree.sqlite")) } else { db };
            load(&inputs, &Sinks { db, parquet, xlsx }, false)
        }
        Command::Diff { old, new, format, only, min_score, timeout, max_size } => {
            let options = decree_diff::Options { min_score, only: only.map(DiffOnly::into) };
            let limits = (Duration::from_secs(timeout), max_size.saturating_mul(1024 * 1024));
            diff(old, new, format, options, limits)
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            // File names and document text can hold terminal escape codes.
            eprintln!("decree: {}", decree_diff::render::printable(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

/// Re-checks each file; returns false when any error-severity finding remains.
fn check(files: &[PathBuf]) -> Result<bool> {
    let reference = decree_check::Reference::shipped();
    let mut clean = true;
    for file in files {
        let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        let mut records: decree_model::Records =
            serde_json::from_str(&text).with_context(|| format!("{} is not decree-records/1 JSON", file.display()))?;
        decree_check::recheck(&mut records, &reference);
        for f in &records.findings {
            let at = f.provenance.line.or(f.provenance.page).map_or(String::new(), |n| format!(":{n}"));
            println!("{}{at}: {} [{}] {}", file.display(), f.rule, severity(f.severity), f.message);
            clean &= f.severity != decree_model::Severity::Error;
        }
        write_atomic(file, to_json(&records)?.as_bytes())?;
    }
    Ok(clean)
}

fn severity(s: decree_model::Severity) -> &'static str {
    match s {
        decree_model::Severity::Error => "error",
        decree_model::Severity::Warning => "warning",
        decree_model::Severity::Info => "info",
    }
}

fn print_layouts(inputs: &[PathBuf]) -> Result<()> {
    use std::io::Write;
    if let [input] = inputs {
        let layout = decree::layout(input)?.output;
        println!("{}", serde_json::to_string_pretty(&layout)?);
        return Ok(());
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for input in inputs {
        let layout = decree::layout(input)?.output;
        write!(out, "{{\"path\":{},\"layout\":", serde_json::to_string(&input.display().to_string())?)?;
        serde_json::to_writer(&mut out, &layout)?;
        writeln!(out, "}}")?;
    }
    Ok(out.flush()?)
}

fn print_schema() -> Result<()> {
    println!("{}", serde_json::to_string_pretty(&decree_model::json_schema())?);
    Ok(())
}

/// Converts every input; returns false when any failed (the rest are written).
fn convert(inputs: &[PathBuf], options: &batch::Options, quiet: bool) -> Result<bool> {
    let files = decree_cli::collect_inputs(inputs)?;
    let bar = Bar::new(quiet);
    let summary = batch::run(&files, options, &bar)?;
    bar.finish();
    for e in summary.entries.iter().filter(|e| e.status == batch::Status::Failed) {
        eprintln!("decree: {}", e.error.as_deref().unwrap_or("failed"));
    }
    if !quiet {
        eprintln!(
            "decree: {} converted, {} up to date, {} failed → {}",
            summary.converted,
            summary.up_to_date,
            summary.failed,
            options.out.display()
        );
    }
    Ok(summary.failed == 0)
}

/// The progress bar: files, pages, rate and ETA; hidden when stderr is not a
/// terminal (indicatif checks) or with `--quiet`.
struct Bar {
    bar: ProgressBar,
    pages: AtomicU64,
}

impl Bar {
    fn new(quiet: bool) -> Self {
        let target = if quiet { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() };
        let bar = ProgressBar::with_draw_target(None, target);
        let style = ProgressStyle::with_template("{bar:30} {pos}/{len} files · {msg} pages · {per_sec} · ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Bar { bar, pages: AtomicU64::new(0) }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl batch::Progress for Bar {
    fn start(&self, inputs: usize) {
        self.bar.set_length(inputs as u64);
    }

    fn done(&self, entry: &batch::Entry, _fresh: bool) {
        let pages = self.pages.fetch_add(u64::from(entry.pages.unwrap_or(0)), Ordering::Relaxed);
        self.bar.set_message((pages + u64::from(entry.pages.unwrap_or(0))).to_string());
        self.bar.inc(1);
    }
}

/// Where `load` puts converted output.
struct Sinks {
    db: Option<PathBuf>,
    parquet: Option<PathBuf>,
    xlsx: Option<PathBuf>,
}

/// Loads every records JSON under `inputs` into the store and/or the Parquet files;
/// other JSON files in an output directory (`manifest.json`) are skipped.
fn load(inputs: &[PathBuf], sinks: &Sinks, quiet: bool) -> Result<bool> {
    let mut store = sinks.db.as_deref().map(open_store).transpose()?;
    let mut parquet = sinks.parquet.as_deref().map(parquet::Sink::create).transpose()?;
    let mut xlsx = sinks.xlsx.as_deref().map(decree_xlsx::XlsxSink::create).transpose()?;
    let mut documents = 0;
    for file in records_files(inputs)? {
        let Some(records) = read_records_json(&file)? else { continue };
        if let Some(conn) = store.as_mut() {
            decree_store::load(conn, &records).with_context(|| format!("cannot load {}", file.display()))?;
        }
        if let Some(sink) = parquet.as_mut() {
            sink.push(&records).with_context(|| format!("cannot write {} as Parquet", file.display()))?;
        }
        if let Some(sink) = xlsx.as_mut() {
            sink.push(&records).with_context(|| format!("cannot add {} to the workbook", file.display()))?;
        }
        documents += 1;
    }
    let parquet_rows = parquet.map(parquet::Sink::finish).transpose()?;
    let xlsx_rows = xlsx.map(decree_xlsx::XlsxSink::finish).transpose()?;
    if quiet {
        return Ok(true);
    }
    if let (Some(conn), Some(db)) = (&store, &sinks.db) {
        let counts = decree_store::counts(conn)?;
        let counts: Vec<String> = counts.iter().map(|(t, n)| format!("{n} {t}")).collect();
        eprintln!("decree: loaded {documents} documents → {} ({})", db.display(), counts.join(", "));
    }
    if let (Some(rows), Some(dir)) = (parquet_rows, &sinks.parquet) {
        let rows: Vec<String> = rows.iter().map(|(kind, n)| format!("{n} {kind}")).collect();
        eprintln!("decree: wrote {documents} documents as Parquet → {} ({})", dir.display(), rows.join(", "));
    }
    if let (Some(rows), Some(file)) = (xlsx_rows, &sinks.xlsx) {
        let rows: Vec<String> = rows.iter().map(|(sheet, n)| format!("{n} {sheet}")).collect();
        eprintln!("decree: wrote the workbook {} ({})", file.display(), rows.join(", "));
    }
    Ok(true)
}

/// The HTML report of a convert output directory.
fn write_report(out: &Path, html: &Path, quiet: bool) -> Result<()> {
    let bytes = decree_report::write_report(out, html)
        .with_context(|| format!("cannot write the report of {} to {}", out.display(), html.display()))?;
    if !quiet {
        eprintln!("decree: wrote the report {} ({} kB)", html.display(), bytes / 1024);
    }
    Ok(())
}

fn open_store(db: &Path) -> Result<decree_store::Connection> {
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    decree_store::open(db).with_context(|| format!("cannot open the store {}", db.display()))
}

/// The `.json` files named, and those directly inside the directories named, sorted.
fn records_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).with_context(|| format!("cannot list {}", input.display()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// A records file, or None for JSON that is not one (no `schema` field).
fn read_records_json(file: &Path) -> Result<Option<decree_model::Records>> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    records_json(file, &bytes)
}

/// Records from JSON bytes, or None for JSON that is not a records file.
fn records_json(file: &Path, bytes: &[u8]) -> Result<Option<decree_model::Records>> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).with_context(|| format!("{} is not JSON", file.display()))?;
    if value.get("schema").and_then(|s| s.as_str()) != Some(decree_model::SCHEMA_ID) {
        return Ok(None);
    }
    let records =
        serde_json::from_value(value).with_context(|| format!("{} is not decree-records/1 JSON", file.display()))?;
    Ok(Some(records))
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Html,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffOnly {
    Tasks,
    Targets,
}

impl From<DiffOnly> for decree_diff::Only {
    fn from(o: DiffOnly) -> Self {
        match o {
            DiffOnly::Tasks => decree_diff::Only::Tasks,
            DiffOnly::Targets => decree_diff::Only::Targets,
        }
    }
}

/// Prints the diff; true (exit 0) when the versions are equal. Reading and
/// comparing run on a worker under the time limit; on timeout the process exits,
/// which ends the worker.
fn diff(
    old: PathBuf,
    new: PathBuf,
    format: DiffFormat,
    options: decree_diff::Options,
    (limit, max_bytes): (Duration, u64),
) -> Result<bool> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("decree-diff".into())
        .spawn(move || {
            let run = || -> Result<(String, bool)> {
                let (old, new) = (records_of(&old, max_bytes)?, records_of(&new, max_bytes)?);
                let d = decree_diff::diff_with(&old, &new, &options);
                let out = match format {
                    DiffFormat::Text => decree_diff::render::text(&d),
                    DiffFormat::Json => decree_diff::render::json(&d)?,
                    DiffFormat::Html => decree_diff::render::html(&d),
                };
                Ok((out, d.is_empty()))
            };
            let _ = tx.send(run());
        })
        .context("cannot start a worker thread")?;
    let (out, same) = rx
        .recv_timeout(limit)
        .map_err(|_| anyhow::anyhow!("gave up after {} s (raise it with --timeout)", limit.as_secs()))??;
    // A reader that stops early (`| head`) is not an error.
    match std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e).context("cannot write the diff"),
        _ => {}
    }
    Ok(same)
}

/// A regular file's bytes, refusing more than `max` (counted as read, not as the
/// metadata says).
fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let meta = file.metadata().with_context(|| format!("cannot read {}", path.display()))?;
    anyhow::ensure!(meta.is_file(), "{} is not a regular file", path.display());
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    anyhow::ensure!(
        bytes.len() as u64 <= max,
        "{} is over the {max}-byte limit (raise it with --max-size)",
        path.display()
    );
    Ok(bytes)
}

/// A version to compare: records JSON as written by `convert`, else a source document.
fn records_of(path: &Path, max_bytes: u64) -> Result<decree_model::Records> {
    let bytes = read_limited(path, max_bytes)?;
    if path.extension().is_some_and(|x| x == "json") {
        if let Some(records) = records_json(path, &bytes)? {
            return Ok(records);
        }
    }
    Ok(decree::convert_bytes(&bytes, path)?.output)
}
