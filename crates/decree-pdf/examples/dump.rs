//! Prints what the PDF reader sees on each page: `cargo run -p decree-pdf --example dump -- FILE [PAGE]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dump FILE.pdf [PAGE]");
        std::process::exit(2);
    };
    let only: Option<usize> = args.next().and_then(|p| p.parse().ok());
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match decree_pdf::debug_pages(&bytes) {
        Ok(pages) => {
            for (i, p) in pages.iter().enumerate() {
                if only.is_none_or(|o| o == i + 1) {
                    print!("{p}");
                }
            }
        }
        Err(e) => eprintln!("{path}: {e}"),
    }
}
