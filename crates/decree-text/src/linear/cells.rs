//! Cutting the lines of one table row into its columns.
//!
//! pdftotext writes a row cell after cell, so the row's lines (after the row
//! number) fall into the columns in order; only the cut points are unknown, and
//! a line may hold the ends of two cells printed on one baseline
//! (`... kết quả bầu cử. Thường xuyên`). Each line is broken into pieces at
//! candidate glue points ([`super::pieces`]), and a small Viterbi search
//! assigns every piece a column, scoring:
//! - width: a line wider than its column is unlikely, and a line followed in the
//!   same cell by a word that would have fitted on it was not wrapped there;
//! - shape: a cell starts with a capital, a digit, a bullet, a quote or a
//!   bracket, a continuation usually with a lowercase word; a cell does not end
//!   on `của` or a comma; bullets follow bullets or a colon;
//! - vocabulary: a deadline cell reads as a time (`Thường xuyên`, `Quý III/2024`);
//! - order: columns are visited left to right; skipping one leaves an empty
//!   cell, going back (text printed out of order) is rare.
//!
//! After a page break the row resumes its unfinished cells: that part is cut on
//! its own, each column scored as a continuation of how its cell ended before
//! the break ([`End`]).

use super::header::Role;
use super::pieces::{End, Piece, MAX_PIECES};

/// One line of a row.
#[derive(Debug, Clone)]
pub(super) struct SegLine {
    pub no: u32,
    pub text: String,
    /// A page break lies between this line and the row's previous line.
    pub brk: bool,
    /// A space-only line separated it from the previous line.
    pub space: bool,
}

/// A content column (every column but the row number).
#[derive(Debug, Clone, Copy)]
pub(super) struct Col {
    pub role: Role,
    /// Typical line width, in [`super::lex::span`] units.
    pub width: f32,
}

/// `text[start..end]` of line `line` belongs to content column `col`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Run {
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub col: usize,
    /// How the run ends (its width is the run's), so callers need not measure it again.
    pub tail: End,
    /// The run begins with a bullet.
    pub bullet: bool,
}

const EMPTY: f32 = 2.0;
const BACK: f32 = 7.0;
const LOWER_START: f32 = 4.0;
/// Paths costlier than the best by more than this are dropped.
const BEAM: f32 = 10.0;
/// Room left on a line (as a share of the column width) that a proportional
/// font still explains; beyond it the room counts against a continuation,
/// fully at `FIT_SLACK + FIT_RANGE`.
const FIT_SLACK: f32 = 0.04;
const FIT_RANGE: f32 = 0.25;

/// DP state: piece, column, run length so far within the line (minus one),
/// whether the row went back to an earlier column, and whether the current
/// cell began with a bullet.
#[derive(Clone, Copy)]
struct State {
    k: usize,
    c: usize,
    r: usize,
    back: bool,
    b: bool,
}

/// Number of DP states per piece and column.
const PER_COL: usize = MAX_PIECES * 4;

struct Search<'a> {
    pieces: &'a [Piece],
    cols: &'a [Col],
    /// How each column's cell ended before the page break, when resuming.
    tails: Option<&'a [Option<End>]>,
}

/// Assigns every piece (of the lines of a row, see [`super::pieces::pieces`])
/// to a content column. With `tails`, the lines resume a row after a page break.
pub(super) fn cut(pieces: &[Piece], cols: &[Col], tails: Option<&[Option<End>]>) -> Vec<Run> {
    let s = Search { pieces, cols, tails };
    let n = s.pieces.len();
    let m = cols.len();
    let Some(p0) = s.pieces.first() else {
        return Vec::new();
    };
    if m == 0 {
        return Vec::new();
    }
    let size = n * m * PER_COL;
    let mut cost = vec![f32::INFINITY; size];
    let mut back = vec![usize::MAX; size];
    for c in 0..m {
        let i = s.idx(State { k: 0, c, r: 0, back: false, b: s.bulleted(p0, c, false) });
        if let Some(slot) = cost.get_mut(i) {
            *slot = s.entry(p0, c, false) + if s.resuming() { 0.0 } else { s.empty(0..c) };
        }
    }
    let per_piece = m * PER_COL;
    for k in 0..n.saturating_sub(1) {
        let states = k * per_piece..(k + 1) * per_piece;
        // Paths far behind the best one at this piece cannot win: prune them.
        let best = cost.get(states.clone()).map_or(0.0, |c| c.iter().copied().fold(f32::INFINITY, f32::min));
        for i in states {
            let here = cost.get(i).copied().unwrap_or(f32::INFINITY);
            if here <= best + BEAM {
                step(&s, s.state(i), here, &mut cost, &mut back);
            }
        }
    }
    runs(&s, &cost, &back)
}

impl Search<'_> {
    fn m(&self) -> usize {
        self.cols.len()
    }

    fn resuming(&self) -> bool {
        self.tails.is_some()
    }

    fn idx(&self, s: State) -> usize {
        ((s.k * self.m() + s.c) * MAX_PIECES + s.r) * 4 + usize::from(s.back) * 2 + usize::from(s.b)
    }

    fn state(&self, i: usize) -> State {
        let per_piece = self.m() * PER_COL;
        let c = (i % per_piece) / PER_COL;
        State { k: i / per_piece, c, r: (i % PER_COL) / 4, back: i % 4 >= 2, b: i % 2 == 1 }
    }

    fn width_of(&self, c: usize) -> f32 {
        self.cols.get(c).map_or(20.0, |c| c.width)
    }

    fn role(&self, c: usize) -> Role {
        self.cols.get(c).map_or(Role::Other, |c| c.role)
    }

    /// Trailing columns after `c` left empty.
    fn end_cost(&self, c: usize) -> f32 {
        if self.resuming() {
            return 0.0;
        }
        self.empty(c + 1..self.m())
    }

    /// Cost of leaving the columns `range` empty. A note column is mostly empty.
    fn empty(&self, range: std::ops::Range<usize>) -> f32 {
        let cols = self.cols.get(range).unwrap_or(&[]);
        cols.iter().map(|c| if c.role == Role::Note { 0.3 } else { EMPTY }).sum()
    }

    /// Cost of `p` opening column `c`: a new cell, or after a page break the
    /// rest of the cell the column held before it.
    fn entry(&self, p: &Piece, c: usize, went_back: bool) -> f32 {
        match self.tails.map(|t| t.get(c).copied().flatten()) {
            Some(Some(tail)) if !went_back => {
                let mut cost = self.cont_cost(&tail, p, c);
                if tail.dangling {
                    cost -= 0.5;
                }
                if tail.ends_sentence && p.lower {
                    cost += 1.0;
                }
                cost
            }
            Some(_) => self.start_cost(p, c, true) + 1.5,
            None => self.start_cost(p, c, went_back),
        }
    }

    /// Whether the cell `p` opens (or resumes) in column `c` is a bulleted one.
    fn bulleted(&self, p: &Piece, c: usize, went_back: bool) -> bool {
        match self.tails.map(|t| t.get(c).copied().flatten()) {
            Some(Some(tail)) if !went_back => tail.bulleted || p.bullet,
            _ => p.bullet,
        }
    }

    fn start_cost(&self, p: &Piece, c: usize, lenient: bool) -> f32 {
        let mut cost = match (p.lower, p.cell_like) {
            (true, _) if lenient => 0.8,
            (true, _) => LOWER_START,
            (false, true) => 0.0,
            (false, false) => 1.0,
        };
        match self.role(c) {
            Role::Deadline if p.deadline_start => cost -= 1.5,
            Role::Deadline => cost += if lenient { 1.5 } else { 5.0 },
            Role::Value if p.value => cost -= 1.0,
            Role::Value => cost += 0.8,
            _ if p.deadline_whole => cost += 3.0,
            // `Trước ngày` / `30/11/2024`: a short line of time words is a deadline.
            _ if p.deadline_start && p.cend - p.cstart < 14.0 => cost += 1.5,
            Role::Name if p.bullet => cost += 0.5,
            Role::Note => cost += 1.0,
            _ => {}
        }
        cost
    }

    /// Width of the run of pieces `first..=last` (one line).
    fn run_width(&self, first: usize, last: usize) -> f32 {
        let a = self.pieces.get(first).map_or(0.0, |p| p.cstart);
        let b = self.pieces.get(last).map_or(0.0, |p| p.cend);
        (b - a).max(0.0)
    }

    fn run_end(&self, from: State) -> End {
        let tail = self.pieces.get(from.k).map(|p| p.tail).unwrap_or_default();
        End { width: self.run_width(from.k.saturating_sub(from.r), from.k), bulleted: from.b, ..tail }
    }

    fn emit_cost(&self, first: usize, last: usize, c: usize) -> f32 {
        let w = self.run_width(first, last);
        let col = self.width_of(c);
        let cap = if self.role(c) == Role::Deadline { col.max(12.0) * 1.5 } else { col * 1.15 + 2.0 };
        if w > cap {
            2.0 + 6.0 * (w - cap) / col.max(4.0)
        } else {
            0.0
        }
    }

    /// Cost of `p` (first of its line) continuing a cell of column `c` whose
    /// previous line ended as `end`.
    fn cont_cost(&self, end: &End, p: &Piece, c: usize) -> f32 {
        let mut cost = if p.space { 0.8 } else { 0.0 };
        if end.caps && p.tail.caps {
            // A title in capitals running on.
            return cost;
        }
        if p.bullet {
            // Bullets follow bullets, or a line that announces them with a
            // colon; a name (an indicator, a field) is hardly ever a list.
            let listed = if end.bulleted || end.colon { 0.2 } else { 1.2 };
            let name = if self.role(c) == Role::Name { 1.5 } else { 0.0 };
            return cost + listed + name;
        }
        if p.upper && !end.ends_sentence {
            cost += 0.6;
        }
        if self.role(c) != Role::Deadline {
            // Had the first word fitted on the previous line, it would be there.
            let col = self.width_of(c);
            let slack = (col - (end.width + 0.55 + p.first_word)) / col;
            let fit = ((slack - FIT_SLACK) / FIT_RANGE).clamp(0.0, 1.0);
            let scale = if end.ends_sentence { 0.5 } else { 1.0 };
            cost += scale * 3.0 * fit;
        }
        cost
    }
}

/// Relaxes every transition out of `from`.
fn step(s: &Search, from: State, here: f32, cost: &mut [f32], back: &mut [usize]) {
    let next = from.k + 1;
    let (Some(p), Some(q)) = (s.pieces.get(from.k), s.pieces.get(next)) else {
        return;
    };
    let src = s.idx(from);
    let mut relax = |to: State, add: f32| {
        let i = s.idx(to);
        if let (Some(slot), Some(b)) = (cost.get_mut(i), back.get_mut(i)) {
            if here + add < *slot {
                *slot = here + add;
                *b = src;
            }
        }
    };
    let closed = s.emit_cost(from.k.saturating_sub(from.r), from.k, from.c);
    let same_line = q.line == p.line;
    if same_line && from.r + 1 < MAX_PIECES {
        relax(State { k: next, r: from.r + 1, ..from }, 0.0);
    } else if !same_line {
        // Once a cell holds a bullet it is a list: more bullets are expected.
        let to = State { k: next, r: 0, b: from.b || q.bullet, ..from };
        relax(to, closed + s.cont_cost(&s.run_end(from), q, from.c));
    }
    // A cut: the piece opens another column.
    let split = if same_line { q.split } else { 0.0 };
    let open = open_end(p, q);
    for c2 in (0..s.m()).filter(|&c2| c2 != from.c) {
        let (jump, went_back) = jump(s, from, c2);
        let add = closed + split + open + jump + s.entry(q, c2, went_back);
        relax(State { k: next, c: c2, r: 0, back: went_back, b: s.bulleted(q, c2, went_back) }, add);
    }
}

/// Cost of closing a cell on `p` with `q` opening the next: a cell does not
/// end on an open word, and two cells in capitals are rarely side by side.
fn open_end(p: &Piece, q: &Piece) -> f32 {
    let dangling = if p.tail.dangling { 1.5 } else { 0.0 };
    let caps = if p.tail.caps && q.tail.caps { 2.0 } else { 0.0 };
    dangling + caps
}

/// Cost of moving from `from.c` to `c2`, and whether the row has gone back.
fn jump(s: &Search, from: State, c2: usize) -> (f32, bool) {
    if c2 > from.c {
        let free = from.back || s.resuming();
        (if free { 0.0 } else { s.empty(from.c + 1..c2) }, from.back)
    } else {
        let trailing = if from.back { 0.0 } else { s.end_cost(from.c) };
        (BACK + trailing, true)
    }
}

/// Backtracks the best path into runs.
fn runs(s: &Search, cost: &[f32], back: &[usize]) -> Vec<Run> {
    let n = s.pieces.len();
    let last = s.m() * PER_COL * n.saturating_sub(1);
    let mut best = (f32::INFINITY, usize::MAX);
    for (i, &c) in cost.iter().enumerate().skip(last) {
        let st = s.state(i);
        let total =
            c + s.emit_cost(st.k.saturating_sub(st.r), st.k, st.c) + if st.back { 0.0 } else { s.end_cost(st.c) };
        if total < best.0 {
            best = (total, i);
        }
    }
    let mut cols = vec![0usize; n];
    let mut i = best.1;
    while i != usize::MAX {
        let st = s.state(i);
        if let Some(slot) = cols.get_mut(st.k) {
            *slot = st.c;
        }
        i = back.get(i).copied().unwrap_or(usize::MAX);
    }
    merge(s.pieces, &cols)
}

/// Joins consecutive pieces of one line in one column into runs.
fn merge(pieces: &[Piece], cols: &[usize]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for (p, &col) in pieces.iter().zip(cols) {
        match out.last_mut() {
            Some(r) if r.line == p.line && r.col == col => {
                r.end = p.end;
                r.tail = End { width: r.tail.width + p.cend - p.cstart + 0.55, ..p.tail };
            }
            _ => out.push(Run { line: p.line, start: p.start, end: p.end, col, tail: p.tail, bullet: p.bullet }),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::linear::pieces::pieces;

    fn seg(texts: &[&str]) -> Vec<SegLine> {
        texts.iter().map(|t| SegLine { no: 0, text: (*t).to_owned(), brk: false, space: false }).collect()
    }

    fn prepare(lines: &[SegLine]) -> Vec<Piece> {
        pieces(lines.iter().map(|l| (l.text.as_str(), l.space)), false)
    }

    fn cols() -> Vec<Col> {
        [Role::Name, Role::Result, Role::Task, Role::Deadline]
            .iter()
            .map(|&role| Col { role, width: role.prior_width() })
            .collect()
    }

    fn cells(lines: &[SegLine], runs: &[Run], m: usize) -> Vec<String> {
        let mut out = vec![String::new(); m];
        for r in runs {
            let t = &lines[r.line].text[r.start..r.end];
            let cell = &mut out[r.col];
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(t.trim());
        }
        out
    }

    #[test]
    fn glued_deadline() {
        let lines = seg(&[
            "Chất lượng bầu cử",
            "Tăng tỷ lệ người dân có",
            "hiểu biết về bầu cử",
            "Tăng cường phổ biến các quy định về bầu cử, kết quả bầu cử. Thường xuyên",
        ]);
        let runs = cut(&prepare(&lines), &cols(), None);
        assert_eq!(
            cells(&lines, &runs, 4),
            [
                "Chất lượng bầu cử",
                "Tăng tỷ lệ người dân có hiểu biết về bầu cử",
                "Tăng cường phổ biến các quy định về bầu cử, kết quả bầu cử.",
                "Thường xuyên"
            ]
        );
    }

    #[test]
    fn resumed_after_break() {
        // The name ended whole before the break; the result ended on `cấp`.
        let tails = [Some(End::of("TTHC", false)), Some(End::of("chuyên môn cấp tỉnh, cấp", true)), None, None];
        let lines = seg(&["huyện và UBND cấp xã tiếp", "nhận trong năm được giải quyết", "đúng hạn"]);
        let runs = cut(&prepare(&lines), &cols(), Some(&tails));
        assert!(runs.iter().all(|r| r.col == 1));
    }
}
