//! The workbook people open: one `.xlsx` per batch with a sheet per record kind
//! (documents, indicators, targets, tasks, findings), Vietnamese column titles,
//! the header frozen with filters on, long text wrapped, dates as Excel dates,
//! numbers as numbers and each row linked to its source file.
//!
//! Every text is written as a string cell, never a formula; text that a
//! spreadsheet would run as one (`=`, `+`, `-`, `@` first) also gets Excel's
//! quote prefix, so editing the cell keeps it text.

pub mod vocab;

use decree_model::{Deadline, Finding, Indicator, Measure, Provenance, Records, Target, Task};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatPattern, Url, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use vocab::Column;

/// Excel keeps at most this many hyperlinks in a sheet; later rows name their
/// source as text rather than make a file Excel must repair.
const MAX_LINKS: u32 = 65_530;
/// Excel's longest cell text, in characters; longer text is cut with a mark
/// (the JSON output keeps it whole).
const MAX_TEXT: usize = 32_767;
/// Excel's last row (0-based), the header being row 0.
const MAX_ROW: u32 = 1_048_575;

#[derive(Debug, thiserror::Error)]
pub enum XlsxSinkError {
    #[error("cannot write the workbook {path}: {source}")]
    Write { path: PathBuf, source: XlsxError },
    #[error("the sheet {sheet} is full at Excel's {MAX_ROW} rows; split the batch into several workbooks")]
    Full { sheet: &'static str },
    #[error("cannot build the sheet {sheet}: {source}")]
    Sheet { sheet: &'static str, source: XlsxError },
}

/// One value of a row.
enum Cell {
    Empty,
    Text(String),
    Num(f64),
    Date(ExcelDateTime),
    /// The record's source file: a link, with the file name shown.
    Source,
}

/// Cell formats shared by every sheet.
struct Styles {
    header: Format,
    plain: Format,
    wrap: Format,
    plain_quoted: Format,
    wrap_quoted: Format,
    number: Format,
    date: Format,
    link: Format,
}

impl Styles {
    fn new() -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color("#DCE6F1")
                .set_pattern(FormatPattern::Solid)
                .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin),
            plain: top.clone(),
            wrap: top.clone().set_text_wrap(),
            plain_quoted: top.clone().set_quote_prefix(),
            wrap_quoted: top.clone().set_text_wrap().set_quote_prefix(),
            number: top.clone(),
            date: top.clone().set_num_format("dd/mm/yyyy"),
            link: top.set_font_color("#0563C1").set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }
}

struct Sheet {
    name: &'static str,
    columns: Vec<Column>,
    worksheet: Worksheet,
    rows: u32,
    links: u32,
}

impl Sheet {
    fn new(name: &'static str, columns: Vec<Column>, styles: &Styles) -> Result<Self, XlsxSinkError> {
        let err = |source| XlsxSinkError::Sheet { sheet: name, source };
        let mut worksheet = Worksheet::new();
        worksheet.set_name(name).map_err(err)?;
        for (i, c) in (0u16..).zip(&columns) {
            worksheet.set_column_width(i, c.width).map_err(err)?;
            worksheet.write_string_with_format(0, i, c.title, &styles.header).map_err(err)?;
        }
        worksheet.set_freeze_panes(1, 0).map_err(err)?;
        Ok(Sheet { name, columns, worksheet, rows: 0, links: 0 })
    }

    fn push(&mut self, cells: Vec<Cell>, source: &SourceLink, styles: &Styles) -> Result<(), XlsxSinkError> {
        if self.rows >= MAX_ROW {
            return Err(XlsxSinkError::Full { sheet: self.name });
        }
        self.rows += 1;
        let row = self.rows;
        let sheet = self.name;
        let err = |source| XlsxSinkError::Sheet { sheet, source };
        for (col, (cell, column)) in (0u16..).zip(cells.into_iter().zip(&self.columns)) {
            let ws = &mut self.worksheet;
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => {
                    write_text(ws, row, col, &text, column.wrap, styles).map_err(err)?;
                }
                Cell::Num(n) => {
                    ws.write_number_with_format(row, col, n, &styles.number).map_err(err)?;
                }
                Cell::Date(d) => {
                    ws.write_datetime_with_format(row, col, &d, &styles.date).map_err(err)?;
                }
                Cell::Source => {
                    let linked = self.links < MAX_LINKS
                        && source.url.as_ref().is_some_and(|url| {
                            let link = Url::new(url.as_str()).set_text(source.name.as_str());
                            ws.write_url_with_format(row, col, link, &styles.link).is_ok()
                        });
                    if linked {
                        self.links += 1;
                    } else {
                        write_text(ws, row, col, &source.path, false, styles).map_err(err)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(Worksheet, usize), XlsxSinkError> {
        let sheet = self.name;
        let last_col = u16::try_from(self.columns.len().saturating_sub(1)).unwrap_or(0);
        self.worksheet
            .autofilter(0, 0, self.rows, last_col)
            .map_err(|source| XlsxSinkError::Sheet { sheet, source })?;
        Ok((self.worksheet, self.rows as usize))
    }
}

/// Writes text as a string cell: cut to Excel's limit, quote-prefixed when it
/// would read as a formula.
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    wrap: bool,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let formula_like = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let format = match (wrap, formula_like) {
        (false, false) => &styles.plain,
        (true, false) => &styles.wrap,
        (false, true) => &styles.plain_quoted,
        (true, true) => &styles.wrap_quoted,
    };
    if text.chars().count() <= MAX_TEXT {
        ws.write_string_with_format(row, col, text, format)?;
    } else {
        let mut cut: String = text.chars().take(MAX_TEXT - 1).collect();
        cut.push('…');
        ws.write_string_with_format(row, col, cut, format)?;
    }
    Ok(())
}

/// A document's source as its rows link to it.
struct SourceLink {
    path: String,
    name: String,
    /// A `file:` link relative to the workbook, so the two can move together;
    /// none for a name with `#`, which a link would cut into path and anchor.
    url: Option<String>,
}

impl SourceLink {
    fn new(source: &str, workbook_dir: &Path) -> Self {
        let path = Path::new(source);
        let name = path.file_name().map_or_else(|| source.to_owned(), |n| n.to_string_lossy().into_owned());
        let url = std::path::absolute(path)
            .ok()
            .filter(|_| !source.contains('#'))
            .and_then(|abs| pathdiff::diff_paths(abs, workbook_dir))
            .map(|rel| format!("file:///{}", rel.to_string_lossy().replace('\\', "/")));
        SourceLink { path: source.to_owned(), name, url }
    }
}

/// Writes records, document by document, into one workbook saved by
/// [`XlsxSink::finish`] (atomically: the file appears complete or not at all).
pub struct XlsxSink {
    path: PathBuf,
    dir: PathBuf,
    styles: Styles,
    documents: Sheet,
    indicators: Sheet,
    targets: Sheet,
    tasks: Sheet,
    findings: Sheet,
}

impl XlsxSink {
    pub fn create(path: &Path) -> Result<Self, XlsxSinkError> {
        let styles = Styles::new();
        let with_where = |cols: &[Column]| cols.iter().chain(&vocab::WHERE).copied().collect::<Vec<_>>();
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let dir = absolute.parent().map_or_else(PathBuf::new, Path::to_owned);
        Ok(XlsxSink {
            path: path.to_owned(),
            dir,
            documents: Sheet::new(vocab::DOCUMENTS_SHEET, vocab::DOCUMENTS.to_vec(), &styles)?,
            indicators: Sheet::new(vocab::INDICATORS_SHEET, with_where(&vocab::INDICATORS), &styles)?,
            targets: Sheet::new(vocab::TARGETS_SHEET, with_where(&vocab::TARGETS), &styles)?,
            tasks: Sheet::new(vocab::TASKS_SHEET, with_where(&vocab::TASKS), &styles)?,
            findings: Sheet::new(vocab::FINDINGS_SHEET, with_where(&vocab::FINDINGS), &styles)?,
            styles,
        })
    }

    /// Adds one document's records.
    pub fn push(&mut self, records: &Records) -> Result<(), XlsxSinkError> {
        let source = SourceLink::new(&records.document.source.path, &self.dir);
        let label = document_label(records);
        self.documents.push(document_row(records), &source, &self.styles)?;
        for i in &records.indicators {
            self.indicators.push(indicator_row(&label, i), &source, &self.styles)?;
        }
        let names: HashMap<&str, &Indicator> = records.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
        for t in &records.targets {
            self.targets.push(
                target_row(&label, t, names.get(t.indicator.as_str()).copied()),
                &source,
                &self.styles,
            )?;
        }
        for t in &records.tasks {
            self.tasks.push(task_row(&label, t), &source, &self.styles)?;
        }
        for f in &records.findings {
            self.findings.push(finding_row(&label, f), &source, &self.styles)?;
        }
        Ok(())
    }

    /// Saves the workbook; returns the data rows of each sheet.
    pub fn finish(self) -> Result<Vec<(&'static str, usize)>, XlsxSinkError> {
        let mut workbook = Workbook::new();
        let mut rows = Vec::new();
        for sheet in [self.documents, self.indicators, self.targets, self.tasks, self.findings] {
            let name = sheet.name;
            let (worksheet, n) = sheet.finish()?;
            workbook.push_worksheet(worksheet);
            rows.push((name, n));
        }
        let err = |source| XlsxSinkError::Write { path: self.path.clone(), source };
        let bytes = workbook.save_to_buffer().map_err(err)?;
        let tmp = self.path.with_extension("xlsx.tmp");
        let io = |e: std::io::Error| err(XlsxError::IoError(e));
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, &self.path)).map_err(io)?;
        Ok(rows)
    }
}

/// How a document's rows name it: its number, else its file name.
fn document_label(records: &Records) -> String {
    let doc = &records.document;
    doc.number.clone().unwrap_or_else(|| {
        Path::new(&doc.source.path).file_name().map_or_else(|| doc.source.path.clone(), |n| n.to_string_lossy().into())
    })
}

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}

fn opt_text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, text)
}

fn num<N: Into<f64>>(n: Option<N>) -> Cell {
    n.map_or(Cell::Empty, |n| Cell::Num(n.into()))
}

/// A full ISO date as an Excel date; a year or month alone stays text.
fn date(iso: Option<&str>) -> Cell {
    let Some(iso) = iso else { return Cell::Empty };
    let parts: Vec<&str> = iso.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
            if let Ok(date) = ExcelDateTime::from_ymd(y, m, d) {
                return Cell::Date(date);
            }
        }
    }
    text(iso)
}

fn where_cells(p: &Provenance) -> [Cell; 5] {
    [num(p.page), num(p.line), num(p.table), num(p.row), Cell::Source]
}

fn document_row(records: &Records) -> Vec<Cell> {
    let d = &records.document;
    let doc_type = d.doc_type_vi.as_deref().or(d.doc_type.map(vocab::doc_type));
    vec![
        opt_text(d.number.as_deref()),
        opt_text(doc_type),
        opt_text(d.issuer.as_deref()),
        opt_text(d.locality.as_ref().map(|l| l.name.as_str())),
        opt_text(d.locality.as_ref().map(|l| vocab::level(l.level))),
        opt_text(d.place.as_deref()),
        date(d.issued_on.as_deref()),
        opt_text(d.title.as_deref()),
        num(d.period.as_ref().and_then(|p| p.from)),
        num(d.period.as_ref().and_then(|p| p.to)),
        text(&vocab::indices(&d.indices)),
        opt_text(d.signer.as_ref().and_then(|s| s.name.as_deref())),
        opt_text(d.signer.as_ref().and_then(|s| s.position.as_deref())),
        text(vocab::format(d.source.format)),
        num(d.source.pages),
        Cell::Source,
    ]
}

fn indicator_row(label: &str, i: &Indicator) -> Vec<Cell> {
    let mut row = vec![
        text(label),
        text(i.index.as_str()),
        text(&i.code),
        text(&i.name),
        opt_text(i.parent.as_deref()),
        num(i.max),
        opt_text(i.catalog.as_deref()),
    ];
    row.extend(where_cells(&Provenance::default()));
    row
}

fn measure_cells(m: Option<&Measure>) -> [Cell; 4] {
    match m {
        Some(m) => [num(m.year), num(m.value), num(m.rank), text(&m.raw)],
        None => [Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty],
    }
}

fn target_row(label: &str, t: &Target, indicator: Option<&Indicator>) -> Vec<Cell> {
    let max = t.target.as_ref().and_then(|m| m.max).or(indicator.and_then(|i| i.max));
    let unit = t.target.as_ref().and_then(|m| m.unit).or(t.baseline.as_ref().and_then(|m| m.unit));
    let mut row = vec![text(label), text(&t.indicator), opt_text(indicator.map(|i| i.name.as_str()))];
    row.extend(measure_cells(t.baseline.as_ref()));
    row.extend(measure_cells(t.target.as_ref()));
    row.extend([num(max), opt_text(t.direction.map(vocab::direction)), opt_text(unit.map(vocab::unit))]);
    row.extend(where_cells(&t.provenance));
    row
}

fn deadline_cells(d: &Deadline) -> [Cell; 4] {
    [
        opt_text(d.raw.as_deref()),
        date(d.from.as_deref()),
        date(d.to.as_deref()),
        text(vocab::deadline_kind(d.kind, d.every)),
    ]
}

fn task_row(label: &str, t: &Task) -> Vec<Cell> {
    let mut row = vec![
        text(label),
        opt_text(t.code.as_deref()),
        text(&t.path.join(" › ")),
        text(&t.text),
        opt_text(t.result.as_deref()),
        text(&t.lead.join("; ")),
        text(&t.support.join("; ")),
        text(&t.monitor.join("; ")),
    ];
    row.extend(deadline_cells(&t.deadline));
    row.extend([text(vocab::task_kind(t.kind)), opt_text(t.index.map(|i| i.as_str()))]);
    row.extend(where_cells(&t.provenance));
    row
}

fn finding_row(label: &str, f: &Finding) -> Vec<Cell> {
    let mut row = vec![
        text(label),
        text(&f.rule),
        text(vocab::severity(f.severity)),
        text(&f.message),
        num(f.expected),
        num(f.actual),
        text(&f.subjects.join(", ")),
    ];
    row.extend(where_cells(&f.provenance));
    row
}

#[cfg(test)]
mod tests;
