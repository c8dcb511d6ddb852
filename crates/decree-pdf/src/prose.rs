//! Lines outside tables → paragraphs, list items, and borderless two-column
//! blocks.
//!
//! A paragraph ends where the writer broke the line: the next line's first
//! word would have fitted on it, the spacing or font changes, or a bullet
//! starts the next line. A run of lines split by wide gaps into aligned
//! columns (the letterhead: issuer | national motto; the signature: `Nơi nhận`
//! | signer) is a borderless table, as Word typed it: one row, a cell per
//! column, one line of the cell per printed line.

use crate::lines::{segments, Line, Seg};
use crate::model::round_box;
use crate::page::starts_bullet;
use crate::thresholds::T;
use decree_layout::{Block, Cell, ListItem, Paragraph, Row, Table};
use decree_model::Provenance;
use decree_norm::clean_text;

#[derive(Default)]
pub(crate) struct Prose {
    open: Option<Para>,
    /// The open paragraph ran to the foot of its page and may continue.
    carry: bool,
}

struct Para {
    lines: Vec<Line>,
    page: u32,
}

/// One column of a borderless block.
struct Column {
    x0s: Vec<f64>,
    centers: Vec<f64>,
    lo: f64,
    hi: f64,
    texts: Vec<String>,
}

impl Column {
    fn new(s: &Seg) -> Column {
        Column { x0s: vec![s.x0], centers: vec![s.center()], lo: s.x0, hi: s.x1, texts: vec![s.text.clone()] }
    }

    fn aligned(&self, s: &Seg) -> bool {
        self.x0s.iter().any(|x| (x - s.x0).abs() <= 2.5) || self.centers.iter().any(|c| (c - s.center()).abs() <= 6.0)
    }

    fn overlap(&self, s: &Seg) -> f64 {
        (self.hi.min(s.x1) - self.lo.max(s.x0)).max(0.0)
    }

    fn add(&mut self, s: &Seg) {
        self.x0s.push(s.x0);
        self.centers.push(s.center());
        self.lo = self.lo.min(s.x0);
        self.hi = self.hi.max(s.x1);
        self.texts.push(s.text.clone());
    }
}

/// A borderless block starting at line `i`: its end and columns.
fn region(lines: &[Line], segs: &[Vec<Seg>], i: usize) -> Option<(usize, Vec<Column>)> {
    let first = segs.get(i)?;
    if !(2..=4).contains(&first.len()) {
        return None;
    }
    let mut cols: Vec<Column> = first.iter().map(Column::new).collect();
    let (mut multi, mut j, mut bottom) = (1, i + 1, lines[i].bottom);
    let mut max_step: f64 = 0.0;
    while let (Some(line), Some(s)) = (lines.get(j), segs.get(j)) {
        let step = lines.get(j - 1).map_or(0.0, |p| line.y - p.y);
        // A lone line after a wider gap than the block has had starts the text below it.
        let far = s.len() < 2 && max_step > 0.0 && step > 1.6 * max_step.max(line.size);
        if line.top - bottom > 5.0 * line.size || far {
            break;
        }
        max_step = max_step.max(step);
        if !place(&mut cols, s) {
            break;
        }
        multi += usize::from(s.len() >= 2);
        bottom = line.bottom;
        j += 1;
    }
    (multi >= 2 || j - i >= 3).then_some((j, cols))
}

/// Puts a line's segments into the block's columns; false when they do not fit.
fn place(cols: &mut [Column], s: &[Seg]) -> bool {
    if s.is_empty() || s.len() > cols.len() {
        return false;
    }
    let mut targets: Vec<usize> = Vec::with_capacity(s.len());
    for seg in s {
        let k = if s.len() == 1 {
            // A lone line must align with its column and stay clear of the others.
            let Some(k) = (0..cols.len()).find(|&k| cols[k].aligned(seg)) else { return false };
            if cols.iter().enumerate().any(|(m, c)| m != k && c.overlap(seg) > 5.0) {
                return false;
            }
            k
        } else {
            let by_overlap = (0..cols.len()).max_by(|&a, &b| cols[a].overlap(seg).total_cmp(&cols[b].overlap(seg)));
            match by_overlap {
                Some(k) if cols[k].overlap(seg) > 0.0 || cols[k].aligned(seg) => k,
                _ => return false,
            }
        };
        if targets.last().is_some_and(|&t| t >= k) {
            return false;
        }
        targets.push(k);
    }
    for (seg, k) in s.iter().zip(targets) {
        cols[k].add(seg);
    }
    true
}

impl Prose {
    /// Reads a page's run of lines (between tables) into blocks.
    pub fn lines(&mut self, lines: Vec<Line>, page: u32, right: f64, blocks: &mut Vec<Block>, tables: &mut u32) {
        if lines.is_empty() {
            return;
        }
        let segs: Vec<Vec<Seg>> = lines.iter().map(|l| segments(l, T.column_gap)).collect();
        let frame = Frame { left: modal_left(&lines), right, pitch: modal_pitch(&lines) };
        let mut i = 0;
        while i < lines.len() {
            if let Some((end, table)) = crate::aligned::table_at(&lines, i, page, *tables) {
                self.flush(blocks);
                blocks.push(Block::Table(table));
                *tables += 1;
                i = end;
                continue;
            }
            if let Some((end, cols)) = region(&lines, &segs, i) {
                self.flush(blocks);
                blocks.push(Block::Table(borderless(&lines[i..end], cols, page, *tables)));
                *tables += 1;
                i = end;
                continue;
            }
            let line = lines[i].clone();
            let continues = match self.open.as_ref().and_then(|p| p.lines.last()) {
                Some(prev) if self.carry => same_paragraph_across(prev, &line),
                Some(prev) => same_paragraph(prev, &line, &frame),
                None => false,
            };
            self.carry = false;
            if !continues {
                self.flush(blocks);
                self.open = Some(Para { lines: Vec::new(), page });
            }
            if let Some(p) = self.open.as_mut() {
                p.lines.push(line);
            }
            i += 1;
        }
    }

    /// The page ends: an open paragraph that filled its last line may go on.
    pub fn page_end(&mut self) {
        self.carry = self
            .open
            .as_ref()
            .and_then(|p| p.lines.last())
            .is_some_and(|l| !l.text().trim_end().ends_with(['.', ':', ';', '!', '?']));
    }

    pub fn flush(&mut self, blocks: &mut Vec<Block>) {
        self.carry = false;
        let Some(p) = self.open.take() else { return };
        if let Some(b) = paragraph_block(&p) {
            blocks.push(b);
        }
    }
}

/// Where a page's text block sits: its usual left edge, its right edge, its
/// usual line pitch.
struct Frame {
    left: Option<f64>,
    right: f64,
    pitch: Option<f64>,
}

/// The most common left edge of lines (the margin), to the point.
fn modal_left(lines: &[Line]) -> Option<f64> {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for l in lines {
        let key = l.x0.round() as i64;
        match counts.iter_mut().find(|(k, _)| (*k - key).abs() <= 1) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts.into_iter().max_by_key(|&(k, n)| (n, -k)).filter(|&(_, n)| n >= 3).map(|(k, _)| k as f64)
}

/// The most common distance between consecutive baselines of same-size lines.
fn modal_pitch(lines: &[Line]) -> Option<f64> {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for w in lines.windows(2) {
        if (w[0].size - w[1].size).abs() > 0.5 {
            continue;
        }
        let key = ((w[1].y - w[0].y) * 2.0).round() as i64;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts.into_iter().filter(|(k, _)| *k > 0).max_by_key(|&(k, n)| (n, -k)).map(|(k, _)| k as f64 / 2.0)
}

fn starts_item(line: &Line) -> bool {
    let Some(w) = line.words.first() else { return false };
    // `1.`, `1.2.`, `II.`, `a)`, `(3)`.
    let t = w.text.trim_end_matches(['.', ')']).trim_start_matches('(');
    let numbered = !t.is_empty()
        && (t.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            || t.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
            || t.chars().count() == 1 && t.chars().all(char::is_lowercase));
    numbered && w.text.len() > t.len() + usize::from(w.text.starts_with('('))
        || numbered && w.text.starts_with('(') && w.text.ends_with(')')
}

fn same_paragraph(prev: &Line, next: &Line, frame: &Frame) -> bool {
    let (right, pitch) = (frame.right, frame.pitch);
    let step = next.y - prev.y;
    let limit = pitch.map_or(1.5 * prev.size, |p| (1.25 * p).max(1.1 * prev.size));
    if step > limit || step < 0.0 || (prev.size - next.size).abs() > 0.8 || prev.bold != next.bold {
        return false;
    }
    if starts_bullet(next) || is_bullet_char(next) {
        return false;
    }
    let first_w = next.words.first().map_or(0.0, |w| w.x1 - w.x0);
    if prev.x1 + prev.space() + first_w < right - 1.0 {
        return false; // the next word would have fitted: the writer broke the line
    }
    // A first-line indent starts a paragraph: the line before sat at the
    // margin, this one starts a little in from it.
    if let Some(left) = frame.left {
        let indent = next.x0 - left;
        if (prev.x0 - left).abs() <= 2.0 && indent >= 0.8 * next.size && indent <= 6.0 * next.size {
            return false;
        }
    }
    let ended = prev.text().trim_end().ends_with(['.', ':', ';']);
    !(ended && starts_item(next))
}

/// A paragraph at the foot of one page continues on the next when the new
/// page's first line reads on (same font, no new item).
fn same_paragraph_across(prev: &Line, next: &Line) -> bool {
    (prev.size - next.size).abs() <= 0.8
        && prev.bold == next.bold
        && !starts_bullet(next)
        && !is_bullet_char(next)
        && !starts_item(next)
        && next.words.first().and_then(|w| w.text.chars().next()).is_some_and(char::is_lowercase)
}

/// Word's Symbol-font bullets come out as private-use characters.
fn is_bullet_char(line: &Line) -> bool {
    line.words.first().and_then(|w| w.text.chars().next()).is_some_and(|c| matches!(u32::from(c), 0xF000..=0xF0FF))
}

fn bbox_of(lines: &[Line]) -> [f64; 4] {
    let x0 = lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
    let x1 = lines.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
    let y0 = lines.iter().map(|l| l.top).fold(f64::MAX, f64::min);
    let y1 = lines.iter().map(|l| l.bottom).fold(f64::MIN, f64::max);
    round_box([x0, y0, x1, y1])
}

fn paragraph_block(p: &Para) -> Option<Block> {
    let raw: Vec<String> = p.lines.iter().map(Line::text).collect();
    let text = clean_text(&raw.join(" "));
    if text.is_empty() {
        return None;
    }
    let bold = p.lines.iter().all(|l| l.bold);
    let prov = Provenance { page: Some(p.page), bbox: Some(bbox_of(&p.lines)), ..Provenance::default() };
    let mut chars = text.chars();
    let first = chars.next().unwrap_or(' ');
    let rest = chars.as_str();
    let marker = match first {
        '-' | '+' | '•' | '–' | '−' | '*' => Some(first),
        c if matches!(u32::from(c), 0xF000..=0xF0FF) => Some('•'),
        _ => None,
    };
    match marker {
        Some(m) if rest.starts_with(' ') && !rest.trim().is_empty() => {
            let marker = if m == '−' { "-".to_owned() } else { m.to_string() };
            Some(Block::ListItem(ListItem { marker, text: rest.trim().to_owned(), bold, prov }))
        }
        _ => Some(Block::Paragraph(Paragraph { text, bold, prov })),
    }
}

/// A borderless block as a one-row table.
fn borderless(lines: &[Line], cols: Vec<Column>, page: u32, index: u32) -> Table {
    let cells = cols
        .into_iter()
        .enumerate()
        .map(|(col, c)| {
            let texts: Vec<String> = c.texts.iter().map(|t| clean_text(t)).filter(|t| !t.is_empty()).collect();
            Cell::new(col, texts.join("\n"))
        })
        .collect();
    let bbox = bbox_of(lines);
    let prov = Provenance { page: Some(page), bbox: Some(bbox), ..Provenance::default() };
    let row = Row { cells, after_break: false, prov: prov.clone() };
    Table { index, header_rows: 0, rows: vec![row], prov: Provenance { table: Some(index), ..prov } }
}
