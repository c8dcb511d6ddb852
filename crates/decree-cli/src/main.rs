//! `decree`: convert Vietnamese government plans into checked records.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use decree_export::{ndjson_lines, to_json, write_atomic};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "decree", version, about = "Turn Vietnamese government plans and decrees into clean, checked data.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert documents (files or directories) into `<out>/<stem>.json` and `<out>/records.ndjson`.
    Convert {
        /// Input files or directories.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output directory.
        #[arg(long, short)]
        out: PathBuf,
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
    /// Print the layout a reader makes of one document (blocks and tables), for
    /// seeing why a record came out as it did.
    Layout {
        /// The input file.
        input: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert { inputs, out } => convert(&inputs, &out),
        Command::Check { files } => check(&files),
        Command::Schema => print_schema().map(|()| true),
        Command::Layout { input } => print_layout(&input).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("decree: {e:#}");
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

fn print_layout(input: &Path) -> Result<()> {
    let layout = decree::read_layout(input)?;
    println!("{}", serde_json::to_string_pretty(&layout)?);
    Ok(())
}

fn print_schema() -> Result<()> {
    println!("{}", serde_json::to_string_pretty(&decree_model::json_schema())?);
    Ok(())
}

/// Converts every input; returns false when any failed (the rest are written).
fn convert(inputs: &[PathBuf], out: &Path) -> Result<bool> {
    let files = decree::collect_inputs(inputs)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut ndjson = String::new();
    let mut stems = HashSet::new();
    let mut ok = true;
    for file in &files {
        match decree::convert_file(file) {
            Ok(records) => {
                let stem = unique_stem(file, &records.document.id, &mut stems);
                write_atomic(&out.join(format!("{stem}.json")), to_json(&records)?.as_bytes())?;
                for line in ndjson_lines(&records)? {
                    ndjson.push_str(&line);
                    ndjson.push('\n');
                }
            }
            Err(e) => {
                eprintln!("decree: {e}");
                ok = false;
            }
        }
    }
    write_atomic(&out.join("records.ndjson"), ndjson.as_bytes())?;
    Ok(ok)
}

/// The file's stem, made unique within the batch with a piece of its hash.
fn unique_stem(file: &Path, id: &str, seen: &mut HashSet<String>) -> String {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_owned();
    if seen.insert(stem.clone()) {
        return stem;
    }
    let short: String = id.trim_start_matches("sha256:").chars().take(8).collect();
    let alt = format!("{stem}-{short}");
    seen.insert(alt.clone());
    alt
}
