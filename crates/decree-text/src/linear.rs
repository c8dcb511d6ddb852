//! `pdftotext` linear (non-layout) output.
//!
//! Every table cell comes out as its own run of lines, cell after cell, row
//! after row; page numbers and the table header repeat at each page. The reader
//! finds each header (`STT` and the column titles, [`header`]), takes its titles
//! as the columns, gathers the body across pages and cuts it into rows where
//! the STT numbering continues ([`table`], [`numbering`]), and cuts each row's
//! lines into the columns by cell shape, line width and deadline vocabulary
//! ([`grid`], [`cells`]), with column widths learned from the table itself.
//! Everything else is prose ([`prose`]); `Phụ lục N` lines are headings.

use decree_layout::{Block, Heading};
use decree_model::Provenance;

mod cells;
mod grid;
mod header;
mod lex;
mod numbering;
mod pieces;
mod prose;
mod table;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

use lex::Line;

/// True for pdftotext linear output: no tab-separated rows, and a table header
/// (`STT` or `TT` followed by column titles) written without tabs.
pub(crate) fn looks_linear(lines: &[&str]) -> bool {
    let tabbed = lines.iter().any(|l| l.contains('\t') && l.split('\t').filter(|c| !c.trim().is_empty()).count() >= 2);
    if tabbed {
        return false;
    }
    // Only a line that opens a header can start one; read a few lines from there.
    lines.iter().enumerate().any(|(i, line)| {
        let window = lines.get(i..lines.len().min(i + 40)).unwrap_or(&[]);
        header::starts_header(line.trim()) && header::parse(&lex::scan(window), 0).is_some()
    })
}

/// The whole document as blocks in reading order.
pub(crate) fn read_linear(lines: &[&str]) -> Vec<Block> {
    let lines = lex::scan(lines);
    let mut out = Vec::new();
    let mut prose = prose::Prose::new(&lines);
    let mut pages = Pages::default();
    let mut tables = 0u32;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if line.is_blank() {
            i += 1;
            continue;
        }
        if let Some(page) = pages.break_at(&lines, i) {
            prose.flush(&mut out);
            out.push(Block::PageBreak { page });
            i += 1;
        } else if lex::is_annex_heading(&line.text) {
            prose.flush(&mut out);
            let prov = Provenance::line(line.no);
            out.push(Block::Heading(Heading { level: 1, number: None, text: line.text.clone(), prov }));
            i += 1;
        } else if let Some(h) = header::parse(&lines, i) {
            prose.flush(&mut out);
            let (blocks, end) = table::read(&lines, &h, tables, &mut pages);
            out.extend(blocks);
            tables += 1;
            i = end.max(i + 1);
        } else {
            prose.push(line, &mut out);
            i += 1;
        }
    }
    prose.flush(&mut out);
    out
}

/// Page numbering seen so far, to tell a page number from a lone row number.
#[derive(Debug, Default, Clone)]
struct Pages {
    last: Option<u32>,
}

impl Pages {
    /// Continues from `page` when known (after re-reading part of the text).
    fn resume(&mut self, page: Option<u32>) {
        if page.is_some() {
            self.last = page;
        }
    }

    /// The page number printed at line `i`, if that line is one: a lone number
    /// at a page boundary (after blank lines or a form feed) or right before a
    /// repeated table header, when it continues the page count. `- 2 -` and
    /// `Trang 2` always are.
    fn break_at(&mut self, lines: &[Line], i: usize) -> Option<u32> {
        let line = lines.get(i)?;
        let n = lex::page_number(&line.text)?;
        let marked = line.text.starts_with('-') || line.text.starts_with("Trang");
        let header_next =
            lines.iter().skip(i + 1).find(|l| !l.is_blank()).is_some_and(|l| header::starts_header(&l.text));
        let expected = match self.last {
            Some(p) => n == p + 1 || n == 2,
            None => (1..=3).contains(&n),
        };
        // Before a repeated header a lone number is a page number, unless it
        // neither continues the count nor starts a page (a row number at the
        // foot of a page whose next page carries no number).
        let page = marked || (header_next || line.gap_before) && expected || header_next && line.gap_before;
        page.then(|| {
            self.last = Some(n);
            n
        })
    }
}
