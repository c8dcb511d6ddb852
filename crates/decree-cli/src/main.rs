//! `decree`: convert Vietnamese government plans into checked records.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use decree_export::{ndjson_lines, to_json, write_atomic};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "decree",
    version,
    about = "Turn Vietnamese government plans and decrees into clean, checked data."
)]
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

fn print_layout(input: &Path) -> Result<()> {
    let layout = decree::read_layout(input)?;
    println!("{}", serde_json::to_string_pretty(&layout)?);
    Ok(())
}

fn print_schema() -> Result<()> {
    println!(
        "{}",
        serde_json::to_string_pretty(&decree_model::json_schema())?
    );
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
                write_atomic(
                    &out.join(format!("{stem}.json")),
                    to_json(&records)?.as_bytes(),
                )?;
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
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document")
        .to_owned();
    if seen.insert(stem.clone()) {
        return stem;
    }
    let short: String = id.trim_start_matches("sha256:").chars().take(8).collect();
    let alt = format!("{stem}-{short}");
    seen.insert(alt.clone());
    alt
}
