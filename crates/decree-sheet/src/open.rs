//! Opens a workbook with calamine and collects each sheet's cells as text, with
//! its merged regions.

use crate::merge::Merge;
use crate::value::{text_of, text_of_ref, CellStyle};
use crate::{ods, xls_styles, SheetError};
use calamine::{Data, Ods, OdsError, Range, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsx, XlsxError};
use decree_model::Format;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// One non-empty cell, at its absolute worksheet position (0-based).
#[derive(Debug, Clone)]
pub(crate) struct RawCell {
    pub row: u32,
    pub col: u32,
    pub text: String,
    pub bold: bool,
}

/// A sheet's content: cells in row-major order.
#[derive(Debug, Clone)]
pub(crate) struct RawSheet {
    pub name: String,
    /// 1-based position among all the workbook's sheets.
    pub number: u32,
    pub cells: Vec<RawCell>,
    pub merges: Vec<Merge>,
}

/// The sheets read, and how many the workbook has (hidden ones included).
pub(crate) struct Workbook {
    pub sheets: Vec<RawSheet>,
    pub count: u32,
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Which calamine reader the bytes need.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Xlsx,
    Xls,
    Ods,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Xlsx => ".xlsx",
            Kind::Xls => ".xls",
            Kind::Ods => ".ods",
        }
    }
}

pub(crate) fn read_sheets(bytes: &[u8], format: Format) -> Result<Workbook, SheetError> {
    let kind = sniff(bytes, format)?;
    // calamine is a parser of untrusted binary input; a panic deep inside it on a
    // damaged file must become this file's error, not the batch's end.
    let result = catch_unwind(AssertUnwindSafe(|| match kind {
        Kind::Xlsx => read_xlsx(bytes),
        Kind::Xls => read_xls(bytes),
        Kind::Ods => read_ods(bytes),
    }));
    result.unwrap_or_else(|panic| {
        Err(SheetError::Panic { format: kind.name(), detail: decree_layout::panic_message(panic.as_ref()) })
    })
}

/// The reader from the file's magic bytes; the claimed format only chooses
/// between the two zipped forms. Web pages saved as `.xls` are common in exports
/// from government systems and get their own message.
fn sniff(bytes: &[u8], format: Format) -> Result<Kind, SheetError> {
    if bytes.starts_with(&CFB_MAGIC) {
        return Ok(Kind::Xls);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(if format == Format::Ods || is_ods_zip(bytes) { Kind::Ods } else { Kind::Xlsx });
    }
    let head = String::from_utf8_lossy(bytes.get(..512).unwrap_or(bytes)).to_ascii_lowercase();
    let found = if bytes.is_empty() {
        "is empty"
    } else if head.contains("<html") || head.contains("<table") || head.contains("<!doctype") {
        "is a web page (HTML) saved with a spreadsheet extension"
    } else if head.contains("<?xml") {
        "is XML, not an .xlsx, .xls or .ods workbook"
    } else {
        "has neither the .xls (OLE) nor the .xlsx/.ods (zip) signature"
    };
    Err(SheetError::NotAWorkbook { found })
}

/// An OpenDocument zip starts with its stored `mimetype` entry.
fn is_ods_zip(bytes: &[u8]) -> bool {
    let head = bytes.get(30..100).unwrap_or(&[]);
    head.starts_with(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet")
}

fn read_xlsx(bytes: &[u8]) -> Result<Workbook, SheetError> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let metas = wb.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for (number, meta) in numbered(&metas) {
        let fail = |e: XlsxError| sheet_error(number, &meta.name, &e);
        let cells = xlsx_cells(&mut wb, &meta.name).map_err(fail)?;
        let merges = wb.merge_cells_by_sheet_name(&meta.name).map_err(fail)?;
        sheets.push(RawSheet {
            name: meta.name.clone(),
            number,
            cells,
            merges: merges.iter().map(Merge::from).collect(),
        });
    }
    Ok(Workbook { sheets, count: count(&metas) })
}

/// Values and styles of a sheet in one pass over its XML (calamine's cell
/// reader), each style of the workbook's palette read once.
fn xlsx_cells(wb: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Vec<RawCell>, XlsxError> {
    let mut reader = wb.worksheet_cells_reader(name)?;
    let styles: Vec<CellStyle> = reader.styles().iter().map(|s| CellStyle::of_xlsx(Some(s))).collect();
    let plain = CellStyle::default();
    let mut out = Vec::new();
    while let Some((cell, style_id)) = reader.next_cell_with_style_id()? {
        let style = styles.get(style_id).unwrap_or(&plain);
        let (row, col) = cell.get_position();
        if let Some(text) = text_of_ref(cell.get_value(), style) {
            out.push(RawCell { row, col, text, bold: style.bold });
        }
    }
    Ok(out)
}

fn read_xls(bytes: &[u8]) -> Result<Workbook, SheetError> {
    let mut wb = match Xls::new(Cursor::new(bytes)) {
        Ok(wb) => wb,
        // An encrypted .xlsx is an OLE file too; calamine's .xlsx reader tells.
        Err(e) => match Xlsx::new(Cursor::new(bytes)) {
            Err(XlsxError::Password) => return Err(SheetError::Encrypted),
            _ => return Err(xls_error(e)),
        },
    };
    let styles = xls_styles::read(bytes);
    let metas = wb.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for (number, meta) in numbered(&metas) {
        let fail = |e: XlsError| sheet_error(number, &meta.name, &e);
        let range = wb.worksheet_range(&meta.name).map_err(fail)?;
        let merges = wb.merge_cells_by_sheet_name(&meta.name).map_err(fail)?;
        let sheet_styles = styles.get(&meta.name);
        let style_at = |pos| sheet_styles.and_then(|s| s.get(&pos)).cloned().unwrap_or_default();
        sheets.push(RawSheet {
            name: meta.name.clone(),
            number,
            cells: cells(&range, style_at),
            merges: merges.iter().map(Merge::from).collect(),
        });
    }
    Ok(Workbook { sheets, count: count(&metas) })
}

fn read_ods(bytes: &[u8]) -> Result<Workbook, SheetError> {
    let mut wb = Ods::new(Cursor::new(bytes)).map_err(ods_error)?;
    let extras = ods::read_extras(bytes).map_err(|detail| SheetError::Corrupt { format: ".ods", detail })?;
    let metas = wb.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for (number, meta) in numbered(&metas) {
        let fail = |e: OdsError| sheet_error(number, &meta.name, &e);
        let range = wb.worksheet_range(&meta.name).map_err(fail)?;
        let extra = extras.get(&meta.name);
        let percent = |pos: (u32, u32)| extra.is_some_and(|x| x.percent.contains(&pos));
        sheets.push(RawSheet {
            name: meta.name.clone(),
            number,
            cells: cells(&range, |pos| CellStyle { percent: percent(pos), ..CellStyle::default() }),
            merges: extra.map(|x| x.merges.clone()).unwrap_or_default(),
        });
    }
    Ok(Workbook { sheets, count: count(&metas) })
}

/// The worksheets a reader sees, with their 1-based positions in the workbook.
fn numbered(metas: &[calamine::Sheet]) -> impl Iterator<Item = (u32, &calamine::Sheet)> {
    metas
        .iter()
        .enumerate()
        .map(|(i, m)| (u32::try_from(i + 1).unwrap_or(u32::MAX), m))
        .filter(|(_, m)| m.typ == SheetType::WorkSheet && m.visible == SheetVisible::Visible)
}

fn count(metas: &[calamine::Sheet]) -> u32 {
    u32::try_from(metas.len()).unwrap_or(u32::MAX)
}

/// The range's non-empty cells as text, row by row.
fn cells(range: &Range<Data>, style_at: impl Fn((u32, u32)) -> CellStyle) -> Vec<RawCell> {
    let Some((top, left)) = range.start() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (r, c, data) in range.used_cells() {
        let row = top.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
        let col = left.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
        let style = style_at((row, col));
        if let Some(text) = text_of(data, &style) {
            out.push(RawCell { row, col, text, bold: style.bold });
        }
    }
    out
}

fn sheet_error(number: u32, name: &str, e: &dyn std::fmt::Display) -> SheetError {
    SheetError::Sheet { number, name: name.to_owned(), detail: e.to_string() }
}

fn xlsx_error(e: XlsxError) -> SheetError {
    match e {
        XlsxError::Password => SheetError::Encrypted,
        other => SheetError::Corrupt { format: ".xlsx", detail: other.to_string() },
    }
}

fn xls_error(e: XlsError) -> SheetError {
    match e {
        XlsError::Password => SheetError::Encrypted,
        other => SheetError::Corrupt { format: ".xls", detail: other.to_string() },
    }
}

fn ods_error(e: OdsError) -> SheetError {
    match e {
        OdsError::Password => SheetError::Encrypted,
        other => SheetError::Corrupt { format: ".ods", detail: other.to_string() },
    }
}
