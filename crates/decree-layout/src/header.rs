//! Which leading rows of a table are its header, for readers whose source does
//! not mark them (a text dump, a Word table without repeated header rows).

use crate::Row;
use decree_norm::fold;

/// Header rows: the first row when it names columns (its first cell is `STT`,
/// `TT`, `Số TT` or `Số thứ tự`), then following rows whose first cell is empty and
/// whose other cells are short column titles (`CHỦ TRÌ`, `Điểm`, `Vị trí`,
/// `Bộ phận phối hợp`).
pub fn count_header_rows(rows: &[Row]) -> usize {
    let Some(first) = rows.first() else { return 0 };
    if !is_stt(first.text_at(0)) {
        return 0;
    }
    1 + rows.iter().skip(1).take_while(|r| is_subheader_row(r)).count()
}

/// Whether a cell names the row-number column.
pub fn is_stt(text: &str) -> bool {
    matches!(fold(text).as_str(), "stt" | "tt" | "so tt" | "so thu tu")
}

/// A row under the header's first row: empty first cell, and only short
/// capitalised titles (`CHỦ TRÌ`, `Điểm`) in the others.
pub fn is_subheader_row(row: &Row) -> bool {
    let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).filter(|t| !t.is_empty()).collect();
    row.text_at(0).is_empty()
        && !cells.is_empty()
        && cells.iter().all(|t| t.split_whitespace().count() <= 5 && starts_upper(t))
}

fn starts_upper(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cell;

    fn row(cells: &[&str]) -> Row {
        Row { cells: cells.iter().enumerate().map(|(i, t)| Cell::new(i, *t)).collect(), ..Row::default() }
    }

    #[test]
    fn title_row_and_sub_titles_are_the_header() {
        let rows = [
            row(&["STT", "NHIỆM VỤ", "PHÂN CÔNG", ""]),
            row(&["", "", "CHỦ TRÌ", "PHỐI HỢP"]),
            row(&["1", "Làm A", "Sở X", "Sở Y"]),
        ];
        assert_eq!(count_header_rows(&rows), 2);
        assert_eq!(count_header_rows(&rows[2..]), 0);
        assert_eq!(count_header_rows(&[]), 0);
    }
}
