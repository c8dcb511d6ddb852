//! Tables without rulings, from whitespace alignment.
//!
//! A run of lines split by wide gaps into three or more parts that keep to the
//! same columns is a table. Its columns are where the parts sit; a row starts
//! at a line with text in the first column (when that column holds row
//! numbers, at a number), and lines without one continue the row above (a
//! cell's text wrapped).

use crate::lines::{segments, Line, Seg};
use crate::model::round_box;
use crate::thresholds::T;
use decree_layout::{count_header_rows, Block, Cell, Row, Table};
use decree_model::Provenance;
use decree_norm::clean_text;

/// A column: the span its parts cover.
#[derive(Debug, Clone, Copy)]
struct Col {
    lo: f64,
    hi: f64,
}

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
    let cell_segs = |l: &Line| segments(l, T.cell_gap);
    let first = cell_segs(lines.get(i)?);
    if first.len() < 2 {
        return None;
    }
    let mut cols: Vec<Col> = Vec::new();
    extend(&mut cols, &first);
    let mut segs = vec![first];
    let mut j = i + 1;
    while let Some(line) = lines.get(j).filter(|_| j - i < T.max_lines) {
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
    if wide < T.min_wide_lines || cols.len() < 3 {
        return None;
    }
    let block = &lines[i..j];
    // Whitespace shared by the lines separates columns that a gap within one
    // line cannot (a narrow number column printed close to the text after it).
    let cuts = rivers(block);
    let (segs, placed): (Vec<Vec<Seg>>, Vec<Vec<usize>>) = if cuts.len() >= 2 && cuts.len() + 1 >= cols.len() {
        let split: Vec<Vec<(usize, Seg)>> = block.iter().map(|l| split_at_cuts(l, &cuts)).collect();
        let placed = split.iter().map(|v| v.iter().map(|(c, _)| *c).collect()).collect();
        (split.into_iter().map(|v| v.into_iter().map(|(_, s)| s).collect()).collect(), placed)
    } else {
        // The columns may have grown after a line was read: place every part anew.
        let placed = segs.iter().map(|ss| ss.iter().map(|s| column_of(&cols, s).unwrap_or(0)).collect()).collect();
        (segs, placed)
    };
    let rows = rows_of(block, &segs, &placed, page);
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

/// Column cuts from whitespace the lines share: x-ranges at least [`T.river`]
/// font sizes wide that the words of nearly every line leave free (a title
/// spanning the table may cross one), between the block's left and right edges.
fn rivers(lines: &[Line]) -> Vec<f64> {
    let words = || lines.iter().flat_map(|l| &l.words);
    let (Some(lo), Some(hi)) =
        (words().map(|w| w.x0).min_by(f64::total_cmp), words().map(|w| w.x1).max_by(f64::total_cmp))
    else {
        return Vec::new();
    };
    let (lo, hi) = (lo.floor(), hi.ceil());
    let buckets = ((hi - lo) as usize).min(4096);
    let mut cover = vec![0usize; buckets + 1];
    for l in lines {
        let mut seen = vec![false; buckets + 1];
        for w in &l.words {
            let a = ((w.x0 - lo).max(0.0) as usize).min(buckets);
            let b = ((w.x1 - lo).max(0.0) as usize).min(buckets);
            // A glyph run drawn right to left has x1 < x0.
            seen[a.min(b)..=a.max(b)].iter_mut().for_each(|s| *s = true);
        }
        cover.iter_mut().zip(&seen).for_each(|(c, &s)| *c += usize::from(s));
    }
    let crossing = lines.len() / 10;
    let size = median_size(lines);
    let mut cuts = Vec::new();
    let mut start = None;
    for (x, &c) in cover.iter().enumerate() {
        match (c <= crossing, start) {
            (true, None) => start = Some(x),
            (false, Some(s)) => {
                if (x - s) as f64 >= T.river * size && s > 0 {
                    cuts.push(lo + (s + x) as f64 / 2.0);
                }
                start = None;
            }
            _ => {}
        }
    }
    cuts
}

fn median_size(lines: &[Line]) -> f64 {
    let mut sizes: Vec<f64> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f64::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(10.0)
}

/// A line's words grouped into the columns between `cuts`, by word centre.
fn split_at_cuts(line: &Line, cuts: &[f64]) -> Vec<(usize, Seg)> {
    let mut out: Vec<(usize, Seg)> = Vec::new();
    for w in &line.words {
        let col = cuts.partition_point(|&c| c < (w.x0 + w.x1) / 2.0);
        match out.last_mut() {
            Some((c, s)) if *c == col => {
                s.text.push(' ');
                s.text.push_str(&w.text);
                s.x1 = w.x1;
            }
            _ => out.push((col, Seg { text: w.text.clone(), x0: w.x0, x1: w.x1 })),
        }
    }
    out
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
    // A bold run at the top of a numbered table is its header; unnumbered lines
    // right under it finish a row the page break cut (`after_break`).
    let mut in_header = numbered && lines.first().is_some_and(|l| l.bold);
    let spaced = row_gaps(lines);
    let mut rows: Vec<(Vec<String>, [f64; 4], bool)> = Vec::new();
    for k in 0..lines.len() {
        let code = first_col(k).is_some_and(looks_like_code);
        let mut after_break = false;
        let starts = if in_header && lines[k].bold && !code {
            rows.is_empty()
        } else if in_header {
            in_header = false;
            after_break = !code;
            true
        } else {
            match first_col(k) {
                Some(_) => !numbered || code || rows.is_empty(),
                // An unnumbered row of its own: cells padded apart leave a wider
                // gap above it than the lines of one cell have.
                None => rows.is_empty() || spaced[k] && placed[k].len() >= 2,
            }
        };
        let l = &lines[k];
        if starts {
            rows.push((vec![String::new(); width], [l.x0, l.top, l.x1, l.bottom], after_break));
        }
        let Some((cells, bbox, _)) = rows.last_mut() else { continue };
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
        .map(|(cells, bbox, after_break)| Row {
            cells: cells.iter().enumerate().map(|(c, t)| Cell::new(c, clean_text(t))).collect(),
            after_break,
            prov: Provenance { page: Some(page), bbox: Some(round_box(bbox)), ..Provenance::default() },
        })
        .collect()
}

/// Joins a table to the one on the next page when that one repeats its header
/// and has its columns: a borderless table is read page by page, and its rows
/// (the `after_break` one included) belong to the table the page break cut.
pub(crate) fn join_across_pages(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    // Blocks between the two tables that a page break leaves (the break itself,
    // empty paragraphs), held back until it is known whether the tables join.
    let mut between: Vec<Block> = Vec::new();
    for block in blocks {
        match block {
            Block::PageBreak { .. } => between.push(block),
            Block::Paragraph(ref p) if p.text.trim().is_empty() => between.push(block),
            Block::Table(next) => {
                // Only across a break, and only onto the block just before it.
                let open = match out.last_mut() {
                    Some(Block::Table(t)) if !between.is_empty() => Some(t),
                    _ => None,
                };
                match open.filter(|prev| continues_on(prev, &next)) {
                    Some(prev) => {
                        prev.rows.extend(next.rows.into_iter().skip(next.header_rows));
                        between.clear();
                    }
                    None => {
                        out.append(&mut between);
                        out.push(Block::Table(next));
                    }
                }
            }
            other => {
                out.append(&mut between);
                out.push(other);
            }
        }
    }
    out.append(&mut between);
    out
}

fn continues_on(prev: &Table, next: &Table) -> bool {
    let key = |r: &Row| r.cells.iter().map(|c| c.text.split_whitespace().collect::<String>()).collect::<Vec<_>>();
    let last_page = prev.rows.last().and_then(|r| r.prov.page).or(prev.prov.page);
    prev.header_rows > 0
        && prev.header_rows == next.header_rows
        && prev.width() == next.width()
        && next.prov.page.is_some_and(|p| last_page.is_some_and(|l| p == l + 1))
        && prev.rows.iter().zip(&next.rows).take(prev.header_rows).all(|(a, b)| key(a) == key(b))
}

/// Whether each line sits after a gap clearly wider than the usual one between
/// the block's lines (by a quarter of the font size): the padding between rows.
fn row_gaps(lines: &[Line]) -> Vec<bool> {
    let gaps: Vec<f64> =
        lines.iter().enumerate().map(|(k, l)| if k == 0 { 0.0 } else { l.top - lines[k - 1].bottom }).collect();
    let mut sorted: Vec<f64> = gaps.iter().skip(1).copied().collect();
    sorted.sort_by(f64::total_cmp);
    let usual = sorted.get(sorted.len() / 4).copied().unwrap_or(0.0);
    lines.iter().zip(&gaps).enumerate().map(|(k, (l, g))| k > 0 && *g > usual + 0.25 * l.size).collect()
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
    fn a_narrow_number_column_is_cut_by_shared_whitespace() {
        let mut header = line(100.0, &[("TT", 50.0), ("Nhiệm vụ", 70.0), ("Chủ trì", 300.0), ("Thời gian", 420.0)]);
        header.bold = true;
        let lines = [
            header,
            line(115.0, &[("hành chính", 70.0), ("Sở Tư pháp", 300.0)]),
            line(130.0, &[("10", 50.0), ("Rà soát thủ tục", 70.0), ("Văn phòng", 300.0), ("Quý III/2023", 420.0)]),
            line(145.0, &[("11", 50.0), ("Công khai kết quả", 70.0), ("Sở Nội vụ", 300.0), ("Thường xuyên", 420.0)]),
        ];
        let (_, t) = table_at(&lines, 0, 4, 0).unwrap_or_else(|| panic!("no table"));
        let texts = |r: &Row| (0..4).map(|c| r.text_at(c).to_owned()).collect::<Vec<_>>();
        assert_eq!(texts(&t.rows[0]), ["TT", "Nhiệm vụ", "Chủ trì", "Thời gian"]);
        // The row the page break cut: no number, marked so extraction rejoins it.
        assert_eq!(texts(&t.rows[1]), ["", "hành chính", "Sở Tư pháp", ""]);
        assert!(t.rows[1].after_break && !t.rows[2].after_break);
        assert_eq!(texts(&t.rows[2]), ["10", "Rà soát thủ tục", "Văn phòng", "Quý III/2023"]);
        assert_eq!(t.rows.len(), 4);
    }

    #[test]
    fn an_unnumbered_row_is_told_from_a_wrapped_line_by_the_gap_above_it() {
        let lines = [
            line(100.0, &[("STT", 50.0), ("Nhiệm vụ", 100.0), ("Chủ trì", 300.0), ("Thời gian", 420.0)]),
            line(119.0, &[("1", 50.0), ("Rà soát thủ tục", 100.0), ("Sở Tư pháp", 300.0), ("Quý III/2023", 420.0)]),
            line(134.0, &[("hành chính", 100.0)]),
            // 7 points of padding above, not the 3 between the lines of a cell.
            line(153.0, &[("Công khai kết quả", 100.0), ("Văn phòng", 300.0), ("Thường xuyên", 420.0)]),
            line(168.0, &[("giải quyết", 100.0)]),
            line(187.0, &[("2", 50.0), ("Đối thoại", 100.0), ("Sở Nội vụ", 300.0), ("Hằng năm", 420.0)]),
        ];
        let (_, t) = table_at(&lines, 0, 1, 0).unwrap_or_else(|| panic!("no table"));
        let tasks: Vec<&str> = t.rows.iter().map(|r| r.text_at(1)).collect();
        assert_eq!(tasks, ["Nhiệm vụ", "Rà soát thủ tục hành chính", "Công khai kết quả giải quyết", "Đối thoại"]);
    }

    fn table(page: u32, rows: &[&[&str]]) -> Table {
        let rows = rows
            .iter()
            .map(|r| Row {
                cells: r.iter().enumerate().map(|(c, t)| Cell::new(c, (*t).to_owned())).collect(),
                after_break: false,
                prov: Provenance { page: Some(page), ..Provenance::default() },
            })
            .collect();
        Table { index: page, header_rows: 1, rows, prov: Provenance { page: Some(page), ..Provenance::default() } }
    }

    #[test]
    fn a_table_continued_on_the_next_page_is_joined_once_its_header_repeats() {
        let head: &[&str] = &["STT", "Nhiệm vụ", "Chủ trì"];
        let blocks = vec![
            Block::Table(table(3, &[head, &["1", "Rà soát", "Sở Tư pháp"]])),
            Block::PageBreak { page: 4 },
            Block::Table(table(4, &[head, &["2", "Công khai", "Sở Nội vụ"]])),
            Block::PageBreak { page: 5 },
            // Another table: different columns, kept apart.
            Block::Table(table(5, &[&["STT", "Chỉ tiêu"], &["1", "PCI"]])),
        ];
        let out = join_across_pages(blocks);
        let tables: Vec<&Table> = out
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].rows.len(), 3);
        assert_eq!(tables[0].rows[2].text_at(1), "Công khai");
        assert_eq!(out.len(), 3, "the joined break is gone, the other kept");
    }

    #[test]
    fn prose_is_no_table() {
        let lines =
            [line(100.0, &[("Một câu văn bình thường của kế hoạch", 50.0)]), line(115.0, &[("tiếp tục", 50.0)])];
        assert!(table_at(&lines, 0, 1, 0).is_none());
    }
}
