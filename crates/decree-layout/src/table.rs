use decree_model::Provenance;
use serde::{Deserialize, Serialize};

/// A table: rows of cells on a grid, with spans.
///
/// A table that a page break cut into pieces is one `Table` here; the rows that
/// follow a break have `after_break` set, so extraction can rejoin a row that the
/// break split in two.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Table {
    /// 0-based index of the table in the document.
    pub index: u32,
    /// How many of the first rows are header rows.
    pub header_rows: usize,
    pub rows: Vec<Row>,
    pub prov: Provenance,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// True for the first body row after a page break (the row may continue the
    /// previous one).
    pub after_break: bool,
    pub prov: Provenance,
}

/// One cell. `col` is the grid column where it starts; merged cells carry spans,
/// and a cell covered by a vertical merge is not repeated. `text` is NFC with
/// whitespace collapsed inside each paragraph; a cell holding several paragraphs
/// joins them with `\n` (consumers that want one line fold it to a space).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cell {
    pub text: String,
    pub col: usize,
    #[serde(default = "one")]
    pub col_span: usize,
    #[serde(default = "one")]
    pub row_span: usize,
    #[serde(default)]
    pub bold: bool,
}

/// Serde's default span, so a hand-written layout fixture need not spell it.
fn one() -> usize {
    1
}

impl Cell {
    pub fn new(col: usize, text: impl Into<String>) -> Self {
        Self { text: text.into(), col, col_span: 1, row_span: 1, bold: false }
    }
}

impl Row {
    /// Text of the cell that starts at or covers grid column `col`, or "".
    pub fn text_at(&self, col: usize) -> &str {
        self.cells.iter().find(|c| c.col <= col && col < c.col + c.col_span.max(1)).map_or("", |c| c.text.as_str())
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.text.trim().is_empty())
    }

    /// Number of grid columns the row covers.
    pub fn width(&self) -> usize {
        self.cells.iter().map(|c| c.col + c.col_span.max(1)).max().unwrap_or(0)
    }
}

impl Table {
    pub fn header(&self) -> &[Row] {
        &self.rows[..self.header_rows.min(self.rows.len())]
    }

    pub fn body(&self) -> &[Row] {
        &self.rows[self.header_rows.min(self.rows.len())..]
    }

    /// Grid width: the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Row::width).max().unwrap_or(0)
    }
}
