//! One page laid out: table pieces from its grids, with cell text, and the
//! lines of text outside them, in reading order (top to bottom).

use crate::grid::{grids, Grid};
use crate::lines::{build, Line, Word};
use crate::model::RawPage;
use decree_norm::clean_text;

/// A table's piece on one page.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub page: u32,
    pub bbox: [f64; 4],
    /// Column boundaries.
    pub xs: Vec<f64>,
    pub rows: Vec<PieceRow>,
}

#[derive(Debug, Clone)]
pub(crate) struct PieceRow {
    pub cells: Vec<PieceCell>,
    pub bbox: [f64; 4],
}

#[derive(Debug, Clone)]
pub(crate) struct PieceCell {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    pub row_span: usize,
    pub bold: bool,
    pub edge: Edge,
}

/// What joining a cell's text across a page break needs: the first word, the
/// last line when it holds one word, and the width text may take.
#[derive(Debug, Clone, Default)]
pub(crate) struct Edge {
    pub first: Option<Word>,
    pub last_single: Option<Word>,
    pub width: f64,
}

impl Edge {
    fn of(lines: &[Line], width: f64) -> Edge {
        let first = lines.first().and_then(|l| l.words.first()).cloned();
        let last_single = lines.last().and_then(|l| if let [w] = l.words.as_slice() { Some(w.clone()) } else { None });
        Edge { first, last_single, width }
    }

    /// Whether `self`'s text goes on with `next`'s without a space: a word
    /// broken at the page break.
    pub fn glues(&self, next: &Edge) -> bool {
        match (&self.last_single, &next.first) {
            (Some(a), Some(b)) => broken_word(a, b, self.width),
            _ => false,
        }
    }
}

impl PieceRow {
    pub fn text(&self) -> String {
        self.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" | ")
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.text.is_empty())
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Item {
    Line(Line),
    Table(Piece),
}

impl Item {
    pub fn top(&self) -> f64 {
        match self {
            Item::Line(l) => l.top,
            Item::Table(t) => t.bbox[1],
        }
    }
}

/// A page's content in reading order.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageItems {
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
    /// Glyphs drawn (any, even those of dropped headers).
    pub glyphs: usize,
    pub images: usize,
    pub truncated: bool,
}

pub(crate) fn lay_out(page: &RawPage) -> PageItems {
    let mut grids: Vec<Grid> = grids(&page.rulings);
    let mut in_grid: Vec<Vec<Vec<usize>>> = grids.iter().map(|g| vec![Vec::new(); g.cells.len()]).collect();
    let mut prose = Vec::new();
    for (i, g) in page.glyphs.iter().enumerate() {
        let hit = grids.iter().enumerate().find_map(|(k, grid)| grid.cell_at(g.cx(), g.cy()).map(|c| (k, c)));
        match hit {
            Some((k, c)) => in_grid[k][c].push(i),
            None => prose.push(i),
        }
    }
    let mut items: Vec<Item> = Vec::new();
    for (grid, cells) in grids.drain(..).zip(in_grid) {
        if cells.iter().all(|ids| ids.iter().all(|&i| page.glyphs[i].space)) {
            continue; // a drawn frame with nothing in it
        }
        items.push(Item::Table(piece(page, &grid, &cells)));
    }
    items.extend(build(page, &prose).into_iter().map(Item::Line));
    items.sort_by(|a, b| a.top().total_cmp(&b.top()));
    PageItems {
        number: page.number,
        width: page.width,
        height: page.height,
        items,
        glyphs: page.glyphs.len(),
        images: page.images,
        truncated: page.truncated,
    }
}

fn piece(page: &RawPage, grid: &Grid, cells: &[Vec<usize>]) -> Piece {
    let lines: Vec<Vec<Line>> = cells.iter().map(|ids| build(page, ids)).collect();
    let pad = padding(grid, &lines);
    let mut rows: Vec<PieceRow> = Vec::new();
    for r in 0..grid.rows() {
        let mut row_cells = Vec::new();
        for (k, cell) in grid.cells.iter().enumerate().filter(|(_, c)| c.r0 == r) {
            let (x0, x1) = (grid.xs[cell.c0], grid.xs[cell.c1]);
            let cell_lines = &lines[k];
            let width = x1 - x0 - 2.0 * pad;
            let text = cell_text(cell_lines, width);
            let bold = !cell_lines.is_empty() && cell_lines.iter().all(|l| l.bold);
            let edge = Edge::of(cell_lines, width);
            row_cells.push(PieceCell { text, x0, x1, row_span: cell.r1 - cell.r0, bold, edge });
        }
        row_cells.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let row = PieceRow { cells: row_cells, bbox: [grid.xs[0], grid.ys[r], grid.bbox()[2], grid.ys[r + 1]] };
        if !row.is_blank() {
            rows.push(row);
        }
    }
    Piece { page: page.number, bbox: grid.bbox(), xs: grid.xs.clone(), rows }
}

/// The cells' inner padding: a low quantile of the gaps between a cell's left
/// edge and its lines (the smallest gap may come from text that overflows).
fn padding(grid: &Grid, lines: &[Vec<Line>]) -> f64 {
    let mut gaps: Vec<f64> = grid
        .cells
        .iter()
        .zip(lines)
        .flat_map(|(c, ls)| {
            let left = grid.xs[c.c0];
            ls.iter().map(move |l| l.x0 - left)
        })
        .filter(|g| *g > 0.0)
        .collect();
    gaps.sort_by(f64::total_cmp);
    gaps.get(gaps.len() / 5).copied().unwrap_or(5.0).clamp(1.0, 8.0)
}

/// A cell's text: lines joined with a space, paragraphs with `\n`. A line
/// ends a paragraph when the next line's first word would have fitted after it
/// (the writer broke the line), or when the next starts with a bullet. A word
/// too long for the cell, broken across lines (`S`/`T`/`T`, `6.`/`1` in a
/// narrow number column), is joined back without a space.
pub(crate) fn cell_text(lines: &[Line], width: f64) -> String {
    let mut out = String::new();
    let mut para = String::new();
    for (i, line) in lines.iter().enumerate() {
        let text = line.text();
        if i > 0 {
            let prev = &lines[i - 1];
            match join(prev, line, width) {
                Join::Glue => {}
                Join::Space => para.push(' '),
                Join::Break => {
                    push_para(&mut out, &para);
                    para.clear();
                }
            }
        }
        para.push_str(&text);
    }
    push_para(&mut out, &para);
    out
}

fn push_para(out: &mut String, para: &str) {
    let clean = clean_text(para);
    if clean.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&clean);
}

#[derive(Debug, PartialEq)]
enum Join {
    Glue,
    Space,
    Break,
}

fn join(prev: &Line, next: &Line, width: f64) -> Join {
    let first = next.words.first();
    let first_w = first.map_or(0.0, |w| w.x1 - w.x0);
    if let ([only], Some(f)) = (prev.words.as_slice(), first) {
        if broken_word(only, f, width) && !starts_bullet(next) {
            return Join::Glue;
        }
    }
    let gap = next.top - prev.bottom;
    if starts_bullet(next) || gap > 0.8 * prev.size {
        return Join::Break;
    }
    if prev.width() + prev.space() + first_w < width - 1.0 {
        return Join::Break;
    }
    Join::Space
}

/// A word too long for its cell, broken across lines: not even one more
/// character would have fitted after the first part (`S`/`T`/`T`, `6.`/`1`,
/// `V`/`ị` in a narrow column). Geometry alone cannot tell `Năm`/`2022`
/// wrapped at a space from one word broken, so a letter–digit or punctuation
/// boundary is read as a space.
fn broken_word(prev: &Word, next: &Word, width: f64) -> bool {
    let char_w = (next.x1 - next.x0) / next.text.chars().count().max(1) as f64;
    if (prev.x1 - prev.x0) + char_w <= width - 1.5 {
        return false;
    }
    let (Some(a), Some(b)) = (prev.text.chars().last(), next.text.chars().next()) else { return false };
    let kind = |c: char| {
        if c.is_alphabetic() {
            1
        } else if c.is_ascii_digit() {
            2
        } else {
            0
        }
    };
    let word_end = matches!(a, ',' | ';' | ':' | ')') || b == '(';
    if word_end || kind(a) * kind(b) == 2 {
        return false;
    }
    // Between letters, a piece without a vowel cannot be a Vietnamese
    // syllable of its own (`V`/`ị`, `tr`/`í`); two whole syllables
    // (`Thường`/`xuyên`) wrapped at a space.
    kind(a) != 1 || kind(b) != 1 || !has_vowel(&prev.text) || !has_vowel(&next.text)
}

fn has_vowel(word: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    word.nfd().any(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
}

pub(crate) fn starts_bullet(line: &Line) -> bool {
    line.words.first().is_some_and(|w| matches!(w.text.as_str(), "-" | "+" | "•" | "–" | "−" | "*"))
        || line.words.first().is_some_and(|w| w.text.starts_with('•'))
}

/// A line's text with wide gaps shown (`‖12‖`).
fn gapped(l: &Line) -> String {
    let mut s = String::new();
    for (i, w) in l.words.iter().enumerate() {
        if i > 0 {
            let gap = w.x0 - l.words[i - 1].x1;
            if gap > l.size {
                s.push_str(&format!(" ‖{gap:.0}‖ "));
            } else {
                s.push(' ');
            }
        }
        s.push_str(&w.text);
    }
    s
}

/// Debug dump of one page.
pub(crate) fn debug(raw: &RawPage) -> String {
    let p = lay_out(raw);
    let mut s = format!(
        "=== page {} ({:.0}x{:.0}) glyphs={} rulings={}\n",
        p.number,
        p.width,
        p.height,
        p.glyphs,
        raw.rulings.len()
    );
    for item in &p.items {
        match item {
            Item::Line(l) => s.push_str(&format!(
                "[{:6.1} {:6.1}-{:6.1} {:4.1}{}] {}\n",
                l.y,
                l.x0,
                l.x1,
                l.size,
                if l.bold { "b" } else { " " },
                gapped(l)
            )),
            Item::Table(t) => {
                s.push_str(&format!(
                    "TABLE bbox={:?} xs={:?}\n",
                    t.bbox.map(|v| v.round()),
                    t.xs.iter().map(|v| v.round()).collect::<Vec<_>>()
                ));
                for r in &t.rows {
                    s.push_str(&format!("  | {}\n", r.text().replace('\n', "⏎")));
                }
            }
        }
    }
    s
}
