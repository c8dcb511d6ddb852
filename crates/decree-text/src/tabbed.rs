//! Tab-separated tables among prose and Markdown, as Word or a PDF converter
//! pastes them.
//!
//! A run of lines with tabs is one table chunk. A chunk that follows another with
//! only blank lines between continues the same table across a page break: its
//! repeated header rows are dropped and its first body row is marked
//! `after_break`, so extraction can rejoin a row the break cut in two.

use decree_layout::{count_header_rows, Block, Cell, Heading, ListItem, Paragraph, Row, Table};
use decree_model::Provenance;
use decree_norm::{clean_text, fold};
use regex::Regex;
use std::sync::LazyLock;

static MD_HEADING: LazyLock<Regex> = LazyLock::new(|| re(r"^(#{1,6})\s+(.*)$"));
static OUTLINE_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"^((?:[IVXLC]+|\d+(?:\.\d+)*)\.?)\s+\S"));
static BULLET: LazyLock<Regex> = LazyLock::new(|| re(r"^([-+•–])\s+(.*)$"));

fn re(pattern: &str) -> Regex {
    // Patterns are literals of this module; a failure is a programming error caught by tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad regex {pattern}: {e}"))
}

/// One line of input with its 1-based number.
#[derive(Clone, Copy)]
struct Line<'a> {
    no: u32,
    text: &'a str,
}

pub(crate) fn read_tabbed(lines: &[&str]) -> Vec<Block> {
    let numbered: Vec<(u32, std::borrow::Cow<str>)> = lines
        .iter()
        .enumerate()
        .filter(|(_, t)| !is_pipe_separator(t))
        .map(|(i, t)| (u32::try_from(i + 1).unwrap_or(u32::MAX), pipe_row_as_tabs(t)))
        .collect();
    let lines: Vec<Line> = numbered.iter().map(|(no, t)| Line { no: *no, text: t }).collect();
    let mut out = Builder::default();
    let mut i = 0;
    while i < lines.len() {
        if is_table_line(lines[i].text) {
            let end = chunk_end(&lines, i);
            out.table_chunk(&lines[i..end]);
            i = end;
        } else if lines[i].text.trim().is_empty() {
            out.blank();
            i += 1;
        } else {
            let end = paragraph_end(&lines, i);
            out.prose(&lines[i..end]);
            i = end;
        }
    }
    out.finish()
}

/// `| a | b |`, as pasted from a web page or written in Markdown: the row as the
/// tab-separated line the rest of this reader knows. Other lines are kept as they are.
fn pipe_row_as_tabs(line: &str) -> std::borrow::Cow<'_, str> {
    let t = line.trim();
    let Some(inner) = t.strip_prefix('|').and_then(|r| r.strip_suffix('|')) else {
        return line.into();
    };
    if !inner.contains('|') && inner.trim().is_empty() {
        return line.into();
    }
    // `\|` is a pipe inside a cell.
    let cells: Vec<String> = inner.replace("\\|", "\u{1}").split('|').map(|c| c.trim().replace('\u{1}', "|")).collect();
    if cells.len() < 2 {
        return line.into();
    }
    cells.join("\t").into()
}

/// A Markdown table's separator line (`|---|:--:|`), which holds no row.
fn is_pipe_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn is_table_line(text: &str) -> bool {
    text.contains('\t')
        && text.split('\t').filter(|c| !c.trim().is_empty()).count() >= 1
        && text.split('\t').count() >= 2
}

fn chunk_end(lines: &[Line], start: usize) -> usize {
    let mut end = start;
    while end < lines.len() && is_table_line(lines[end].text) {
        end += 1;
    }
    end
}

/// Prose lines run to a blank line, a table line, or a line that starts a new
/// Markdown block. Lines inside a paragraph are joined (a wrap, not a break) —
/// but each line of a Markdown-free dump that holds a whole sentence is its own
/// paragraph, since Word dumps put one paragraph per line.
fn paragraph_end(lines: &[Line], start: usize) -> usize {
    let mut end = start + 1;
    while end < lines.len() {
        let t = lines[end].text;
        if t.trim().is_empty() || is_table_line(t) || starts_block(t) || !continues(lines[end - 1].text) {
            break;
        }
        end += 1;
    }
    end
}

fn starts_block(t: &str) -> bool {
    let t = t.trim_start();
    MD_HEADING.is_match(t) || BULLET.is_match(t) || t.starts_with("**") && !t.starts_with("***")
}

/// A line continues onto the next when it ends inside a sentence or inside
/// Markdown emphasis, or with a hard break (two trailing spaces).
fn continues(prev: &str) -> bool {
    prev.ends_with("  ") || prev.matches("**").count() % 2 == 1
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    tables: u32,
    /// The table being read: chunks (one per page) not yet laid on one grid.
    open: Option<OpenTable>,
    page: u32,
}

/// A table whose pages are still arriving.
struct OpenTable {
    prov: Provenance,
    chunks: Vec<Chunk>,
}

/// One page's piece of a table: its own header rows (if it repeats them) and body.
struct Chunk {
    header: Vec<Row>,
    body: Vec<Row>,
}

impl Builder {
    fn blank(&mut self) {}

    fn finish(mut self) -> Vec<Block> {
        self.close_table();
        self.blocks
    }

    fn prose(&mut self, lines: &[Line]) {
        self.close_table();
        let first = lines[0];
        let raw: Vec<&str> = lines.iter().map(|l| l.text).collect();
        let joined = raw.join("\n");
        let prov = Provenance::line(first.no);
        let bold = is_bold(&joined);
        if let Some(c) = MD_HEADING.captures(joined.trim_start()) {
            let level = c.get(1).map_or(1, |m| m.as_str().len()) as u8;
            let text = clean_text(c.get(2).map_or("", |m| m.as_str()));
            let (number, text) = split_number(&text);
            self.blocks.push(Block::Heading(Heading { level, number, text, prov }));
            return;
        }
        let text = clean_text(&joined);
        if text.is_empty() {
            return;
        }
        if let Some(c) = BULLET.captures(&text) {
            let marker = c.get(1).map_or("-", |m| m.as_str()).to_owned();
            let body = c.get(2).map_or("", |m| m.as_str()).to_owned();
            self.blocks.push(Block::ListItem(ListItem { marker, text: body, bold, prov }));
            return;
        }
        self.blocks.push(Block::Paragraph(Paragraph { text, bold, prov }));
    }

    fn table_chunk(&mut self, lines: &[Line]) {
        let mut rows: Vec<Row> = lines.iter().map(|l| parse_row(*l)).collect();
        let header: Vec<Row> = rows.drain(..count_header_rows(&rows)).collect();
        let chunk = Chunk { header, body: rows };
        if let Some(open) = self.open.as_mut() {
            let first_width = open.chunks.first().map_or(0, chunk_width);
            if !chunk.header.is_empty() || chunk_width(&chunk).abs_diff(first_width) <= 1 {
                open.chunks.push(chunk);
                return;
            }
            self.close_table();
        }
        let prov = Provenance { line: Some(lines[0].no), ..Provenance::default() };
        self.open = Some(OpenTable { prov, chunks: vec![chunk] });
    }

    /// Lays every page's rows on the grid of the widest header and emits the table.
    fn close_table(&mut self) {
        let Some(open) = self.open.take() else { return };
        let index = self.tables;
        self.tables += 1;
        let main = widest_header(&open.chunks);
        let main_titles = column_titles(&main);
        let mut rows = main.clone();
        let mut mapping: Option<Vec<(usize, usize)>> = None;
        let breaks = open.chunks.len().saturating_sub(1);
        for (i, chunk) in open.chunks.into_iter().enumerate() {
            if !chunk.header.is_empty() {
                mapping = Some(map_columns(&column_titles(&chunk.header), &main_titles));
            }
            for (j, mut row) in chunk.body.into_iter().enumerate() {
                if let Some(m) = &mapping {
                    remap(&mut row, m);
                }
                row.after_break = i > 0 && j == 0;
                rows.push(row);
            }
        }
        let prov = Provenance { table: Some(index), ..open.prov };
        self.blocks.push(Block::Table(Table { index, header_rows: main.len(), rows, prov }));
        for _ in 0..breaks {
            // The breaks fall inside the table; the blocks record that pages ended there.
            self.page += 1;
            self.blocks.push(Block::PageBreak { page: self.page });
        }
    }
}

fn chunk_width(c: &Chunk) -> usize {
    c.header.iter().chain(&c.body).map(Row::width).max().unwrap_or(0)
}

fn header_width(header: &[Row]) -> usize {
    header.iter().map(|r| r.cells.len()).max().unwrap_or(0)
}

/// The header that names the most columns: untitled trailing cells do not count
/// (a stray tab), untitled inner ones do (the right half of a merged title).
/// Ties go to the header with more rows, then to the first.
fn widest_header(chunks: &[Chunk]) -> Vec<Row> {
    let mut best: Option<(&[Row], (usize, usize))> = None;
    for c in chunks.iter().filter(|c| !c.header.is_empty()) {
        let titles = column_titles(&c.header);
        let width = titles.iter().rposition(|t| !t.is_empty()).map_or(0, |i| i + 1);
        let key = (width, c.header.len());
        if best.is_none_or(|(_, k)| key > k) {
            best = Some((&c.header, key));
        }
    }
    best.map(|(h, _)| h.to_vec()).unwrap_or_default()
}

/// Each column's title, header rows joined top to bottom; a title over
/// sub-titles covers the empty cells to its right that have sub-titles.
fn column_titles(header: &[Row]) -> Vec<String> {
    let width = header_width(header);
    let mut titles = vec![String::new(); width];
    for (h, row) in header.iter().enumerate() {
        let mut carried = String::new();
        for (col, title) in titles.iter_mut().enumerate() {
            let own = fold(row.text_at(col));
            let sub_titled = header[h + 1..].iter().any(|r| !r.text_at(col).trim().is_empty());
            let text = if own.is_empty() && sub_titled { carried.clone() } else { own.clone() };
            if !own.is_empty() {
                carried = own;
            }
            if !text.is_empty() {
                title.push('/');
                title.push_str(&text);
            }
        }
    }
    titles
}

/// For each column of a page, the main grid's column and span: a page whose
/// header merged two of the main grid's columns gets a cell spanning both.
fn map_columns(page: &[String], main: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(page.len());
    let mut next = 0;
    let mut c = 0;
    while c < page.len() {
        let title = &page[c];
        let found = (!title.is_empty()).then(|| (next..main.len()).find(|&m| main[m] == *title)).flatten();
        let Some(m) = found else {
            out.push((next, 1));
            next += 1;
            c += 1;
            continue;
        };
        let span = 1 + main[m + 1..].iter().take_while(|t| t.is_empty()).count();
        // The page may carry the merged title's empty right half as its own
        // column: those columns take the covered positions.
        let own_halves = page[c + 1..].iter().take(span - 1).take_while(|t| t.is_empty()).count();
        out.push((m, span - own_halves));
        for k in 1..=own_halves {
            out.push((m + span - own_halves + k - 1, 1));
        }
        next = m + span;
        c += 1 + own_halves;
    }
    out
}

fn remap(row: &mut Row, mapping: &[(usize, usize)]) {
    let extra = mapping.last().map_or(0, |(c, s)| c + s);
    for cell in &mut row.cells {
        let (col, span) = mapping.get(cell.col).copied().unwrap_or((extra + cell.col - mapping.len(), 1));
        cell.col = col;
        cell.col_span = span;
    }
}

fn parse_row(line: Line) -> Row {
    let cells = line
        .text
        .split('\t')
        .enumerate()
        .map(|(col, raw)| Cell { bold: is_bold(raw), ..Cell::new(col, clean_text(raw)) })
        .collect();
    Row { cells, after_break: false, prov: Provenance::line(line.no) }
}

fn is_bold(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty() && (t.starts_with("<b>") || t.starts_with("**") || t.starts_with("<strong>"))
}

/// Splits a leading outline number (`II.`, `1.2.`) off a heading's text.
fn split_number(text: &str) -> (Option<String>, String) {
    match OUTLINE_NUMBER.captures(text) {
        Some(c) => {
            let num = c.get(1).map_or("", |m| m.as_str());
            let rest = text[num.len()..].trim().to_owned();
            (Some(num.to_owned()), rest)
        }
        None => (None, text.to_owned()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
