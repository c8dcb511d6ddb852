use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a record came from. Unknown parts are `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// 1-based page, for paged sources.
    pub page: Option<u32>,
    /// 1-based line, for text sources.
    pub line: Option<u32>,
    /// 0-based table index in the document.
    pub table: Option<u32>,
    /// 0-based row index in the table.
    pub row: Option<u32>,
    /// `[x0, y0, x1, y1]` in PDF points, top-left origin.
    pub bbox: Option<[f64; 4]>,
}

impl Provenance {
    pub fn line(line: u32) -> Self {
        Self { line: Some(line), ..Self::default() }
    }

    pub fn page(page: u32) -> Self {
        Self { page: Some(page), ..Self::default() }
    }

    /// This provenance narrowed to one row of one table.
    pub fn in_table(&self, table: u32, row: u32) -> Self {
        Self { table: Some(table), row: Some(row), ..self.clone() }
    }
}
