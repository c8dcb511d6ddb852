//! A sheet's cells and merges → heading, title paragraphs and one table.

use crate::header::{count_header_rows, is_stt, looks_titled};
use crate::merge::Merge;
use crate::open::RawSheet;
use decree_layout::{Block, Cell, Heading, Paragraph, Row, Table};
use decree_model::Provenance;
use decree_norm::fold;
use regex::Regex;
use std::sync::LazyLock;

/// The extractor's annex heading pattern (`decree-extract/src/annex.rs`): a title
/// line that matches it is the sheet's heading as printed.
static ANNEX_LINE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^ph[ụu]\s*l[ụu]c(?:\s+s[ốo])?\s*([0-9]+|[IVXLC]+)\b"));

/// An annex-like sheet name, folded: `pl2`, `pl 02`, `phu luc 2`, `phuluc so 3`,
/// `pl ii`.
static ANNEX_NAME: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:phu ?luc|pl)(?: so)? ?(?:0*([0-9]+)|([ivxlc]+)\b)"));

fn re(pattern: &str) -> Regex {
    // Patterns are literals of this module; a failure is a programming error caught by tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad regex {pattern}: {e}"))
}

/// Every sheet's blocks, a page break between sheets.
pub(crate) fn blocks(sheets: Vec<RawSheet>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut tables = 0;
    let mut previous: Option<u32> = None;
    for sheet in sheets {
        if let Some(page) = previous {
            out.push(Block::PageBreak { page });
        }
        previous = Some(sheet.number);
        sheet_blocks(sheet, &mut tables, &mut out);
    }
    out
}

/// A sheet's rows after merges: cells at absolute columns with spans, the cells a
/// merge covers left out; `numbers` are the rows' 0-based worksheet rows.
struct Grid {
    rows: Vec<Row>,
    numbers: Vec<u32>,
}

fn sheet_blocks(sheet: RawSheet, tables: &mut u32, out: &mut Vec<Block>) {
    let (name, page) = (sheet.name.clone(), sheet.number);
    let Grid { mut rows, mut numbers } = grid(sheet);
    if rows.is_empty() {
        return;
    }
    let (start, titled) = table_start(&rows);
    // Cut from the bottom up: each part is (title rows, table rows, their sheet rows).
    let mut parts = Vec::new();
    for (title_at, header_at) in stacked(&rows, start).into_iter().rev() {
        let body = rows.split_off(header_at);
        let body_numbers = numbers.split_off(header_at);
        let titles = rows.split_off(title_at);
        numbers.truncate(title_at);
        parts.push((titles, body, body_numbers, false));
    }
    let body = rows.split_off(start);
    let body_numbers = numbers.split_off(start);
    parts.push((rows, body, body_numbers, titled));
    for (i, (titles, body, numbers, titled)) in parts.into_iter().rev().enumerate() {
        // Only the sheet's first part is named by the sheet.
        title_blocks((i == 0).then_some(name.as_str()), &titles, page, out);
        if !body.is_empty() {
            out.push(Block::Table(table(body, &numbers, titled, page, *tables)));
            *tables += 1;
        }
    }
}

/// Further annexes stacked below the first table of a sheet: a header row
/// (`STT`) right under title rows of one cell each (`PHỤ LỤC 3`, its title).
/// Each as (first title row, header row). A header repeated with no title
/// above it continues the table and is left in it.
fn stacked(rows: &[Row], start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut floor = start + 1;
    for (h, _) in rows.iter().enumerate().skip(start + 1).filter(|(_, r)| stt_first(r)) {
        let mut t = h;
        while t > floor && rows.get(t - 1).is_some_and(|r| r.cells.len() == 1) {
            t -= 1;
        }
        if t < h {
            out.push((t, h));
            floor = h + 1;
        }
    }
    out
}

fn stt_first(row: &Row) -> bool {
    row.cells.first().is_some_and(|c| is_stt(&c.text))
}

fn grid(sheet: RawSheet) -> Grid {
    let mut cells = sheet.cells;
    cells.sort_by_key(|c| (c.row, c.col));
    let mut merges = sheet.merges;
    merges.sort_by_key(|m| (m.top, m.left));
    let mut pending = merges.iter().peekable();
    let mut active: Vec<Merge> = Vec::new();
    let mut grid = Grid { rows: Vec::new(), numbers: Vec::new() };
    for cell in cells {
        if grid.numbers.last() != Some(&cell.row) {
            // Merges are swept row by row, so a huge merge costs no more than a small one.
            active.retain(|m| m.bottom >= cell.row);
            while let Some(m) = pending.next_if(|m| m.top <= cell.row) {
                if m.bottom >= cell.row {
                    active.push(*m);
                }
            }
            grid.rows.push(Row::default());
            grid.numbers.push(cell.row);
        }
        let merge = active.iter().find(|m| m.left <= cell.col && cell.col <= m.right);
        let (col_span, row_span) = match merge {
            Some(m) if m.top == cell.row && m.left == cell.col => (
                (m.right.abs_diff(m.left) as usize).saturating_add(1),
                (m.bottom.abs_diff(m.top) as usize).saturating_add(1),
            ),
            // calamine gives a merge's value in its top-left cell; anything under
            // the rest of it is hidden from the reader of the sheet.
            Some(_) => continue,
            None => (1, 1),
        };
        if let Some(row) = grid.rows.last_mut() {
            row.cells.push(Cell { text: cell.text, col: cell.col as usize, col_span, row_span, bold: cell.bold });
        }
    }
    grid
}

/// Where the table starts, and whether its first row names the columns without
/// an `STT` column. The header row is the first whose first cell is `STT`/`TT`;
/// failing that, the first row of column titles, or the first row of three (then
/// two) cells. Rows above are the sheet's title; a sheet of single cells is all title.
fn table_start(rows: &[Row]) -> (usize, bool) {
    if let Some(i) = rows.iter().position(stt_first) {
        return (i, false);
    }
    if let Some(i) = rows.iter().position(looks_titled) {
        return (i, true);
    }
    let wide = |n: usize| rows.iter().position(|r| r.cells.len() >= n);
    (wide(3).or_else(|| wide(2)).unwrap_or(rows.len()), false)
}

fn title_blocks(sheet_name: Option<&str>, rows: &[Row], page: u32, out: &mut Vec<Block>) {
    let mut lines: Vec<(String, bool)> = rows
        .iter()
        .flat_map(|r| &r.cells)
        .flat_map(|c| c.text.lines().map(|l| (l.trim().to_owned(), c.bold)))
        .filter(|(l, _)| !l.is_empty())
        .collect();
    let heading = if let Some(i) = lines.iter().position(|(l, _)| ANNEX_LINE.is_match(l)) {
        lines.remove(i).0
    } else if let Some(n) = sheet_name.and_then(annex_number) {
        format!("Phụ lục {n}")
    } else if !lines.is_empty() {
        lines.remove(0).0
    } else {
        crate::text::clean_cell(sheet_name.unwrap_or_default())
    };
    let prov = Provenance::page(page);
    out.push(Block::Heading(Heading { level: 1, number: None, text: heading, prov: prov.clone() }));
    for (text, bold) in lines {
        out.push(Block::Paragraph(Paragraph { text, bold, prov: prov.clone() }));
    }
}

/// The annex number a sheet name gives (`PL02` → `2`, `Phu luc II` → `II`).
pub(crate) fn annex_number(sheet_name: &str) -> Option<String> {
    let folded = fold(sheet_name);
    let c = ANNEX_NAME.captures(&folded)?;
    c.get(1).map(|m| m.as_str().to_owned()).or_else(|| c.get(2).map(|m| m.as_str().to_uppercase()))
}

/// The table: columns counted from its leftmost cell, spans kept inside its
/// width, one row per worksheet row from the header down (blank ones too, so a
/// row's index leads back to the sheet).
fn table(body: Vec<Row>, numbers: &[u32], titled: bool, page: u32, index: u32) -> Table {
    let left = body.iter().flat_map(|r| &r.cells).map(|c| c.col).min().unwrap_or(0);
    let width = table_width(&body).saturating_sub(left);
    let mut rows: Vec<Row> = Vec::with_capacity(body.len());
    let mut previous: Option<u32> = None;
    for (mut row, &sheet_row) in body.into_iter().zip(numbers) {
        let gap = previous.map_or(0, |p| sheet_row.saturating_sub(p).saturating_sub(1));
        // Blank sheet rows keep their place, so a row index leads back to the
        // sheet; a stray cell far below the table does not get a million of them.
        for _ in 0..gap.min(MAX_BLANK_RUN) {
            rows.push(Row::default());
        }
        previous = Some(sheet_row);
        row.cells.iter_mut().for_each(|c| shift(c, left, width));
        rows.push(row);
    }
    for (i, row) in rows.iter_mut().enumerate() {
        row.prov = Provenance::page(page).in_table(index, u32::try_from(i).unwrap_or(u32::MAX));
    }
    let header_rows = count_header_rows(&rows, titled);
    Table { index, header_rows, rows, prov: Provenance { table: Some(index), ..Provenance::page(page) } }
}

/// Longest run of blank rows kept inside a table.
const MAX_BLANK_RUN: u32 = 1000;

/// Columns the table's cells start in, and the header row's full extent (a title
/// spanning the last columns); a group row merged further out does not widen it.
fn table_width(body: &[Row]) -> usize {
    let anchors = body.iter().flat_map(|r| &r.cells).map(|c| c.col + 1).max().unwrap_or(0);
    // A damaged merge list can claim thousands of columns; no title spans that far.
    let header = body.first().map_or(0, Row::width).min(anchors + 16);
    anchors.max(header)
}

fn shift(cell: &mut Cell, left: usize, width: usize) {
    cell.col -= left.min(cell.col);
    cell.col_span = cell.col_span.min(width.saturating_sub(cell.col)).max(1);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::open::RawCell;

    fn cell(row: u32, col: u32, text: &str) -> RawCell {
        RawCell { row, col, text: text.to_owned(), bold: false }
    }

    #[test]
    fn annexes_stacked_in_one_sheet_are_split() {
        let sheet = RawSheet {
            name: "Sheet1".into(),
            number: 3,
            cells: vec![
                cell(0, 0, "PHỤ LỤC 2"),
                cell(1, 0, "STT"),
                cell(1, 1, "Nhiệm vụ"),
                cell(2, 0, "1"),
                cell(2, 1, "Rà soát"),
                cell(3, 0, "STT"),
                cell(3, 1, "Nhiệm vụ"),
                cell(4, 0, "2"),
                cell(4, 1, "Công khai"),
                cell(6, 0, "PHỤ LỤC 3"),
                cell(7, 0, "Của UBND cấp huyện"),
                cell(8, 0, "TT"),
                cell(8, 1, "Nội dung"),
                cell(9, 0, "1"),
                cell(9, 1, "Đối thoại"),
            ],
            merges: vec![],
        };
        let blocks = blocks(vec![sheet]);
        let kinds: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Block::Heading(h) => format!("H {}", h.text),
                Block::Paragraph(p) => format!("P {}", p.text),
                Block::Table(t) => format!("T{} {}x{}", t.index, t.header_rows, t.rows.len()),
                Block::ListItem(_) | Block::PageBreak { .. } => "?".into(),
            })
            .collect();
        // The repeated header under PHỤ LỤC 2 has no title above it: the same table.
        assert_eq!(kinds, ["H PHỤ LỤC 2", "T0 1x4", "H PHỤ LỤC 3", "P Của UBND cấp huyện", "T1 1x2"]);
    }

    #[test]
    fn stray_cells_and_absurd_merges_stay_small() {
        let sheet = RawSheet {
            name: "PL1".into(),
            number: 1,
            cells: vec![cell(0, 0, "STT"), cell(0, 1, "Nội dung"), cell(1, 0, "1"), cell(1_000_000, 0, "x")],
            merges: vec![Merge { top: 0, left: 1, bottom: u32::MAX, right: u32::MAX }],
        };
        let blocks = blocks(vec![sheet]);
        let Some(Block::Table(t)) = blocks.get(1) else { panic!("{blocks:?}") };
        assert_eq!(t.rows.len(), 2 + 1000 + 1);
        assert!(t.width() <= 2 + 16, "{}", t.width());
    }

    #[test]
    fn sheet_names_that_look_like_annexes() {
        assert_eq!(annex_number("PL2").as_deref(), Some("2"));
        assert_eq!(annex_number("PL 02").as_deref(), Some("2"));
        assert_eq!(annex_number("Phụ lục 3").as_deref(), Some("3"));
        assert_eq!(annex_number("Phu luc so 4").as_deref(), Some("4"));
        assert_eq!(annex_number("PHỤ LỤC II").as_deref(), Some("II"));
        assert_eq!(annex_number("Phuluc1-PCI").as_deref(), Some("1"));
        assert_eq!(annex_number("Sheet1"), None);
        assert_eq!(annex_number("Plan"), None);
    }

    #[test]
    fn title_header_body_and_merges() {
        let sheet = RawSheet {
            name: "PL2".into(),
            number: 1,
            cells: vec![
                cell(0, 1, "NHIỆM VỤ CỦA CÁC SỞ"),
                cell(2, 1, "STT"),
                cell(2, 2, "NHIỆM VỤ"),
                cell(2, 3, "PHÂN CÔNG"),
                cell(3, 3, "CHỦ TRÌ"),
                cell(3, 4, "PHỐI HỢP"),
                cell(4, 1, "I"),
                cell(4, 2, "NHÓM CHUNG"),
                cell(6, 1, "1"),
                cell(6, 2, "Rà soát"),
                cell(6, 3, "Sở Nội vụ"),
                cell(6, 4, "hidden"),
            ],
            merges: vec![
                Merge { top: 0, left: 1, bottom: 0, right: 4 },
                Merge { top: 2, left: 1, bottom: 3, right: 1 },
                Merge { top: 2, left: 2, bottom: 3, right: 2 },
                Merge { top: 2, left: 3, bottom: 2, right: 4 },
                Merge { top: 4, left: 2, bottom: 4, right: 20 },
                Merge { top: 6, left: 3, bottom: 6, right: 4 },
            ],
        };
        let blocks = blocks(vec![sheet]);
        let [Block::Heading(h), Block::Paragraph(p), Block::Table(t)] = &blocks[..] else {
            panic!("{blocks:?}");
        };
        assert_eq!(h.text, "Phụ lục 2");
        assert_eq!(p.text, "NHIỆM VỤ CỦA CÁC SỞ");
        assert_eq!((t.header_rows, t.rows.len(), t.width()), (2, 5, 4));
        let group = &t.rows[2].cells[1];
        assert_eq!((group.col, group.col_span), (1, 3));
        assert!(t.rows[3].is_blank());
        assert_eq!(t.rows[4].cells.len(), 3);
        assert_eq!(t.rows[4].cells[2].col_span, 2);
        assert_eq!(t.rows[4].prov.row, Some(4));
        assert_eq!(t.rows[0].cells[0].row_span, 2);
    }
}
