//! Word table rows → layout rows on one grid: grid columns from `w:gridBefore` and
//! `w:gridSpan`, vertical merges as row spans, cell text as lines.

use crate::body::{Item, Merge, RawCell, RawTable};
use decree_layout::{count_header_rows, Cell, Row};
use decree_model::Provenance;
use decree_norm::clean_text;
use std::collections::{HashMap, HashSet};

/// The rows of a table and how many of them are header rows.
pub(crate) fn build(table: RawTable, prov: &Provenance) -> (Vec<Row>, usize) {
    let mut rows: Vec<Row> = Vec::new();
    let mut flags: Vec<bool> = Vec::new();
    // Grid column → (row, cell) of the vertical merge open there.
    let mut open: HashMap<usize, (usize, usize)> = HashMap::new();
    for raw in table.rows.into_iter().filter(|r| !r.deleted) {
        let r = rows.len();
        let row_no = u32::try_from(r).unwrap_or(u32::MAX);
        let mut cells: Vec<Cell> = Vec::new();
        let mut continued: HashSet<usize> = HashSet::new();
        let mut col = raw.before;
        for rc in raw.cells.into_iter().filter(|c| !c.deleted) {
            let span = rc.span;
            place(rc, col, r, &mut rows, &mut cells, &mut open, &mut continued);
            col += span;
        }
        // A merge that this row did not continue has ended.
        open.retain(|c, (row, _)| *row == r || continued.contains(c));
        rows.push(Row { cells, after_break: false, prov: prov.in_table(prov.table.unwrap_or(0), row_no) });
        flags.push(raw.header);
    }
    let marked = flags.iter().take_while(|h| **h).count();
    // A table whose every row repeats is marked carelessly: read it as unmarked.
    let header_rows =
        if marked > 0 && marked < rows.len() { marked + subtitle_row(&rows, marked) } else { count_header_rows(&rows) };
    (rows, header_rows)
}

/// 1 when the row after the repeated header holds the sub-titles of a title the
/// header merged over several columns (`PHÂN CÔNG THỰC HIỆN` over `CHỦ TRÌ |
/// PHỐI HỢP`) without being marked itself.
fn subtitle_row(rows: &[Row], marked: usize) -> usize {
    let (Some(last), Some(next)) = (rows.get(marked - 1), rows.get(marked)) else {
        return 0;
    };
    let short = |t: &str| !t.is_empty() && t.split_whitespace().count() <= 5;
    let titled = last.cells.iter().filter(|c| c.col_span > 1 && !c.text.is_empty()).any(|m| {
        let under: Vec<&Cell> = next.cells.iter().filter(|c| c.col >= m.col && c.col < m.col + m.col_span).collect();
        under.len() >= 2 && under.iter().all(|c| short(&c.text))
    });
    usize::from(titled && next.text_at(0).is_empty())
}

/// Puts one cell at grid column `col` of row `r`: a merge continuation widens or
/// lengthens the cell it continues instead of appearing itself.
fn place(
    rc: RawCell,
    col: usize,
    r: usize,
    rows: &mut [Row],
    cells: &mut Vec<Cell>,
    open: &mut HashMap<usize, (usize, usize)>,
    continued: &mut HashSet<usize>,
) {
    let (text, bold) = cell_text(&rc.items);
    if rc.hmerge_continue {
        if let Some(last) = cells.last_mut() {
            last.col_span += rc.span;
            append_line(&mut last.text, &text);
            return;
        }
    }
    if rc.vmerge == Merge::Continue {
        let target = open.get(&col).and_then(|&(row, i)| rows.get_mut(row)?.cells.get_mut(i));
        if let Some(target) = target {
            target.row_span += 1;
            // Word shows only the first cell of a merge; text left in a covered
            // cell is still the document's, so it is kept, not dropped.
            append_line(&mut target.text, &text);
            continued.insert(col);
            return;
        }
    }
    if rc.vmerge == Merge::Restart {
        open.insert(col, (r, cells.len()));
    } else {
        open.remove(&col);
    }
    cells.push(Cell { text, col, col_span: rc.span, row_span: 1, bold });
}

fn append_line(text: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(more);
}

/// A cell's text: one line per paragraph (and per manual line break), numbering
/// labels included; bold when every paragraph with text is bold.
pub(crate) fn cell_text(items: &[Item]) -> (String, bool) {
    let mut lines = Vec::new();
    let mut all_bold = true;
    collect_lines(items, &mut lines, &mut all_bold);
    let bold = all_bold && !lines.is_empty();
    (lines.join("\n"), bold)
}

/// Nested tables are flattened into the enclosing cell, one line per paragraph
/// in reading order: the layout has no tables inside cells, and in plans a
/// nested table is a layout device (a signature or a list set in columns inside
/// a cell) whose text belongs to the cell that holds it.
fn collect_lines(items: &[Item], lines: &mut Vec<String>, all_bold: &mut bool) {
    for item in items {
        match item {
            Item::Para(p) => {
                let before = lines.len();
                for (i, piece) in p.text.split('\n').enumerate() {
                    let text = clean_text(piece);
                    let line = match (&p.label, i) {
                        (Some(label), 0) if text.is_empty() => label.clone(),
                        (Some(label), 0) => format!("{label} {text}"),
                        _ => text,
                    };
                    if !line.is_empty() {
                        lines.push(line);
                    }
                }
                if lines.len() > before && !p.bold {
                    *all_bold = false;
                }
                collect_lines(&p.boxes, lines, all_bold);
            }
            Item::Table(t) => {
                for row in &t.rows {
                    for cell in &row.cells {
                        collect_lines(&cell.items, lines, all_bold);
                    }
                }
            }
        }
    }
}
