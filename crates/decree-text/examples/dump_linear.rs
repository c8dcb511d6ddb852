//! Prints the tables a text dump reads into, one cell per line, to inspect how
//! the rows of pdftotext output were rebuilt.
//!
//! `cargo run -p decree-text --example dump_linear -- FILE [--all]`: with
//! `--all`, headings, paragraphs and page breaks are printed too.

use decree_layout::Block;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dump_linear FILE [--all]");
        std::process::exit(2);
    };
    let all = args.any(|a| a == "--all");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let start = Instant::now();
    let layout = decree_text::read_text(&text);
    eprintln!("read in {:?}", start.elapsed());
    for block in &layout.blocks {
        match block {
            Block::Table(t) => {
                println!("== table {} (line {:?}), {} rows", t.index, t.prov.line, t.rows.len());
                for (i, row) in t.rows.iter().enumerate() {
                    let kind = if i < t.header_rows { " header" } else { "" };
                    let brk = if row.after_break { " after_break" } else { "" };
                    println!("-- row [{}] line {:?}{kind}{brk}", row.text_at(0), row.prov.line);
                    for cell in row.cells.iter().skip(1) {
                        println!("   {}: {}", cell.col, cell.text);
                    }
                }
            }
            Block::Heading(h) if all => println!("# {} (line {:?})", h.text, h.prov.line),
            Block::Paragraph(p) if all => println!("¶ {} (line {:?})", p.text, p.prov.line),
            Block::ListItem(l) if all => {
                println!("{} {} (line {:?})", l.marker, l.text, l.prov.line)
            }
            Block::PageBreak { page } if all => println!("--- page {page}"),
            _ => {}
        }
    }
}
