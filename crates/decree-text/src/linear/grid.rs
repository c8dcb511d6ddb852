//! The rows of one table as a grid: each row's lines cut into the columns,
//! with column widths learned from the table's own rows.

use super::cells::{cut, Col, Run, SegLine};
use super::header::{self, Header, Role};
use super::pieces::{pieces, End, Piece};
use decree_layout::{Cell, Row, Table};
use decree_model::Provenance;

/// The lines of one table row.
#[derive(Debug, Default)]
pub(super) struct Segment {
    pub number: String,
    pub line_no: u32,
    pub after_break: bool,
    pub lines: Vec<SegLine>,
    pub parts: Vec<Part>,
    /// A Roman or letter group number with its title on the same line.
    pub group: bool,
}

/// Cutting rounds: with prior widths, then twice with widths learned from the
/// previous round's cells.
const PASSES: usize = 3;

/// Cuts every row, re-estimating the column widths from the table's own rows.
pub(super) fn build(header: &Header, segments: &[Segment], index: u32) -> (Table, Vec<Col>) {
    let priors: Vec<Col> = header.roles.iter().skip(1).map(|&role| Col { role, width: role.prior_width() }).collect();
    let mut cols = priors.clone();
    let mut cuts: Vec<Vec<Run>> = Vec::new();
    for pass in 0..PASSES {
        cuts = segments.iter().map(|s| cut_segment(s, &cols)).collect();
        if pass + 1 < PASSES {
            cols = estimate(&priors, segments, &cuts);
        }
    }
    let mut rows = header_rows(header, index);
    let header_rows = rows.len();
    for (seg, runs) in segments.iter().zip(&cuts) {
        let row_idx = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        rows.push(row(seg, runs, header.titles.len(), index, row_idx));
    }
    let prov = Provenance { line: Some(header.line_no), table: Some(index), ..Provenance::default() };
    let table = Table { index, header_rows, rows, prov };
    (table, cols)
}

/// The lines of a row between two page breaks, broken into pieces once.
#[derive(Debug)]
pub(super) struct Part {
    /// Index in the row's lines of the part's first line.
    first: usize,
    pieces: Vec<Piece>,
}

/// Splits a row's lines at its page breaks.
pub(super) fn parts(lines: &[SegLine], numeric: bool) -> Vec<Part> {
    let mut out = Vec::new();
    let mut first = 0;
    while first < lines.len() {
        let len = lines.iter().skip(first + 1).position(|l| l.brk).map_or(lines.len() - first, |p| p + 1);
        let part = lines.get(first..first + len).unwrap_or(&[]);
        let pieces = pieces(part.iter().map(|l| (l.text.as_str(), l.space)), numeric);
        out.push(Part { first, pieces });
        first += len;
    }
    out
}

/// Cuts a row's lines into columns, page by page: the part after a break
/// resumes the cells as they ended before it.
fn cut_segment(seg: &Segment, cols: &[Col]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut tails: Vec<Option<End>> = vec![None; cols.len()];
    let mut bulleted: Vec<Option<bool>> = vec![None; cols.len()];
    for (i, part) in seg.parts.iter().enumerate() {
        let resume = (i > 0).then_some(tails.as_slice());
        for run in cut(&part.pieces, cols, resume) {
            let run = Run { line: run.line + part.first, ..run };
            if let (Some(t), Some(b)) = (tails.get_mut(run.col), bulleted.get_mut(run.col)) {
                let bulleted = *b.get_or_insert(run.bullet);
                *t = Some(End { bulleted, ..run.tail });
            }
            out.push(run);
        }
    }
    out
}

/// The header row (one cell per title), and a row of column numbers if printed.
fn header_rows(header: &Header, index: u32) -> Vec<Row> {
    let prov = Provenance::line(header.line_no).in_table(index, 0);
    let cells = header.titles.iter().enumerate().map(|(c, t)| Cell { bold: true, ..Cell::new(c, t.as_str()) });
    let mut rows = vec![Row { cells: cells.collect(), after_break: false, prov: prov.clone() }];
    if let Some(numbers) = header.keys.iter().skip(1).find(|k| header::is_column_numbers(k)) {
        let cells = numbers.split_whitespace().enumerate().map(|(c, t)| Cell::new(c, t));
        rows.push(Row { cells: cells.collect(), after_break: false, prov: prov.in_table(index, 1) });
    }
    rows
}

fn row(seg: &Segment, runs: &[Run], n: usize, table: u32, row: u32) -> Row {
    let mut texts = vec![String::new(); n];
    if let Some(first) = texts.first_mut() {
        first.clone_from(&seg.number);
    }
    for run in runs {
        let text = seg.lines.get(run.line).and_then(|l| l.text.get(run.start..run.end)).unwrap_or("").trim();
        if let Some(cell) = texts.get_mut(run.col + 1) {
            if !cell.is_empty() && !text.is_empty() {
                cell.push(' ');
            }
            cell.push_str(text);
        }
    }
    Row {
        cells: texts.into_iter().enumerate().map(|(c, t)| Cell::new(c, t)).collect(),
        after_break: seg.after_break,
        prov: Provenance { line: Some(seg.line_no), table: Some(table), row: Some(row), ..Provenance::default() },
    }
}

/// Column widths from the rows as cut so far: a high percentile of the lines
/// that wrapped inside a cell (the next line continues the same sentence), else
/// the widest line seen, else the prior.
fn estimate(priors: &[Col], segments: &[Segment], cuts: &[Vec<Run>]) -> Vec<Col> {
    let mut wrapped: Vec<Vec<f32>> = vec![Vec::new(); priors.len()];
    let mut any: Vec<Vec<f32>> = vec![Vec::new(); priors.len()];
    for (seg, runs) in segments.iter().zip(cuts) {
        for (i, r) in runs.iter().enumerate() {
            let w = r.tail.width;
            if let Some(v) = any.get_mut(r.col) {
                v.push(w);
            }
            let Some(next) = runs.get(i + 1) else {
                continue;
            };
            let plain = seg.lines.get(next.line).is_some_and(|l| !l.brk && !l.space);
            if next.col == r.col && next.line == r.line + 1 && plain && !next.bullet && !r.tail.ends_sentence {
                if let Some(v) = wrapped.get_mut(r.col) {
                    v.push(w);
                }
            }
        }
    }
    priors
        .iter()
        .zip(wrapped.iter_mut().zip(any.iter_mut()))
        .map(|(prior, (wrapped, any))| {
            let width = if wrapped.len() >= 3 {
                percentile(wrapped, 0.9) + 1.0
            } else if any.len() >= 2 && prior.role != Role::Deadline {
                any.iter().copied().fold(0.0, f32::max)
            } else {
                prior.width
            };
            Col { role: prior.role, width: width.max(4.0) }
        })
        .collect()
}

fn percentile(values: &mut [f32], q: f32) -> f32 {
    values.sort_unstable_by(f32::total_cmp);
    let at = (values.len().saturating_sub(1) as f32 * q).round() as usize;
    values.get(at).copied().unwrap_or(0.0)
}
