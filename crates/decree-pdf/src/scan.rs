//! Scanned pages: words with boxes from OCR, laid out by the same line,
//! column and table assembly as PDF glyphs.
//!
//! An OCR engine lives outside this crate (decree-ocr) and plugs in through
//! [`PageOcr`]; this module only turns its words and ruling lines into the
//! interpreter's page model, so scans and born-digital PDFs share one layout.

use crate::model::{Glyph, RawPage, Ruling};
use crate::{assemble, panic_message, read_pages, Note, PageRead, PdfError};
use decree_layout::Layout;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// One recognised word. Coordinates in points, origin top left.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanWord {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    /// Baseline of the word's line.
    pub baseline: f64,
    /// Font size of the word's line.
    pub size: f64,
}

/// A ruling line found in the image (a long dark run).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScanRule {
    pub horizontal: bool,
    /// y of a horizontal rule, x of a vertical one.
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// A page as OCR read it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScanPage {
    /// 1-based.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub words: Vec<ScanWord>,
    pub rules: Vec<ScanRule>,
}

/// A page of a PDF that wants OCR.
#[derive(Debug, Clone, Copy)]
pub struct PageAsk {
    pub number: u32,
    pub id: lopdf::ObjectId,
    pub width: f64,
    pub height: f64,
}

/// An OCR engine the PDF reader calls for pages without a usable text layer.
pub trait PageOcr: Sync {
    /// Whether a page's text layer is too broken to keep (OCR it instead).
    fn garbage(&self, text: &str) -> bool;
    /// Reads the asked pages; one result per ask, in order.
    fn ocr(&self, bytes: &[u8], doc: &lopdf::Document, asks: &[PageAsk]) -> Vec<Result<ScanPage, String>>;
}

/// Lays out pages read by OCR.
pub fn layout_of_scans(pages: Vec<ScanPage>) -> (Layout, Vec<Note>) {
    let raws = pages.into_iter().map(|p| PageRead::Page(Box::new(raw_page(p)))).collect();
    match catch_unwind(AssertUnwindSafe(|| assemble::layout(raws))) {
        Ok(done) => done,
        Err(p) => (Layout::default(), vec![Note::new("page_unreadable", 1, panic_message(&p))]),
    }
}

/// Reads a PDF, sending pages with no text layer (or a garbage one) to `ocr`.
pub fn read_pdf_with_ocr(bytes: &[u8], ocr: &dyn PageOcr) -> Result<(Layout, Vec<Note>), PdfError> {
    let doc = crate::load(bytes)?;
    let mut pages = read_pages(&doc)?;
    let mut asks = Vec::new();
    let mut at = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let PageRead::Page(raw) = p else { continue };
        let wants = if raw.glyphs.is_empty() { raw.images > 0 } else { ocr.garbage(&raw.text) };
        if wants {
            asks.push(PageAsk { number: raw.number, id: raw.id, width: raw.width, height: raw.height });
            at.push(i);
        }
    }
    let mut notes = Vec::new();
    if !asks.is_empty() {
        let results = catch_unwind(AssertUnwindSafe(|| ocr.ocr(bytes, &doc, &asks)))
            .map_err(|p| PdfError::ParserPanic(panic_message(&p)))?;
        for ((i, ask), result) in at.into_iter().zip(&asks).zip(results) {
            match result {
                Ok(scan) => pages[i] = PageRead::Page(Box::new(raw_page(scan))),
                Err(message) => notes.push(Note::new(
                    "ocr_failed",
                    ask.number,
                    format!("Trang {}: không nhận dạng được ký tự (OCR): {message}", ask.number),
                )),
            }
        }
    }
    let (layout, mut more) = catch_unwind(AssertUnwindSafe(|| assemble::layout(pages)))
        .map_err(|p| PdfError::ParserPanic(panic_message(&p)))?;
    notes.append(&mut more);
    Ok((layout, notes))
}

/// One glyph per word (its whole text) and a space glyph between words, so
/// the line builder sees OCR's own word breaks.
fn raw_page(scan: ScanPage) -> RawPage {
    let mut raw = RawPage { number: scan.number, width: scan.width, height: scan.height, ..RawPage::default() };
    for w in scan.words {
        let upright = w.x1 >= w.x0;
        if w.text.is_empty() || !upright || !w.size.is_finite() || w.size <= 0.0 {
            continue;
        }
        let start = u32::try_from(raw.text.len()).unwrap_or(u32::MAX);
        raw.text.push_str(&w.text);
        let len = u32::try_from(w.text.len()).unwrap_or(0);
        let glyph =
            |x0, x1, start, len, space| Glyph { x0, x1, y: w.baseline, size: w.size, bold: false, space, start, len };
        raw.glyphs.push(glyph(w.x0, w.x1, start, len, false));
        let end = start.saturating_add(len);
        raw.text.push(' ');
        raw.glyphs.push(glyph(w.x1, w.x1, end, 1, true));
    }
    raw.rulings = scan
        .rules
        .into_iter()
        .map(|r| Ruling { horizontal: r.horizontal, at: r.at, from: r.from.min(r.to), to: r.from.max(r.to) })
        .collect();
    raw
}

#[cfg(test)]
mod tests {
    use super::*;
    use decree_layout::Block;

    fn word(text: &str, x0: f64, baseline: f64) -> ScanWord {
        ScanWord { text: text.into(), x0, x1: x0 + 6.0 * text.chars().count() as f64, baseline, size: 12.0 }
    }

    #[test]
    fn words_become_lines_and_a_ruled_grid_a_table() {
        let mut words = vec![word("Kính", 72.0, 100.0), word("gửi:", 110.0, 100.0)];
        words.extend([word("STT", 80.0, 220.0), word("Nội", 160.0, 220.0), word("dung", 190.0, 220.0)]);
        words.extend([word("1", 80.0, 250.0), word("Họp", 160.0, 250.0)]);
        let mut rules = Vec::new();
        for y in [200.0, 230.0, 260.0] {
            rules.push(ScanRule { horizontal: true, at: y, from: 70.0, to: 400.0 });
        }
        for x in [70.0, 150.0, 400.0] {
            rules.push(ScanRule { horizontal: false, at: x, from: 200.0, to: 260.0 });
        }
        let page = ScanPage { number: 1, width: 595.0, height: 842.0, words, rules };
        let (layout, notes) = layout_of_scans(vec![page]);
        assert!(notes.is_empty(), "{notes:?}");
        let para = layout.blocks.iter().find_map(|b| if let Block::Paragraph(p) = b { Some(p) } else { None });
        assert_eq!(para.map(|p| p.text.as_str()), Some("Kính gửi:"));
        let table = layout.blocks.iter().find_map(|b| if let Block::Table(t) = b { Some(t) } else { None });
        let table = table.unwrap_or_else(|| panic!("no table from the rulings"));
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1].cells[1].text, "Họp");
    }
}
