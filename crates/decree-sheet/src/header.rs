//! Where a sheet's table starts and how many of its rows are header rows.
//!
//! The rule mirrors the text reader's (`decree-text/src/tabbed.rs`,
//! `count_header_rows`): the first row names the columns when its first cell is
//! `STT`/`TT`, and following rows with an empty first cell and only short
//! capitalised titles (`CHỦ TRÌ`, `Điểm`) are sub-headers. A sheet knows more than
//! a text dump, so two signals are added: a vertical merge in the first header row
//! (`STT` merged over two rows) gives the header's height outright, and a row
//! numbering the columns (`(1) (2) (3)`, `A B 1 2`) right below belongs to it.

pub(crate) use decree_layout::header::is_stt;
use decree_layout::header::is_subheader_row;
use decree_layout::Row;

/// How many of `rows` are header rows; `titled` says the first row names the
/// columns although it does not start with `STT` (found by [`looks_titled`]).
pub(crate) fn count_header_rows(rows: &[Row], titled: bool) -> usize {
    let Some(first) = rows.first() else { return 0 };
    if !titled && !is_stt(first.text_at(0)) {
        return 0;
    }
    let merged = first.cells.iter().map(|c| c.row_span).max().unwrap_or(1);
    let mut n = if merged > 1 {
        merged.min(rows.len())
    } else {
        1 + rows.iter().skip(1).take_while(|r| is_subheader_row(r)).count()
    };
    if rows.get(n).is_some_and(is_column_numbers) {
        n += 1;
    }
    n
}

/// A row of column titles with no `STT` column: two or more cells, all short
/// capitalised words, none a number.
pub(crate) fn looks_titled(row: &Row) -> bool {
    let texts: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
    texts.len() >= 2
        && texts.iter().all(|t| {
            t.split_whitespace().count() <= 8
                && starts_upper(t)
                && !t.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
}

fn starts_upper(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

/// `1 2 3 4`, `(1) (2) (3)`, `A B 1 2 3=1+2`: consecutive numbers or letters,
/// three or more.
fn is_column_numbers(row: &Row) -> bool {
    let mut last_number: Option<u32> = None;
    let mut last_letter: Option<char> = None;
    let mut count = 0;
    for cell in &row.cells {
        let t = cell.text.trim();
        if t.is_empty() {
            continue;
        }
        let t = t.trim_start_matches(['(', '[']);
        let head: String = t.chars().take_while(char::is_ascii_alphanumeric).collect();
        let rest = t.get(head.len()..).unwrap_or("").trim_start_matches([')', ']']).trim();
        if !(rest.is_empty() || rest.starts_with('=')) {
            return false;
        }
        if let Ok(n) = head.parse::<u32>() {
            if last_number.is_some_and(|p| p + 1 != n) || last_number.is_none() && n > 2 {
                return false;
            }
            last_number = Some(n);
        } else if let [letter] = head.chars().collect::<Vec<_>>()[..] {
            let next = last_letter.map(|p| char::from_u32(p as u32 + 1));
            if !letter.is_ascii_uppercase() || next.is_some_and(|n| n != Some(letter)) {
                return false;
            }
            last_letter = Some(letter);
        } else {
            return false;
        }
        count += 1;
    }
    count >= 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use decree_layout::Cell;

    fn row(cells: &[&str]) -> Row {
        Row {
            cells: cells.iter().enumerate().filter(|(_, t)| !t.is_empty()).map(|(i, t)| Cell::new(i, *t)).collect(),
            ..Row::default()
        }
    }

    #[test]
    fn stt_header_with_subtitles_and_numbers() {
        let rows = [
            row(&["STT", "NHIỆM VỤ", "PHÂN CÔNG", "", "THỜI GIAN"]),
            row(&["", "", "CHỦ TRÌ", "PHỐI HỢP", ""]),
            row(&["(1)", "(2)", "(3)", "(4)", "(5)"]),
            row(&["1", "Rà soát thủ tục", "Sở Nội vụ", "", "Quý III/2023"]),
        ];
        assert_eq!(count_header_rows(&rows, false), 3);
        assert_eq!(count_header_rows(&rows[3..], false), 0);
    }

    #[test]
    fn vertical_merge_sets_the_height() {
        let mut first = row(&["STT", "Nội dung", "Phân công"]);
        first.cells[0].row_span = 2;
        let rows = [first, row(&["", "", "Chủ trì"]), row(&["", "NHÓM NHIỆM VỤ CHUNG"])];
        assert_eq!(count_header_rows(&rows, false), 2);
    }

    #[test]
    fn column_numbers_need_a_sequence() {
        assert!(is_column_numbers(&row(&["A", "B", "1", "2", "3=1+2"])));
        assert!(!is_column_numbers(&row(&["1", "PCI", "65", "70"])));
        assert!(!is_column_numbers(&row(&["1", "2"])));
    }
}
