//! `decree`: convert Vietnamese government plans into checked records.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use decree_cli::{batch, printable};
use decree_export::{to_json, write_atomic, Sink};
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
        /// Exit 1 also when a document yielded no record or has pages without text.
        #[arg(long)]
        strict: bool,
    },
    /// Converts one input for a batch, in a process the batch can kill on its
    /// time limit; prints the manifest entry as JSON.
    #[command(hide = true)]
    Worker {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        stem: String,
        #[arg(long)]
        max_bytes: u64,
        input: PathBuf,
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
        Command::Convert { inputs, out, jobs, force, timeout, max_size, quiet, db, parquet, xlsx, report, strict } => {
            let options = batch::Options {
                out,
                jobs,
                force,
                timeout: Duration::from_secs(timeout),
                max_bytes: max_size.saturating_mul(1024 * 1024),
                worker: std::env::current_exe().ok(),
            };
            let sinks = Sinks { db, parquet, xlsx };
            let converted = convert(&inputs, &options, &sinks, quiet, strict);
            match report {
                Some(html) => converted.and_then(|ok| write_report(&options.out, &html, quiet).map(|()| ok)),
                None => converted,
            }
        }
        Command::Worker { out, stem, max_bytes, input } => {
            let entry = batch::work(&input, &stem, &out, max_bytes);
            serde_json::to_string(&entry).map(|line| println!("{line}")).map(|()| true).map_err(Into::into)
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
            eprintln!("decree: {}", printable(&report(&e), false));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each said once.
fn report(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    out
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
            let name = printable(&file.display().to_string(), false);
            println!(
                "{name}{at}: {} [{}] {}",
                printable(&f.rule, false),
                severity(f.severity),
                printable(&f.message, false)
            );
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

/// Converts every input and feeds the sinks; returns false when any input
/// failed or the outputs could not all be written (and, with `strict`, when a
/// document yielded nothing or has pages without text).
fn convert(inputs: &[PathBuf], options: &batch::Options, sinks: &Sinks, quiet: bool, strict: bool) -> Result<bool> {
    if let Some(dir) = &sinks.parquet {
        parquet::ensure_available(dir)?;
    }
    let found = decree_cli::collect_inputs(inputs, Some(&options.out))?;
    for (path, why) in &found.skipped {
        eprintln!("decree: skipped {}: {why}", printable(&path.display().to_string(), false));
    }
    let mut extra = sinks.open()?;
    let bar = Bar::new(quiet);
    let summary = batch::run(&found.files, options, &bar, &mut extra)?;
    bar.finish();
    for e in summary.entries.iter().filter(|e| e.status == batch::Status::Failed) {
        eprintln!("decree: {}", printable(e.error.as_deref().unwrap_or("failed"), false));
    }
    for e in summary.entries.iter().filter(|e| e.yielded_nothing() || e.pages_without_text.is_some()) {
        let what = match e.pages_without_text {
            Some(n) => format!("{n} {} without text", plural(n as usize, "page", "pages")),
            None => "no indicator, target or task".to_owned(),
        };
        eprintln!("decree: {}: {what}", printable(&e.path, false));
    }
    if let Some(why) = &summary.incomplete {
        eprintln!("decree: the batch's outputs are incomplete: {}", printable(why, false));
    }
    if !quiet {
        eprintln!(
            "decree: {} converted, {} up to date, {} failed; {} yielded nothing, {} {} without text → {}",
            summary.converted,
            summary.up_to_date,
            summary.failed,
            summary.empty,
            summary.pages_without_text,
            plural(summary.pages_without_text as usize, "page", "pages"),
            printable(&options.out.display().to_string(), false)
        );
        // The first sink is records.ndjson, which the line above stands for.
        print_sinks(summary.sinks.get(1..).unwrap_or_default());
    }
    let nothing = summary.empty > 0 || summary.pages_without_text > 0;
    Ok(summary.failed == 0 && summary.incomplete.is_none() && !(strict && nothing))
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// What each store or file set holds now.
fn print_sinks(sinks: &[(String, Vec<(String, u64)>)]) {
    for (name, held) in sinks {
        let held: Vec<String> = held.iter().map(|(t, n)| format!("{n} {t}")).collect();
        eprintln!("decree: {} holds {}", printable(name, false), held.join(", "));
    }
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

impl Sinks {
    fn open(&self) -> Result<Vec<Box<dyn Sink>>> {
        let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
        if let Some(db) = &self.db {
            if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let store =
                decree_store::StoreSink::open(db).with_context(|| format!("cannot open the store {}", db.display()))?;
            sinks.push(Box::new(store));
        }
        if let Some(dir) = &self.parquet {
            sinks.push(parquet::sink(dir)?);
        }
        if let Some(file) = &self.xlsx {
            sinks.push(Box::new(Xlsx(Some(decree_xlsx::XlsxSink::create(file)?), file.clone())));
        }
        Ok(sinks)
    }
}

/// The workbook as one of the batch's sinks (until decree-xlsx implements the trait).
struct Xlsx(Option<decree_xlsx::XlsxSink>, PathBuf);

impl Sink for Xlsx {
    fn name(&self) -> String {
        self.1.display().to_string()
    }

    fn write(&mut self, records: &decree_model::Records) -> Result<(), decree_export::SinkError> {
        match self.0.as_mut() {
            Some(sink) => sink.push(records).map_err(|e| decree_export::SinkError::new(self.name(), e)),
            None => Ok(()),
        }
    }

    fn finish(&mut self) -> Result<Vec<(String, u64)>, decree_export::SinkError> {
        let Some(sink) = self.0.take() else { return Ok(Vec::new()) };
        let rows = sink.finish().map_err(|e| decree_export::SinkError::new(self.name(), e))?;
        Ok(rows.into_iter().map(|(k, n)| (k.to_owned(), n as u64)).collect())
    }
}

/// Loads converted output into the sinks: for a batch folder, the documents
/// its manifest lists as converted (never stale files beside them); for other
/// folders and files, the records JSON among them. Reports what each sink holds.
fn load(inputs: &[PathBuf], sinks: &Sinks, quiet: bool) -> Result<bool> {
    let files = records_files(inputs)?;
    let mut opened = sinks.open()?;
    let mut documents = 0;
    for file in &files {
        let Some(records) = read_records_json(file)? else { continue };
        for sink in opened.iter_mut() {
            sink.write(&records).with_context(|| format!("cannot load {}", file.display()))?;
        }
        documents += 1;
    }
    let mut held = Vec::new();
    for sink in opened.iter_mut() {
        held.push((sink.name(), sink.finish()?));
    }
    if !quiet {
        eprintln!("decree: read {documents} documents");
        print_sinks(&held);
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

/// The records files of each input: a batch folder's listed outputs, the
/// `.json` files directly inside another folder, or the file named; sorted.
fn records_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.join("manifest.json").is_file() {
            files.extend(batch::listed_outputs(input)?);
        } else if input.is_dir() {
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
