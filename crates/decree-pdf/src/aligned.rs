//! Tables without rulings, from whitespace alignment.
//!
//! A run of lines split by wide gaps into three or more parts that keep to the
//! same columns is a table. Its columns are where the parts sit; a row starts
//! at a line with text in the first column (when that column holds row
//! numbers, at a number), and lines without one continue the row above (a
//! cell's text wrapped).

use crate::assemble::round_box;
use crate::lines::Line;
use crate::prose::{segments, Seg};
use decree_layout::{count_header_rows, Cell, Row, Table};
use decree_model::Provenance;
use decree_norm::clean_text;

/// Fewest lines with three or more parts a table needs.
const MIN_WIDE_LINES: usize = 3;
/// Most lines one aligned table takes (bounds the work on a hostile page).
const MAX_LINES: usize = 400;

/// A column: the span its parts cover.
#[derive(Debug, Clone, Copy)]
struct Col {
    lo: f64,
    hi: f64,
}

/// A gap this many font sizes wide separates two cells of a line.
const CELL_GAP: f64 = 0.9;

/// The column a part of a line falls in: the one it overlaps most, or starts in.
fn column_of(cols: &[Col], s: &Seg) -> Option<usize> {
    let overlap = |c: &Col| (c.hi.min(s.x1) - c.lo.max(s.x0)).max(0.0);
    let best = (0..cols.len()).max_by(|&a, &b| overlap(&cols[a]).total_cmp(&overlap(&cols[b])))?;
    if overlap(&cols[best]) > 0.0 {
        return Some(best);
    }
    cols.iter().position(|c| (c.lo - s.x0).abs() <= 3.0)
}

/// Widens the columns with a line's parts; a part clear of every column opens
/// a new one (a header cell drawn higher than its neighbours). False when a
/// lone part runs across several columns: prose after the table.
fn extend(cols: &mut Vec<Col>, segs: &[Seg]) -> bool {
    for s in segs {
        let covered = cols.iter().filter(|c| c.hi.min(s.x1) > c.lo.max(s.x0)).count();
        if segs.len() == 1 && covered >= 3 {
            return false;
        }
        match column_of(cols, s) {
            Some(k) => {
                cols[k].lo = cols[k].lo.min(s.x0);
                cols[k].hi = cols[k].hi.max(s.x1);
            }
            None => {
                let at = cols.partition_point(|c| c.lo < s.x0);
                cols.insert(at, Col { lo: s.x0, hi: s.x1 });
            }
        }
    }
    true
}

/// A table of aligned lines starting at line `i`: its end and the table.
pub(crate) fn table_at(lines: &[Line], i: usize, page: u32, index: u32) -> Option<(usize, Table)> {
    let cell_segs = |l: &Line| segments(l, CELL_GAP);
    let first = cell_segs(lines.get(i)?);
    if first.len() < 2 {
        return None;
    }
    let mut cols: Vec<Col> = Vec::new();
    extend(&mut cols, &first);
    let mut segs = vec![first];
    let mut j = i + 1;
    while let Some(line) = lines.get(j).filter(|_| j - i < MAX_LINES) {
        if line.top - lines[j - 1].bottom > 1.5 * line.size {
            break;
        }
        let s = cell_segs(line);
        if !extend(&mut cols, &s) {
            break;
        }
        segs.push(s);
        j += 1;
    }
    let wide = segs.iter().filter(|s| s.len() >= 3).count();
    if wide < MIN_WIDE_LINES || cols.len() < 3 {
        return None;
    }
    // The columns may have grown after a line was read: place every part anew.
    let placed: Vec<Vec<usize>> =
        segs.iter().map(|ss| ss.iter().map(|s| column_of(&cols, s).unwrap_or(0)).collect()).collect();
    let rows = rows_of(&lines[i..j], &segs, &placed, page);
    let header_rows = count_header_rows(&rows);
    let bbox = round_box([
        cols.first().map_or(0.0, |c| c.lo),
        lines[i].top,
        cols.last().map_or(0.0, |c| c.hi),
        lines[j - 1].bottom,
    ]);
    let prov = Provenance { page: Some(page), table: Some(index), bbox: Some(bbox), ..Provenance::default() };
    Some((j, Table { index, header_rows, rows, prov }))
}

/// Cuts the lines into rows and joins each row's parts per column.
fn rows_of(lines: &[Line], segs: &[Vec<Seg>], placed: &[Vec<usize>], page: u32) -> Vec<Row> {
    let width = placed.iter().flatten().max().map_or(0, |m| m + 1);
    let first_col = |k: usize| -> Option<&str> {
        placed[k].first().filter(|&&c| c == 0).and_then(|_| segs[k].first()).map(|s| s.text.as_str())
    };
    let with_first: Vec<usize> = (0..lines.len()).filter(|&k| first_col(k).is_some()).collect();
    let coded = with_first.iter().filter(|&&k| first_col(k).is_some_and(looks_like_code)).count();
    let numbered = coded * 2 >= with_first.len().max(1);
    let mut rows: Vec<(Vec<String>, [f64; 4])> = Vec::new();
    for k in 0..lines.len() {
        let starts = match first_col(k) {
            Some(t) => !numbered || looks_like_code(t) || rows.is_empty(),
            None => rows.is_empty(),
        };
        let l = &lines[k];
        if starts {
            rows.push((vec![String::new(); width], [l.x0, l.top, l.x1, l.bottom]));
        }
        let Some((cells, bbox)) = rows.last_mut() else { continue };
        bbox[2] = bbox[2].max(l.x1);
        bbox[3] = l.bottom;
        for (s, &c) in segs[k].iter().zip(&placed[k]) {
            if let Some(cell) = cells.get_mut(c) {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&s.text);
            }
        }
    }
    rows.into_iter()
        .map(|(cells, bbox)| Row {
            cells: cells.iter().enumerate().map(|(c, t)| Cell::new(c, clean_text(t))).collect(),
            after_break: false,
            prov: Provenance { page: Some(page), bbox: Some(round_box(bbox)), ..Provenance::default() },
        })
        .collect()
}

/// A row number: `1`, `1.2`, `II`, `(3)`, `a)`.
fn looks_like_code(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')']).trim_start_matches('(');
    !t.is_empty()
        && t.len() <= 8
        && (t.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            || t.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
            || t.chars().count() == 1 && t.chars().all(char::is_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::Word;

    /// A line of words at `y`: `(text, x0)`, each word 6 points per character.
    fn line(y: f64, words: &[(&str, f64)]) -> Line {
        let words: Vec<Word> = words
            .iter()
            .flat_map(|&(t, x)| {
                let mut x = x;
                t.split(' ')
                    .map(|w| {
                        let word = Word { text: w.to_owned(), x0: x, x1: x + 6.0 * w.chars().count() as f64 };
                        x = word.x1 + 3.0;
                        word
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let x0 = words.first().map_or(0.0, |w| w.x0);
        let x1 = words.last().map_or(0.0, |w| w.x1);
        Line { words, x0, x1, y, top: y - 9.0, bottom: y + 3.0, size: 12.0, bold: false }
    }

    #[test]
    fn aligned_lines_make_rows_and_wrapped_cells_join() {
        let lines = [
            line(100.0, &[("STT", 50.0), ("Nhiệm vụ", 100.0), ("Chủ trì", 300.0), ("Thời gian", 420.0)]),
            line(115.0, &[("1", 50.0), ("Rà soát thủ tục", 100.0), ("Sở Tư pháp", 300.0), ("Quý III/2023", 420.0)]),
            line(130.0, &[("hành chính", 100.0)]),
            line(145.0, &[("2", 50.0), ("Công khai kết quả", 100.0), ("Văn phòng", 300.0), ("Thường xuyên", 420.0)]),
        ];
        let (end, t) = table_at(&lines, 0, 3, 7).unwrap_or_else(|| panic!("no table"));
        assert_eq!(end, 4);
        assert_eq!(t.header_rows, 1);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1].text_at(1), "Rà soát thủ tục hành chính");
        assert_eq!(t.rows[2].text_at(3), "Thường xuyên");
    }

    #[test]
    fn prose_is_no_table() {
        let lines =
            [line(100.0, &[("Một câu văn bình thường của kế hoạch", 50.0)]), line(115.0, &[("tiếp tục", 50.0)])];
        assert!(table_at(&lines, 0, 1, 0).is_none());
    }
}
