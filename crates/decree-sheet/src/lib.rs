//! Reads spreadsheet annexes (`.xlsx`, `.xls`, `.ods`) into the shared [`Layout`].
//!
//! Annex tables often arrive as workbooks, one annex per sheet. Every visible
//! worksheet becomes, in order:
//!
//! 1. a [`Block::Heading`] (level 1) naming the sheet: the title row that starts
//!    `Phụ lục N` when there is one; else `Phụ lục N` made from an annex-like sheet
//!    name (`PL2`, `Phu luc 2`, `Phụ lục số 02`); else the first title row; else the
//!    sheet name;
//! 2. one [`Block::Paragraph`] per further title line (the rows above the table,
//!    each line of a multi-line title cell apart), since extraction reads an
//!    annex's title (`THUỘC TRÁCH NHIỆM ... CỦA SỞ NỘI VỤ`) from the paragraphs that
//!    follow its heading;
//! 3. one [`Block::Table`] from the header row (`STT`/`TT`) to the last used row,
//!    with the header rows counted (vertical merges in the header row, else the
//!    sub-title rule of the text reader, plus a column-numbering row `(1) (2) ...`);
//! 4. a [`Block::PageBreak`] before the next sheet.
//!
//! Annexes stacked in one sheet (a further `STT` header right under title rows of
//! one cell each) are split into their own heading, title and table, on the same
//! page; a header repeated with no title above it stays inside its table.
//!
//! Cells: merged regions become `col_span`/`row_span` on the top-left cell and the
//! covered cells are left out (from calamine's merge lists for `.xlsx` and `.xls`;
//! from `table:number-columns-spanned`/`number-rows-spanned` in `content.xml` for
//! `.ods`, where calamine reports none). Values are typed, not display strings:
//! see [`value`] for numbers, percentages and dates. Text is NFC with whitespace
//! collapsed; a line break inside a cell is kept as `\n` unless the next line
//! starts in lower case (a wrap inside a sentence, joined with a space).
//!
//! Provenance: `page` is the 1-based position of the sheet in the workbook (hidden
//! sheets count, so the number finds the sheet's tab), `table` the 0-based table
//! index in the document, `row` the 0-based row of that table. The table's rows are
//! the sheet's rows from the header row down, blank rows included, so table row
//! `r` is worksheet row `header + r` (up to a run of over 1,000 blank rows, which
//! is cut to 1,000). [`Layout::pages`] is the number of sheets.
//!
//! Number formats (percent, decimals printed, date precision, literal units such
//! as `0" ngày"`) and bold come from calamine's styles for `.xlsx`, and from the
//! BIFF8 FONT/FORMAT/XF records for `.xls`, which calamine does not expose
//! (`xls_styles.rs`). Limitation: for `.ods` only percentages are recognised (by
//! their value type); numbers print in their shortest form without the format's
//! unit text, dates as `dd/mm/yyyy`, and bold is not read.
//!
//! Formulas give their cached value; a formula saved without one reads as empty.
//! Hidden sheets and chart sheets are skipped. A panic inside calamine on a
//! damaged file is caught and reported as [`SheetError::Panic`]; Rust's default
//! panic hook still prints it to stderr.

use decree_layout::{sniff, Block, Layout, ReadError, Reader, Warned};
use decree_model::Format;

mod build;
mod header;
mod merge;
mod ods;
mod open;
mod text;
pub mod value;
mod xls_styles;

/// Reader for `.xlsx`, `.xls` and `.ods` workbooks.
pub struct SheetReader;

impl Reader for SheetReader {
    fn name(&self) -> &'static str {
        "sheet"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Xlsx, Format::Xls, Format::Ods]
    }

    /// A zip holding `xl/` parts is `.xlsx`, one whose mimetype is an
    /// OpenDocument spreadsheet is `.ods`; a compound file with a `Workbook`
    /// (or Excel 5 `Book`) stream is `.xls`; an encrypted Office file named as
    /// a workbook is a workbook (to be refused as encrypted).
    fn sniff(&self, bytes: &[u8], ext: &str) -> Option<Format> {
        if sniff::is_zip(bytes) {
            if sniff::contains(bytes, b"application/vnd.oasis.opendocument.spreadsheet") {
                return Some(Format::Ods);
            }
            return sniff::contains(bytes, b"xl/").then_some(Format::Xlsx);
        }
        if sniff::is_compound(bytes) {
            if sniff::has_stream(bytes, "Workbook") || sniff::has_stream(bytes, "Book") {
                return Some(Format::Xls);
            }
            if sniff::is_encrypted_ooxml(bytes) && matches!(ext, "xlsx" | "xls" | "xlsm" | "ods") {
                return Some(Format::Xlsx);
            }
        }
        None
    }

    fn read(&self, bytes: &[u8], format: Format) -> Result<Warned<Layout>, ReadError> {
        read_workbook(bytes, format).map(Warned::clean).map_err(ReadError::from)
    }
}

/// Why a workbook could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("the workbook is password-protected (encrypted); save a copy without a password and convert that")]
    Encrypted,
    #[error("not a spreadsheet: the file {found}")]
    NotAWorkbook { found: &'static str },
    #[error("corrupt or unreadable {format} workbook: {detail}")]
    Corrupt { format: &'static str, detail: String },
    #[error("sheet {number} «{name}» cannot be read: {detail}")]
    Sheet { number: u32, name: String, detail: String },
    #[error("the workbook has no worksheets to read")]
    NoSheets,
    #[error("the {format} reader failed on this workbook ({detail}); the file is probably corrupt")]
    Panic { format: &'static str, detail: String },
}

impl From<SheetError> for ReadError {
    fn from(e: SheetError) -> Self {
        match e {
            SheetError::Encrypted => ReadError::encrypted(e),
            SheetError::NotAWorkbook { .. } => ReadError::not_this_format(e),
            // A workbook's sheets are its pages.
            SheetError::Sheet { number, .. } => ReadError::damaged(e).at_page(Some(number)),
            SheetError::Corrupt { .. } | SheetError::NoSheets => ReadError::damaged(e),
            SheetError::Panic { format, detail } => {
                ReadError::Internal { message: format!("{format} reader: {detail}") }
            }
        }
    }
}

/// Reads a whole workbook into a layout. `format` is what the file claims to be;
/// the bytes decide between the binary (`.xls`) and zipped (`.xlsx`, `.ods`) forms.
pub fn read_workbook(bytes: &[u8], format: Format) -> Result<Layout, SheetError> {
    let workbook = open::read_sheets(bytes, format)?;
    if workbook.sheets.is_empty() {
        return Err(SheetError::NoSheets);
    }
    let blocks: Vec<Block> = build::blocks(workbook.sheets);
    Ok(Layout { blocks, pages: Some(workbook.count) })
}
