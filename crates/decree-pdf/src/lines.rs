//! Glyphs → words → lines.
//!
//! Lines are glyphs on one baseline; words split at space glyphs and at gaps
//! wider than a fraction of the font size (producers that position every word
//! themselves write no spaces at all). A glyph printed twice in the same place
//! (bold faked by overprinting) counts once; a combining mark stays with the
//! letter before it in the stream.

use crate::model::{Glyph, RawPage};
use crate::thresholds::T;

#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub words: Vec<Word>,
    pub x0: f64,
    pub x1: f64,
    /// Baseline.
    pub y: f64,
    pub top: f64,
    pub bottom: f64,
    /// The most common font size.
    pub size: f64,
    /// Most of its letters are bold.
    pub bold: bool,
}

impl Line {
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Width of a space in this line's font, roughly.
    pub fn space(&self) -> f64 {
        0.25 * self.size
    }
}

fn is_mark(text: &str) -> bool {
    text.chars().all(|c| matches!(u32::from(c), 0x300..=0x36F))
}

/// Builds the lines of a set of glyphs (indices into `page.glyphs`, in stream order).
pub(crate) fn build(page: &RawPage, ids: &[usize]) -> Vec<Line> {
    let glyphs = &page.glyphs;
    let mut order: Vec<usize> = ids.iter().copied().filter(|&i| i < glyphs.len()).collect();
    order.sort_by(|&a, &b| glyphs[a].y.total_cmp(&glyphs[b].y));
    let mut lines: Vec<Vec<usize>> = Vec::new();
    let mut base = f64::NEG_INFINITY;
    let mut size: f64 = 0.0;
    for i in order {
        let g = &glyphs[i];
        match lines.last_mut() {
            Some(line) if (g.y - base).abs() <= 0.35 * size.min(g.size).max(1.0) => line.push(i),
            _ => {
                lines.push(vec![i]);
                base = g.y;
                size = g.size;
            }
        }
    }
    let lines = merge_small(glyphs, lines);
    lines.into_iter().filter_map(|ids| line_of(page, ids)).collect()
}

/// Puts a run of small glyphs raised or lowered off a line (a footnote mark,
/// an exponent) back into the line it overlaps.
fn merge_small(glyphs: &[Glyph], lines: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    let stats = |l: &[usize]| -> (f64, f64, f64) {
        let size = l.iter().map(|&i| glyphs[i].size).fold(0.0, f64::max);
        let top = l.iter().map(|&i| glyphs[i].top()).fold(f64::MAX, f64::min);
        let bottom = l.iter().map(|&i| glyphs[i].bottom()).fold(f64::MIN, f64::max);
        (size, top, bottom)
    };
    let mut out: Vec<Vec<usize>> = Vec::with_capacity(lines.len());
    let mut pending: Option<Vec<usize>> = None;
    for line in lines {
        let (size, top, _) = stats(&line);
        // A small line just above this one (a superscript sorts first).
        if let Some(small) = pending.take() {
            let (s_size, _, s_bottom) = stats(&small);
            if s_size < 0.85 * size && s_bottom > top {
                let mut merged = line;
                merged.extend(small);
                out.push(merged);
                continue;
            }
            out.push(small);
        }
        // A small line just below the previous one (a subscript).
        if let Some(prev) = out.last_mut() {
            let (p_size, _, p_bottom) = stats(prev);
            if size < 0.85 * p_size && top < p_bottom {
                prev.extend(line);
                continue;
            }
        }
        if line.len() <= 4 {
            pending = Some(line);
        } else {
            out.push(line);
        }
    }
    out.extend(pending);
    out
}

fn line_of(page: &RawPage, mut ids: Vec<usize>) -> Option<Line> {
    let glyphs = &page.glyphs;
    // A mark sorts with the glyph before it in the stream (its base letter).
    let key = |i: usize| -> f64 {
        let g = &glyphs[i];
        if is_mark(page.glyph_text(g)) && i > 0 && ids_contains_prev(glyphs, i) {
            glyphs[i - 1].x0 + 1e-6
        } else {
            g.x0
        }
    };
    ids.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
    let mut words: Vec<Word> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    let mut break_next = true;
    let (mut bold, mut letters) = (0usize, 0usize);
    let mut sizes: Vec<f64> = Vec::with_capacity(ids.len());
    for &i in &ids {
        let g = &glyphs[i];
        if g.space {
            break_next = true;
            continue;
        }
        let text = page.glyph_text(g);
        if let Some(p) = prev {
            if (g.x0 - p.x0).abs() < 0.1 * g.size && page.glyph_text(p) == text && g.x1 > g.x0 {
                continue; // overprinted
            }
            let gap = g.x0 - p.x1;
            if gap > T.space_gap * g.size.max(p.size) || gap < -0.6 * g.size {
                break_next = true;
            }
        }
        if is_mark(text) {
            break_next = false;
        }
        match words.last_mut() {
            Some(w) if !break_next => {
                w.text.push_str(text);
                w.x1 = w.x1.max(g.x1);
            }
            _ => words.push(Word { text: text.to_owned(), x0: g.x0, x1: g.x1 }),
        }
        break_next = false;
        prev = Some(g);
        letters += 1;
        bold += usize::from(g.bold);
        sizes.push(g.size);
    }
    if words.is_empty() {
        return None;
    }
    let members: Vec<&Glyph> = ids.iter().map(|&i| &glyphs[i]).filter(|g| !g.space).collect();
    let y = members.iter().map(|g| g.y).sum::<f64>() / members.len().max(1) as f64;
    let top = members.iter().map(|g| g.top()).fold(f64::MAX, f64::min);
    let bottom = members.iter().map(|g| g.bottom()).fold(f64::MIN, f64::max);
    sizes.sort_by(f64::total_cmp);
    let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0);
    let x0 = words.iter().map(|w| w.x0).fold(f64::MAX, f64::min);
    let x1 = words.iter().map(|w| w.x1).fold(f64::MIN, f64::max);
    Some(Line { words, x0, x1, y, top, bottom, size, bold: bold * 2 > letters })
}

fn ids_contains_prev(glyphs: &[Glyph], i: usize) -> bool {
    glyphs.get(i - 1).is_some_and(|p| (p.y - glyphs[i].y).abs() < 0.35 * p.size)
}

/// A line's part between wide gaps.
#[derive(Debug, Clone)]
pub(crate) struct Seg {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
}

impl Seg {
    pub fn center(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// A line cut at gaps of at least `gap` font sizes.
pub(crate) fn segments(line: &Line, gap: f64) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::new();
    let mut prev: Option<&Word> = None;
    for w in &line.words {
        let wide = prev.is_some_and(|p| w.x0 - p.x1 >= gap * line.size);
        match out.last_mut() {
            Some(s) if !wide => {
                s.text.push(' ');
                s.text.push_str(&w.text);
                s.x1 = w.x1;
            }
            _ => out.push(Seg { text: w.text.clone(), x0: w.x0, x1: w.x1 }),
        }
        prev = Some(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: &[(&str, f64, f64, f64)]) -> RawPage {
        let mut p = RawPage::default();
        for &(t, x0, x1, y) in items {
            let start = p.text.len() as u32;
            p.text.push_str(t);
            let space = t.trim().is_empty();
            p.glyphs.push(Glyph { x0, x1, y, size: 10.0, bold: false, space, start, len: t.len() as u32 });
        }
        p
    }

    #[test]
    fn words_from_spaces_and_gaps() {
        let p = page(&[
            ("B", 0.0, 6.0, 100.0),
            ("a", 6.0, 11.0, 100.0),
            (" ", 11.0, 13.5, 100.0),
            ("c", 13.5, 18.0, 100.0),
            ("d", 21.0, 26.0, 100.0),
            ("x", 0.0, 5.0, 114.0),
        ]);
        let lines = build(&p, &(0..p.glyphs.len()).collect::<Vec<_>>());
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text(), "Ba c d");
        assert_eq!(lines[1].text(), "x");
    }

    #[test]
    fn a_footnote_mark_stays_in_its_line() {
        let mut p = page(&[("a", 0.0, 5.0, 100.0), ("b", 5.0, 10.0, 100.0), ("c", 10.0, 15.0, 100.0)]);
        let start = p.text.len() as u32;
        p.text.push('1');
        p.glyphs.push(Glyph { x0: 15.0, x1: 18.0, y: 96.0, size: 6.0, bold: false, space: false, start, len: 1 });
        let lines = build(&p, &[0, 1, 2, 3]);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text(), "abc1");
    }

    #[test]
    fn marks_stay_with_their_letter_and_overprints_count_once() {
        // `ế` as `e` + combining marks drawn left of the letter's start; `B` printed twice.
        let p = page(&[
            ("B", 0.0, 6.0, 100.0),
            ("B", 0.3, 6.3, 100.0),
            ("e", 6.0, 11.0, 100.0),
            ("\u{302}\u{301}", 5.5, 5.5, 100.0),
        ]);
        let lines = build(&p, &[0, 1, 2, 3]);
        assert_eq!(lines[0].text(), "Be\u{302}\u{301}");
    }
}
