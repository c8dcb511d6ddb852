//! Times the stages of converting one workbook: read, extract, check, JSON.
//! `cargo run --release -p decree-sheet --example stages -- FILE.xlsx`

use decree_layout::Reader;
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: stages FILE");
        std::process::exit(2);
    };
    let path = std::path::PathBuf::from(path);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let (_, format) = decree::detect(&bytes, &path).unwrap_or_else(|e| panic!("{e}"));
    let t = Instant::now();
    let layout = decree_sheet::SheetReader.read(&bytes, format).unwrap_or_else(|e| panic!("{e}")).output;
    println!("read     {:>8.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let records = decree::convert_bytes(&bytes, &path).unwrap_or_else(|e| panic!("{e}")).output;
    println!(
        "convert  {:>8.3} s  ({} blocks, {} tasks)",
        t.elapsed().as_secs_f64(),
        layout.blocks.len(),
        records.tasks.len()
    );
    let t = Instant::now();
    let json = serde_json::to_vec(&records).unwrap_or_else(|e| panic!("{e}"));
    println!("json     {:>8.3} s  ({} bytes)", t.elapsed().as_secs_f64(), json.len());
}
