//! Scores one output against one gold file, as the tests do.
//!
//! usage: decree-score GOLD.json OUT.json|SOURCE [--by-line] [--write-out FILE]
//!
//! OUT is a document's records; a source document instead is converted first and its
//! tasks kept to those the gold covers (written to FILE with `--write-out`). Prints the
//! report, the summary line last. Exit status 0 always; the caller judges the figures.

use decree_tests::{convert_to_value, filter_tasks, score};
use serde_json::Value;
use std::path::Path;

fn read(p: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))
}

fn run(args: &[String]) -> Result<String, String> {
    let (mut by_line, mut write_out, mut files) = (false, None, Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--by-line" => by_line = true,
            "--write-out" => write_out = it.next(),
            _ => files.push(a),
        }
    }
    let [gold_path, out_path] = files.as_slice() else {
        return Err("usage: decree-score GOLD.json OUT.json|SOURCE [--by-line] [--write-out FILE]".into());
    };
    let gold = read(Path::new(gold_path))?;
    let out_path = Path::new(out_path);
    let out = if out_path.extension().is_some_and(|e| e == "json") {
        read(out_path)?
    } else {
        let mut out = convert_to_value(out_path);
        filter_tasks(&mut out, &gold);
        out
    };
    if let Some(w) = write_out {
        let json = serde_json::to_string(&out).map_err(|e| e.to_string())?;
        std::fs::write(w, json).map_err(|e| format!("{w}: {e}"))?;
    }
    Ok(score::score(&gold, &out, by_line).report())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(report) => print!("{report}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
