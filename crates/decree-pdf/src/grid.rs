//! Table grids from rulings.
//!
//! Rulings that touch each other form a component; a component with at least
//! two horizontal and two vertical rulings is a grid. Its column boundaries are
//! the verticals' positions, its row boundaries the horizontals'. A boundary
//! missing between two neighbouring grid cells (over at least half their shared
//! side) merges them: that is how merged cells and spans show on paper.

use crate::model::Ruling;
use crate::thresholds::T;

/// A cell of a grid: rows `r0..r1`, columns `c0..c1` of the boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GridCell {
    pub r0: usize,
    pub r1: usize,
    pub c0: usize,
    pub c1: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// Column boundaries, left to right.
    pub xs: Vec<f64>,
    /// Row boundaries, top to bottom.
    pub ys: Vec<f64>,
    pub cells: Vec<GridCell>,
    /// `cell_at[r * cols + c]`: index into `cells`.
    cell_at: Vec<usize>,
}

impl Grid {
    pub fn cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }

    pub fn bbox(&self) -> [f64; 4] {
        let x0 = self.xs.first().copied().unwrap_or(0.0);
        let x1 = self.xs.last().copied().unwrap_or(0.0);
        let y0 = self.ys.first().copied().unwrap_or(0.0);
        let y1 = self.ys.last().copied().unwrap_or(0.0);
        [x0, y0, x1, y1]
    }

    /// The cell holding point `(x, y)`, if inside the grid.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        let [x0, y0, x1, y1] = self.bbox();
        if x < x0 || x > x1 || y < y0 || y > y1 {
            return None;
        }
        let c = self.xs.partition_point(|&b| b <= x).saturating_sub(1).min(self.cols().saturating_sub(1));
        let r = self.ys.partition_point(|&b| b <= y).saturating_sub(1).min(self.rows().saturating_sub(1));
        self.cell_at.get(r * self.cols() + c).copied()
    }
}

/// Merges collinear rulings that overlap or nearly touch.
pub(crate) fn merge(rulings: &[Ruling], horizontal: bool) -> Vec<Ruling> {
    let mut rs: Vec<Ruling> = rulings.iter().copied().filter(|r| r.horizontal == horizontal).collect();
    rs.sort_by(|a, b| a.at.total_cmp(&b.at));
    // Group by position, then merge intervals within each group.
    let mut out = Vec::new();
    let mut i = 0;
    while i < rs.len() {
        let mut j = i + 1;
        while j < rs.len() && rs[j].at - rs[j - 1].at <= T.snap / 2.0 {
            j += 1;
        }
        let group = &mut rs[i..j];
        let at = group.iter().map(|r| r.at).sum::<f64>() / group.len() as f64;
        group.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut cur: Option<Ruling> = None;
        for r in group.iter() {
            match cur.as_mut() {
                Some(c) if r.from <= c.to + T.snap => c.to = c.to.max(r.to),
                _ => {
                    out.extend(cur.take());
                    cur = Some(Ruling { horizontal, at, from: r.from, to: r.to });
                }
            }
        }
        out.extend(cur);
        i = j;
    }
    out.retain(|r| r.to - r.from >= 3.0);
    out
}

fn touches(h: &Ruling, v: &Ruling) -> bool {
    v.at >= h.from - T.touch && v.at <= h.to + T.touch && h.at >= v.from - T.touch && h.at <= v.to + T.touch
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// The grids a page's rulings draw.
pub(crate) fn grids(rulings: &[Ruling]) -> Vec<Grid> {
    let hs = merge(rulings, true);
    let vs = merge(rulings, false);
    if hs.len() < 2 || vs.len() < 2 || hs.len() + vs.len() > T.max_rulings {
        return Vec::new();
    }
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if touches(h, v) {
                union(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Ruling>, Vec<Ruling>)> = Default::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        let entry = groups.entry(root).or_default();
        if i < hs.len() {
            entry.0.push(hs[i]);
        } else {
            entry.1.push(vs[i - hs.len()]);
        }
    }
    groups.into_values().filter_map(|(h, v)| grid_of(&h, &v)).collect()
}

/// Sorted positions, those within [`T.snap`] of each other made one.
fn boundaries(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for v in values {
        match out.last() {
            Some(&last) if v - last <= T.snap => {}
            _ => out.push(v),
        }
    }
    out
}

/// Share of `[lo, hi]` that rulings at `at` cover.
fn covered(rulings: &[Ruling], at: f64, lo: f64, hi: f64) -> f64 {
    let len = hi - lo;
    if len <= 0.0 {
        return 1.0;
    }
    let sum: f64 =
        rulings.iter().filter(|r| (r.at - at).abs() <= T.snap).map(|r| (r.to.min(hi) - r.from.max(lo)).max(0.0)).sum();
    sum / len
}

fn grid_of(hs: &[Ruling], vs: &[Ruling]) -> Option<Grid> {
    if hs.len() < 2 || vs.len() < 2 {
        return None;
    }
    // Outer edges: a table without side borders still ends where its rules end.
    let mut xv: Vec<f64> = vs.iter().map(|v| v.at).collect();
    xv.push(hs.iter().map(|h| h.from).fold(f64::MAX, f64::min));
    xv.push(hs.iter().map(|h| h.to).fold(f64::MIN, f64::max));
    let mut yv: Vec<f64> = hs.iter().map(|h| h.at).collect();
    yv.push(vs.iter().map(|v| v.from).fold(f64::MAX, f64::min));
    yv.push(vs.iter().map(|v| v.to).fold(f64::MIN, f64::max));
    let xs = boundaries(xv);
    let ys = boundaries(yv);
    let (cols, rows) = (xs.len().checked_sub(1)?, ys.len().checked_sub(1)?);
    if cols < 2 || rows < 1 || cols * rows > 100_000 {
        return None;
    }
    let mut parent: Vec<usize> = (0..cols * rows).collect();
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && covered(vs, xs[c + 1], ys[r], ys[r + 1]) < 0.5 {
                union(&mut parent, r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && covered(hs, ys[r + 1], xs[c], xs[c + 1]) < 0.5 {
                union(&mut parent, r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    let mut bounds: std::collections::HashMap<usize, GridCell> = Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let root = find(&mut parent, r * cols + c);
            let b = bounds.entry(root).or_insert(GridCell { r0: r, r1: r + 1, c0: c, c1: c + 1 });
            b.r0 = b.r0.min(r);
            b.r1 = b.r1.max(r + 1);
            b.c0 = b.c0.min(c);
            b.c1 = b.c1.max(c + 1);
        }
    }
    let mut cells = Vec::new();
    let mut cell_at = vec![usize::MAX; cols * rows];
    for r in 0..rows {
        for c in 0..cols {
            if cell_at[r * cols + c] != usize::MAX {
                continue;
            }
            let root = find(&mut parent, r * cols + c);
            let b = bounds.get(&root).copied().unwrap_or(GridCell { r0: r, r1: r + 1, c0: c, c1: c + 1 });
            // A region that is not a rectangle keeps the part not taken yet.
            let b = GridCell { r0: r, c0: c, ..b };
            for rr in b.r0..b.r1 {
                for cc in b.c0..b.c1 {
                    let slot = &mut cell_at[rr * cols + cc];
                    if *slot == usize::MAX {
                        *slot = cells.len();
                    }
                }
            }
            cells.push(b);
        }
    }
    Some(Grid { xs, ys, cells, cell_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f64, x0: f64, x1: f64) -> Ruling {
        Ruling { horizontal: true, at: y, from: x0, to: x1 }
    }

    fn v(x: f64, y0: f64, y1: f64) -> Ruling {
        Ruling { horizontal: false, at: x, from: y0, to: y1 }
    }

    #[test]
    fn a_grid_with_a_merged_title() {
        // Three columns; the first row's last two cells are one (`PHÂN CÔNG`).
        let rulings = [
            h(0.0, 0.0, 300.0),
            h(20.0, 100.0, 300.0),
            h(40.0, 0.0, 300.0),
            h(60.0, 0.0, 300.0),
            v(0.0, 0.0, 60.0),
            v(100.0, 0.0, 60.0),
            v(200.0, 20.0, 60.0),
            v(300.0, 0.0, 60.0),
        ];
        let gs = grids(&rulings);
        assert_eq!(gs.len(), 1);
        let g = &gs[0];
        assert_eq!((g.cols(), g.rows()), (3, 3));
        assert_eq!(g.cells[0], GridCell { r0: 0, r1: 2, c0: 0, c1: 1 }, "STT spans two header rows");
        assert_eq!(g.cells[1], GridCell { r0: 0, r1: 1, c0: 1, c1: 3 }, "title spans two columns");
        assert_eq!(g.cell_at(250.0, 30.0), Some(3));
    }

    #[test]
    fn duplicate_borders_merge_and_lone_lines_are_no_grid() {
        let rulings = [h(0.0, 0.0, 100.0), h(0.4, 50.0, 200.0), v(0.0, 0.0, 10.0)];
        assert_eq!(merge(&rulings, true).len(), 1);
        assert!(grids(&rulings).is_empty());
    }
}
