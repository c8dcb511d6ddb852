//! Pages → the document's blocks.
//!
//! - Running headers and footers (a line in the top or bottom margin that
//!   repeats on many pages, digits aside, or a bare page number) are dropped.
//! - A table piece that ends a page and one that starts the next with the same
//!   column geometry are one table: the next piece's repeated header rows are
//!   dropped, its first body row is marked `after_break` (extraction rejoins a
//!   row the break cut), and all pieces' cells are laid on one column grid.
//! - Lines outside tables become paragraphs and list items ([`crate::prose`]);
//!   a paragraph a page break cut continues on the next page.

use crate::model::round_box;
use crate::page::{lay_out, Edge, Item, PageItems, Piece};
use crate::prose::Prose;
use crate::thresholds::T;
use crate::{Note, PageRead};
use decree_layout::{count_header_rows, Block, Cell, Layout, Row, Table};
use decree_model::Provenance;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Lays out every page and assembles the blocks.
pub(crate) fn layout(pages: Vec<PageRead>) -> (Layout, Vec<Note>) {
    let count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    let mut notes = Vec::new();
    let mut laid: Vec<PageItems> = Vec::with_capacity(pages.len());
    for p in pages {
        match p {
            PageRead::Page(raw) => {
                match catch_unwind(AssertUnwindSafe(|| lay_out(&raw))) {
                    Ok(items) => {
                        page_notes(&items, &mut notes);
                        laid.push(items);
                    }
                    Err(_) => {
                        let number = raw.number;
                        notes.push(Note::new(
                        "page_unreadable",
                        number,
                        format!("Trang {number}: không dựng được bố cục trang (lỗi nội bộ); các trang khác vẫn được đọc."),
                    ));
                        laid.push(PageItems { number, width: raw.width, height: raw.height, ..PageItems::default() });
                    }
                }
            }
            PageRead::Failed { number, message } => {
                notes.push(Note::new(
                    "page_unreadable",
                    number,
                    format!("Trang {number} không đọc được ({message}); các trang khác vẫn được đọc."),
                ));
                laid.push(PageItems { number, ..PageItems::default() });
            }
        }
    }
    drop_running_lines(&mut laid);
    let mut b = Builder { right_edges: right_edges(&laid), ..Builder::default() };
    for p in laid {
        b.page(p);
    }
    (Layout { blocks: crate::aligned::join_across_pages(b.finish()), pages: Some(count) }, notes)
}

fn page_notes(p: &PageItems, notes: &mut Vec<Note>) {
    if p.glyphs == 0 {
        let what = if p.images > 0 { "chỉ có hình ảnh (bản quét?)" } else { "không có chữ" };
        notes.push(Note::new(
            "no_text_layer",
            p.number,
            format!("Trang {} {what}: không có lớp văn bản để đọc; cần nhận dạng ký tự (OCR).", p.number),
        ));
    }
    if p.truncated {
        notes.push(Note::new(
            "page_truncated",
            p.number,
            format!("Trang {} quá lớn hoặc hỏng: chỉ phần đầu được đọc.", p.number),
        ));
    }
}

/// A line's text with each run of digits folded to `#`, to match `Trang 3`
/// with `Trang 4` and `9/72` with `10/72`.
fn shape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn is_page_number(text: &str) -> bool {
    let t = text.trim().trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let t = t
        .strip_prefix("Trang")
        .or_else(|| t.strip_prefix("trang"))
        .or_else(|| t.strip_prefix("Page"))
        .unwrap_or(t)
        .trim();
    let mut parts = t.split(['/', ' ']).filter(|p| !p.is_empty() && *p != "of" && *p != "trên");
    parts.next().is_some_and(|p| p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
        && parts.all(|p| p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Drops running headers and footers and page numbers.
fn drop_running_lines(pages: &mut [PageItems]) {
    let zone = |p: &PageItems, top: f64| -> Option<bool> {
        let h = p.height.max(1.0);
        if top < T.margin * h {
            Some(true)
        } else if top > (1.0 - T.margin) * h {
            Some(false)
        } else {
            None
        }
    };
    let mut seen: HashMap<(bool, String), usize> = HashMap::new();
    for p in pages.iter() {
        let mut shapes: Vec<(bool, String)> = p
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Line(l) => zone(p, l.top).map(|z| (z, shape(&l.text()))),
                Item::Table(_) => None,
            })
            .collect();
        shapes.dedup();
        for s in shapes {
            *seen.entry(s).or_default() += 1;
        }
    }
    let pages_n = pages.len();
    let repeated = |k: &(bool, String)| seen.get(k).is_some_and(|&n| n >= 3 && n * 5 >= pages_n * 2);
    for p in pages.iter_mut() {
        let (h, items) = (p.height.max(1.0), std::mem::take(&mut p.items));
        p.items = items
            .into_iter()
            .filter(|it| match it {
                Item::Line(l) => {
                    let z = if l.top < T.margin * h {
                        Some(true)
                    } else if l.top > (1.0 - T.margin) * h {
                        Some(false)
                    } else {
                        None
                    };
                    let text = l.text();
                    !z.is_some_and(|z| is_page_number(&text) || repeated(&(z, shape(&text))))
                }
                Item::Table(_) => true,
            })
            .collect();
    }
}

/// A table whose pieces are still arriving, page by page.
struct OpenTable {
    pieces: Vec<Piece>,
    /// Page breaks inside the table, emitted after it.
    breaks: Vec<u32>,
}

/// The right edge of the text block for each page width (portrait and
/// landscape pages differ): where most long lines end. A line that ends well
/// before it ends its paragraph.
fn right_edges(pages: &[PageItems]) -> Vec<(f64, f64)> {
    let mut by_width: Vec<(f64, Vec<i64>)> = Vec::new();
    for p in pages {
        let ends = p.items.iter().filter_map(|it| match it {
            Item::Line(l) if l.x1 > 0.6 * p.width => Some((l.x1 / 2.0).round() as i64),
            _ => None,
        });
        match by_width.iter_mut().find(|(w, _)| (w - p.width).abs() < 1.0) {
            Some((_, v)) => v.extend(ends),
            None => by_width.push((p.width, ends.collect())),
        }
    }
    by_width
        .into_iter()
        .map(|(w, mut ends)| {
            ends.sort_unstable();
            let mut best = (0usize, (w * 0.85 / 2.0) as i64);
            let mut i = 0;
            while i < ends.len() {
                let j = ends[i..].iter().take_while(|&&e| e == ends[i]).count();
                if j >= best.0 {
                    best = (j, ends[i]);
                }
                i += j;
            }
            (w, best.1 as f64 * 2.0)
        })
        .collect()
}

#[derive(Default)]
struct Builder {
    /// `(page width, text right edge)`.
    right_edges: Vec<(f64, f64)>,
    blocks: Vec<Block>,
    tables: u32,
    open: Option<OpenTable>,
    prose: Prose,
    first_page: Option<u32>,
}

impl Builder {
    fn page(&mut self, p: PageItems) {
        let number = p.number;
        let first = *self.first_page.get_or_insert(number);
        if number != first {
            match self.open.as_mut() {
                Some(t) => t.breaks.push(number),
                None => self.blocks.push(Block::PageBreak { page: number }),
            }
        }
        let right = self.right_edges.iter().find(|(w, _)| (w - p.width).abs() < 1.0).map_or(p.width, |e| e.1);
        let mut items = p.items.into_iter().peekable();
        // A piece that starts the page may continue the table the last page ended with.
        if let Some(Item::Table(piece)) = items.peek() {
            if self.open.as_ref().is_some_and(|t| continues(t, piece)) {
                if let (Some(Item::Table(piece)), Some(t)) = (items.next(), self.open.as_mut()) {
                    t.pieces.push(piece);
                }
            }
        }
        let mut lines = Vec::new();
        for item in items {
            match item {
                Item::Line(l) => {
                    self.close_table();
                    lines.push(l);
                }
                Item::Table(piece) => {
                    self.prose.lines(std::mem::take(&mut lines), number, right, &mut self.blocks, &mut self.tables);
                    self.prose.flush(&mut self.blocks);
                    self.close_table();
                    self.open = Some(OpenTable { pieces: vec![piece], breaks: Vec::new() });
                }
            }
        }
        self.prose.lines(lines, number, right, &mut self.blocks, &mut self.tables);
        if self.open.is_none() {
            self.prose.page_end();
        } else {
            self.prose.flush(&mut self.blocks);
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.close_table();
        self.prose.flush(&mut self.blocks);
        self.blocks
    }

    fn close_table(&mut self) {
        let Some(open) = self.open.take() else { return };
        let index = self.tables;
        self.tables += 1;
        self.blocks.push(Block::Table(stitch(open.pieces, index)));
        self.blocks.extend(open.breaks.into_iter().map(|page| Block::PageBreak { page }));
    }
}

/// Whether `next` (first on its page) continues the open table: same outer
/// edges and mostly the same column boundaries.
fn continues(open: &OpenTable, next: &Piece) -> bool {
    let Some(last) = open.pieces.last() else { return false };
    let (a, b) = (&last.xs, &next.xs);
    let near = |x: f64, set: &[f64]| set.iter().any(|y| (x - y).abs() <= T.same_edge);
    let edges = match (a.first(), a.last(), b.first(), b.last()) {
        (Some(a0), Some(a1), Some(b0), Some(b1)) => (a0 - b0).abs() <= T.same_edge && (a1 - b1).abs() <= T.same_edge,
        _ => false,
    };
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let shared = small.iter().filter(|&&x| near(x, large)).count();
    edges && shared * 3 >= small.len() * 2
}

/// The column boundaries of all pieces, as one grid.
fn global_columns(pieces: &[Piece]) -> Vec<f64> {
    let mut all: Vec<f64> = pieces.iter().flat_map(|p| p.xs.iter().copied()).collect();
    all.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in all {
        match out.last() {
            Some(&last) if x - last <= T.same_edge => {}
            _ => out.push(x),
        }
    }
    out
}

fn nearest(xs: &[f64], x: f64) -> usize {
    let mut best = 0;
    for (i, b) in xs.iter().enumerate() {
        if (b - x).abs() < (xs[best] - x).abs() {
            best = i;
        }
    }
    best
}

/// A piece's rows on the table's grid, with each cell's edge words.
fn rows_of(piece: &Piece, xs: &[f64]) -> Vec<(Row, Vec<Edge>)> {
    piece
        .rows
        .iter()
        .map(|r| {
            let cells = r
                .cells
                .iter()
                .map(|c| {
                    let col = nearest(xs, c.x0);
                    let end = nearest(xs, c.x1).max(col + 1);
                    Cell { text: c.text.clone(), col, col_span: end - col, row_span: c.row_span, bold: c.bold }
                })
                .collect();
            let edges = r.cells.iter().map(|c| c.edge.clone()).collect();
            let prov = Provenance { page: Some(piece.page), bbox: Some(round_box(r.bbox)), ..Provenance::default() };
            (Row { cells, after_break: false, prov }, edges)
        })
        .collect()
}

/// Whether `row` repeats the header row `head`, and the text of header cells
/// it shows cut short: a repeated header row can be drawn lower than the
/// original, its cells' last lines clipped, and the first of the clipped lines
/// spilling into the row below.
fn repeats(row: &Row, head: &Row) -> Option<Vec<(usize, String)>> {
    let mut exact = 0;
    let mut rest = Vec::new();
    for c in row.cells.iter().filter(|c| !c.text.is_empty()) {
        let h = head.cells.iter().find(|h| h.col == c.col)?;
        if h.text == c.text {
            exact += 1;
        } else {
            let tail = h.text.strip_prefix(c.text.as_str())?;
            if !tail.starts_with([' ', '\n']) {
                return None;
            }
            rest.push((c.col, tail.trim().to_owned()));
        }
    }
    (exact > 0 && exact * 2 >= head.cells.iter().filter(|h| !h.text.is_empty()).count()).then_some(rest)
}

/// Removes header words that spilled out of a clipped repeated header into
/// the first row below it.
fn strip_overflow(row: &mut Row, clipped: &[(usize, String)]) {
    for (col, rest) in clipped {
        let Some(cell) = row.cells.iter_mut().find(|c| c.col == *col) else { continue };
        let spilled: Vec<&str> = rest.split_whitespace().collect();
        let words: Vec<&str> = cell.text.split_whitespace().collect();
        let n = words.iter().zip(&spilled).take_while(|(a, b)| a == b).count();
        if n > 0 {
            cell.text = words[n..].join(" ");
        }
    }
}

/// One table from its pieces.
fn stitch(pieces: Vec<Piece>, index: u32) -> Table {
    let xs = global_columns(&pieces);
    let mut rows: Vec<(Row, Vec<Edge>)> = Vec::new();
    let mut header: Vec<Row> = Vec::new();
    let mut header_rows = 0;
    for (k, piece) in pieces.iter().enumerate() {
        let mut piece_rows = rows_of(piece, &xs);
        if k == 0 {
            let plain: Vec<Row> = piece_rows.iter().map(|(r, _)| r.clone()).collect();
            header_rows = count_header_rows(&plain);
            header = plain.into_iter().take(header_rows.max(1)).collect();
            rows.extend(piece_rows);
            continue;
        }
        // Header rows the page repeats are dropped; a repeated first row is
        // a header even when it names no `STT` column.
        let mut clipped: Vec<(usize, String)> = Vec::new();
        let mut repeated = 0;
        for ((r, _), h) in piece_rows.iter().zip(&header) {
            match repeats(r, h) {
                Some(rest) => clipped.extend(rest),
                None => break,
            }
            repeated += 1;
        }
        if repeated > 0 && header_rows == 0 && k == 1 {
            header_rows = repeated;
        }
        piece_rows.drain(..repeated);
        if let Some((first, _)) = piece_rows.first_mut() {
            strip_overflow(first, &clipped);
        }
        let mut next = piece_rows.into_iter();
        if let Some(first) = next.next() {
            let in_body = rows.len() > header_rows;
            match rows.last_mut().filter(|_| in_body) {
                Some(prev) if cut_by_break(prev, &first) => join_rows(prev, first),
                _ => {
                    let (mut row, edges) = first;
                    row.after_break = true;
                    rows.push((row, edges));
                }
            }
        }
        rows.extend(next);
    }
    let first = pieces.first();
    let prov = Provenance {
        page: first.map(|p| p.page),
        table: Some(index),
        bbox: first.map(|p| round_box(p.bbox)),
        ..Provenance::default()
    };
    Table { index, header_rows, rows: rows.into_iter().map(|(r, _)| r).collect(), prov }
}

/// Whether the first row on a page is the rest of the last row on the page
/// before. It has no number of its own, and either a cell of it reads on from
/// the same cell above (starts in lower case, or finishes a word the break
/// cut), or it only fills some of the columns the row above filled (the
/// longest cells spill over; a row of its own would name its bodies and
/// deadline too).
fn cut_by_break(prev: &(Row, Vec<Edge>), next: &(Row, Vec<Edge>)) -> bool {
    let (p, n) = (&prev.0, &next.0);
    if !n.text_at(0).trim().is_empty() || n.is_blank() || p.is_blank() {
        return false;
    }
    let filled = |r: &Row| r.cells.iter().filter(|c| !c.text.is_empty()).map(|c| c.col).collect::<Vec<_>>();
    let (fp, fn_) = (filled(p), filled(n));
    if fn_.iter().all(|c| fp.contains(c)) && 2 * fn_.len() <= fp.len() {
        return true;
    }
    n.cells.iter().zip(&next.1).filter(|(c, _)| !c.text.is_empty()).any(|(c, edge)| {
        let Some(i) = p.cells.iter().position(|q| q.col == c.col && !q.text.is_empty()) else { return false };
        let lower = c.text.chars().next().is_some_and(|ch| ch.is_lowercase() || ch == ')');
        lower || prev.1.get(i).is_some_and(|e| e.glues(edge))
    })
}

/// Appends a row's cells to the row above, cell by cell on the grid.
fn join_rows(prev: &mut (Row, Vec<Edge>), next: (Row, Vec<Edge>)) {
    let (row, edges) = next;
    for (cell, edge) in row.cells.into_iter().zip(edges) {
        if cell.text.is_empty() {
            continue;
        }
        match prev.0.cells.iter().position(|p| p.col == cell.col) {
            Some(i) => {
                let glue = prev.1.get(i).is_some_and(|e| e.glues(&edge));
                let target = &mut prev.0.cells[i].text;
                if target.is_empty() {
                    target.push_str(&cell.text);
                } else {
                    let sep = if glue {
                        ""
                    } else if cell.text.starts_with("- ") {
                        "\n"
                    } else {
                        " "
                    };
                    target.push_str(sep);
                    target.push_str(&cell.text);
                }
                if let Some(e) = prev.1.get_mut(i) {
                    e.last_single = edge.last_single;
                }
            }
            None => {
                let at = prev.0.cells.partition_point(|c| c.col < cell.col);
                prev.0.cells.insert(at, cell);
                prev.1.insert(at, edge);
            }
        }
    }
}
