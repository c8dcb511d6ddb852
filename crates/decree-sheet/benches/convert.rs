//! Full conversion of a large annex workbook: 50 sheets of 2,000 task rows each
//! (100,000 rows), with merged titles, merged two-row headers, merged group rows,
//! shared strings and percent-formatted numbers. The workbook is generated into
//! a temporary directory (never committed) and converted by the `decree`
//! pipeline: read, extract, cross-check, serialise to JSON.
//!
//! `cargo bench -p decree-sheet` (acceptance: under 5 s per conversion).
//! `DECREE_BENCH_WORKBOOK=/tmp/annexes.xlsx` keeps the generated workbook.

use criterion::{criterion_group, criterion_main, Criterion};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

const SHEETS: usize = 50;
const ROWS_PER_SHEET: usize = 2_000;
const COLUMNS: [&str; 6] = ["A", "B", "C", "D", "E", "F"];

fn convert(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    // DECREE_BENCH_WORKBOOK=<path> keeps the workbook there, for profiling.
    let path = std::env::var_os("DECREE_BENCH_WORKBOOK")
        .map_or_else(|| dir.path().join("annexes.xlsx"), std::path::PathBuf::from);
    write_workbook(&path);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let records = decree::convert_bytes(&bytes, &path).unwrap_or_else(|e| panic!("{e}")).output;
    // Group rows are not tasks: 80 per sheet of the 2,000.
    assert_eq!(records.tasks.len(), SHEETS * (ROWS_PER_SHEET - ROWS_PER_SHEET / 25));
    let mut group = c.benchmark_group("workbook");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    group.bench_function("50 sheets x 2000 rows: read, extract, check, json", |b| {
        b.iter(|| {
            let records = decree::convert_bytes(&bytes, &path).unwrap_or_else(|e| panic!("{e}"));
            serde_json::to_vec(&records).unwrap_or_else(|e| panic!("{e}")).len()
        });
    });
    group.finish();
}

criterion_group!(benches, convert);
criterion_main!(benches);

/// Writes the workbook as Excel does: shared strings, a style sheet, one part per sheet.
fn write_workbook(path: &Path) {
    let file = std::fs::File::create(path).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut strings = Strings::default();
    let sheets: Vec<String> = (1..=SHEETS).map(|n| sheet_xml(n, &mut strings)).collect();
    let mut put = |name: &str, body: &str| {
        zip.start_file(name, options).unwrap_or_else(|e| panic!("{e}"));
        zip.write_all(body.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    };
    put("[Content_Types].xml", &content_types());
    put("_rels/.rels", RELS);
    put("xl/workbook.xml", &workbook_xml());
    put("xl/_rels/workbook.xml.rels", &workbook_rels());
    put("xl/styles.xml", STYLES);
    put("xl/sharedStrings.xml", &strings.xml());
    for (i, sheet) in sheets.iter().enumerate() {
        put(&format!("xl/worksheets/sheet{}.xml", i + 1), sheet);
    }
    zip.finish().unwrap_or_else(|e| panic!("{e}"));
}

#[derive(Default)]
struct Strings {
    list: Vec<String>,
}

impl Strings {
    fn add(&mut self, s: &str) -> usize {
        self.list.push(s.to_owned());
        self.list.len() - 1
    }

    fn xml(&self) -> String {
        let mut out = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">"#,
            self.list.len()
        );
        for s in &self.list {
            let _ = write!(out, "<si><t>{s}</t></si>");
        }
        out.push_str("</sst>");
        out
    }
}

/// Style indexes in STYLES: 1 bold, 2 percent, 3 wrapped text.
const BOLD: u8 = 1;
const PERCENT: u8 = 2;
const WRAP: u8 = 3;

fn sheet_xml(n: usize, strings: &mut Strings) -> String {
    let mut rows = String::new();
    let mut merges = vec!["A1:F1".to_owned(), "A2:F2".to_owned()];
    let mut text = |rows: &mut String, cell: &str, s: &str, style: u8| {
        let _ = write!(rows, r#"<c r="{cell}" t="s" s="{style}"><v>{}</v></c>"#, strings.add(s));
    };
    rows.push_str(r#"<row r="1">"#);
    text(&mut rows, "A1", &format!("PHỤ LỤC {n}"), BOLD);
    rows.push_str(r#"</row><row r="2">"#);
    text(
        &mut rows,
        "A2",
        &format!("NHIỆM VỤ, GIẢI PHÁP NÂNG CAO CHỈ SỐ PAPI THUỘC TRÁCH NHIỆM THỰC HIỆN CỦA SỞ SỐ {n}"),
        BOLD,
    );
    rows.push_str(r#"</row><row r="4">"#);
    for (col, title) in
        [("A", "STT"), ("B", "NHIỆM VỤ"), ("C", "PHÂN CÔNG THỰC HIỆN"), ("E", "KẾT QUẢ"), ("F", "THỜI GIAN HOÀN THÀNH")]
    {
        text(&mut rows, &format!("{col}4"), title, BOLD);
    }
    rows.push_str(r#"</row><row r="5">"#);
    text(&mut rows, "C5", "CHỦ TRÌ", BOLD);
    text(&mut rows, "D5", "PHỐI HỢP", BOLD);
    rows.push_str("</row>");
    merges.extend(["A4:A5", "B4:B5", "C4:D4", "E4:E5", "F4:F5"].map(str::to_owned));
    let mut number = 0;
    for i in 0..ROWS_PER_SHEET {
        let r = i + 6;
        let _ = write!(rows, r#"<row r="{r}">"#);
        if i % 25 == 0 {
            text(&mut rows, &format!("A{r}"), &roman(i / 25 + 1), BOLD);
            text(&mut rows, &format!("B{r}"), &format!("Nhóm nhiệm vụ {} về cải cách hành chính", i / 25 + 1), BOLD);
            merges.push(format!("B{r}:F{r}"));
            number = 0;
        } else {
            number += 1;
            let _ = write!(rows, r#"<c r="A{r}"><v>{number}</v></c>"#);
            let task = format!("Rà soát, đơn giản hóa thủ tục hành chính số {i} của phụ lục {n}; công khai kết quả trên Cổng thông tin điện tử");
            text(&mut rows, &format!("B{r}"), &task, WRAP);
            text(&mut rows, &format!("C{r}"), "Sở Nội vụ", WRAP);
            text(&mut rows, &format!("D{r}"), "Các sở, ban, ngành;\nUBND các huyện, thành phố", WRAP);
            let _ = write!(rows, r#"<c r="E{r}" s="{PERCENT}"><v>0.{:02}</v></c>"#, 50 + i % 50);
            text(&mut rows, &format!("F{r}"), if i % 2 == 0 { "Thường xuyên" } else { "Quý III/2024" }, WRAP);
        }
        rows.push_str("</row>");
    }
    let mut merge_xml = format!(r#"<mergeCells count="{}">"#, merges.len());
    for m in &merges {
        let _ = write!(merge_xml, r#"<mergeCell ref="{m}"/>"#);
    }
    merge_xml.push_str("</mergeCells>");
    let last = ROWS_PER_SHEET + 5;
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:{}{last}"/><sheetData>{rows}</sheetData>{merge_xml}</worksheet>"#,
        COLUMNS[5]
    )
}

fn roman(n: usize) -> String {
    let table = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in table {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

fn content_types() -> String {
    let mut sheets = String::new();
    for n in 1..=SHEETS {
        let _ = write!(
            sheets,
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        );
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>{sheets}</Types>"#
    )
}

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

fn workbook_xml() -> String {
    let mut sheets = String::new();
    for n in 1..=SHEETS {
        let _ = write!(sheets, r#"<sheet name="PL{n}" sheetId="{n}" r:id="rId{n}"/>"#);
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>"#
    )
}

fn workbook_rels() -> String {
    let mut rels = String::new();
    for n in 1..=SHEETS {
        let _ = write!(
            rels,
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        );
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
    )
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="11"/><name val="Times New Roman"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs></styleSheet>"#;
