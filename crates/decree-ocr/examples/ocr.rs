//! Prints the layout decree-ocr makes of a scan (PDF or image): one line per
//! block, tables as tab-separated rows. Debugging and measuring aid.

use decree_layout::Block;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ocr = decree_ocr::Ocr::from_env();
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let (layout, notes) = if bytes.starts_with(b"%PDF") { ocr.read_pdf(&bytes)? } else { ocr.read_image(&bytes)? };
        for b in &layout.blocks {
            match b {
                Block::Heading(h) => println!("# {}", h.text),
                Block::Paragraph(p) => println!("{}", p.text),
                Block::ListItem(l) => println!("{} {}", l.marker, l.text),
                Block::Table(t) => {
                    for r in &t.rows {
                        println!("| {}", r.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" | "));
                    }
                }
                Block::PageBreak { page } => println!("--- page {page}"),
            }
        }
        for n in notes {
            eprintln!("note: {} {:?} {}", n.kind, n.page, n.message);
        }
    }
    Ok(())
}
