//! Workbooks through the reader: the seed fixtures in all three formats, small
//! workbooks built here for one feature each, and damaged or encrypted files,
//! which must give a clear error and never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use decree_layout::{Block, Layout, Table};
use decree_model::Format;
use decree_sheet::{read_workbook, SheetError};
use std::io::Write as _;
use std::path::PathBuf;

fn fixture(seed: &str, ext: &str) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/sheets");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{seed}_")))
        .unwrap()
        .with_extension(ext);
    std::fs::read(path).unwrap()
}

fn format_of(ext: &str) -> Format {
    match ext {
        "xlsx" => Format::Xlsx,
        "xls" => Format::Xls,
        _ => Format::Ods,
    }
}

fn tables(layout: &Layout) -> Vec<&Table> {
    layout.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
}

fn headings(layout: &Layout) -> Vec<&str> {
    layout.blocks.iter().filter_map(|b| if let Block::Heading(h) = b { Some(h.text.as_str()) } else { None }).collect()
}

fn cell_texts(t: &Table) -> Vec<String> {
    t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" | ")).collect()
}

#[test]
fn seed_workbooks_have_one_titled_table_per_sheet() {
    for ext in ["xlsx", "xls", "ods"] {
        let layout = read_workbook(&fixture("000", ext), format_of(ext)).unwrap();
        assert_eq!(layout.pages, Some(4), "{ext}");
        assert_eq!(headings(&layout), ["PHỤ LỤC 1", "PHỤ LỤC 2", "PHỤ LỤC 3", "PHỤ LỤC 4"], "{ext}");
        let breaks = layout.blocks.iter().filter(|b| matches!(b, Block::PageBreak { .. })).count();
        assert_eq!(breaks, 3);
        let t = tables(&layout);
        assert_eq!(t.iter().map(|t| t.header_rows).collect::<Vec<_>>(), [1, 2, 2, 2], "{ext}");
        // PHÂN CÔNG THỰC HIỆN spans CHỦ TRÌ and PHỐI HỢP; STT spans both header rows.
        let head = &t[1].rows[0];
        assert_eq!(head.cells[0].row_span, 2);
        assert!(head.cells.iter().any(|c| c.text == "PHÂN CÔNG THỰC HIỆN" && c.col_span == 2));
        let row = &t[1].rows[5];
        assert_eq!((row.prov.page, row.prov.table, row.prov.row), (Some(2), Some(1), Some(5)));
        // 004's sheets have no `Phụ lục N` title line: the sheet names `PL01` give it.
        let layout = read_workbook(&fixture("004", ext), format_of(ext)).unwrap();
        assert_eq!(headings(&layout), ["Phụ lục 1", "Phụ lục 15", "Phụ lục 24"], "{ext}");
    }
}

#[test]
fn the_three_formats_read_the_same_cells() {
    for seed in ["000", "002", "004"] {
        let xlsx = read_workbook(&fixture(seed, "xlsx"), Format::Xlsx).unwrap();
        for ext in ["xls", "ods"] {
            let other = read_workbook(&fixture(seed, ext), format_of(ext)).unwrap();
            for (a, b) in tables(&xlsx).iter().zip(tables(&other)) {
                let (a, b) = (cell_texts(a), cell_texts(b));
                // .ods keeps no number-format text (`0" ngày"`) nor date padding.
                let differ = a.iter().zip(&b).filter(|(x, y)| x != y).count();
                let allowed = if ext == "ods" { 12 } else { 0 };
                assert!(differ <= allowed, "{seed}.{ext}: {differ} rows differ");
            }
        }
    }
}

#[test]
fn typed_values_read_as_printed() {
    for ext in ["xlsx", "xls", "ods"] {
        let layout = read_workbook(&fixture("000", ext), format_of(ext)).unwrap();
        let rows = cell_texts(tables(&layout)[0]);
        // 1.4: stored 0.78 and 0.8 with a `0%` format; 1.1 stored 7 with `0" ngày"`.
        let row = |code: &str| rows.iter().find(|r| r.starts_with(&format!("{code} |"))).unwrap().clone();
        assert!(row("1.4").ends_with("| 78% | 80%"), "{ext}: {}", row("1.4"));
        let days = row("1.1");
        assert!(days.ends_with(if ext == "ods" { "| 7 | 4" } else { "| 7 ngày | 4 ngày" }), "{ext}: {days}");
        assert!(rows.iter().any(|r| r.contains("| 0.86%")), "{ext}: a 0.00% format");
        let layout = read_workbook(&fixture("004", ext), format_of(ext)).unwrap();
        let all: Vec<String> = tables(&layout).iter().flat_map(|t| cell_texts(t)).collect();
        let date = if ext == "ods" { "30/09/2024" } else { "30/9/2024" };
        assert!(all.iter().any(|r| r.ends_with(&format!("| {date}"))), "{ext}: no {date}");
    }
}

/// A minimal `.xlsx`: sheets as (name, hidden, sheetData rows, merge refs).
fn xlsx(sheets: &[(&str, bool, &str, &[&str])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, body: String| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    let ns = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut types = String::new();
    let (mut list, mut rels) = (String::new(), String::new());
    for (i, (name, hidden, rows, merges)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        let state = if *hidden { r#" state="hidden""# } else { "" };
        list.push_str(&format!(r#"<sheet name="{name}" sheetId="{n}"{state} r:id="rId{n}"/>"#));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="{rel}/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        let merge: String = merges.iter().map(|m| format!(r#"<mergeCell ref="{m}"/>"#)).collect();
        let merge = if merges.is_empty() { String::new() } else { format!("<mergeCells>{merge}</mergeCells>") };
        put(
            &format!("xl/worksheets/sheet{n}.xml"),
            format!("<worksheet {ns}><sheetData>{rows}</sheetData>{merge}</worksheet>"),
        );
    }
    put(
        "[Content_Types].xml",
        format!(
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{types}</Types>"#
        ),
    );
    put(
        "_rels/.rels",
        format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        ),
    );
    put("xl/workbook.xml", format!("<workbook {ns}><sheets>{list}</sheets></workbook>"));
    put(
        "xl/_rels/workbook.xml.rels",
        format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rIdS" Type="{rel}/styles" Target="styles.xml"/></Relationships>"#
        ),
    );
    // Styles: 0 plain, 1 bold, 2 `0%`, 3 `dd/mm/yyyy`.
    put(
        "xl/styles.xml",
        format!(
            r#"<styleSheet {ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="2"><font><sz val="11"/></font><font><b/><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellXfs count="4"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="1" applyFont="1"/><xf numFmtId="9" fontId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#
        ),
    );
    zip.finish().unwrap().into_inner()
}

fn s(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>"#)
}

#[test]
fn titles_headers_merges_and_values_from_a_built_workbook() {
    let rows = [
        format!(r#"<row r="1">{}</row>"#, s("B1", "PHỤ LỤC 3\nTHUỘC TRÁCH NHIỆM THEO DÕI CỦA SỞ NỘI VỤ")),
        format!(r#"<row r="3">{}{}{}</row>"#, s("B3", "STT"), s("C3", "Nhiệm vụ"), s("D3", "Phân công")),
        format!(r#"<row r="4">{}{}</row>"#, s("D4", "Chủ trì"), s("E4", "Phối hợp")),
        format!(r#"<row r="5">{}{}{}{}{}{}</row>"#, s("B5", "(1)"), s("C5", "(2)"), s("D5", "(3)"), s("E5", "(4)"), s("F5", "(5)"), s("G5", "(6)")),
        format!(r#"<row r="6">{}{}</row>"#, s("B6", "I"), s("C6", "NHÓM CHUNG")),
        format!(
            r#"<row r="8"><c r="B8"><v>1</v></c>{}{}<c r="E8"><f>1+1</f><v>2</v></c><c r="F8" s="2"><v>0.85</v></c><c r="G8" s="3"><v>45107</v></c></row>"#,
            s("C8", "Rà soát thủ tục\nhành chính"),
            s("D8", "- Sở Nội vụ;\n- Sở Tư pháp"),
        ),
    ]
    .concat();
    let hidden = format!(r#"<row r="1">{}</row>"#, s("A1", "lists"));
    let bytes =
        xlsx(&[("Lists", true, &hidden, &[]), ("PL3", false, &rows, &["B1:G1", "B3:B4", "C3:C4", "D3:E3", "C6:G6"])]);
    let layout = read_workbook(&bytes, Format::Xlsx).unwrap();
    assert_eq!(layout.pages, Some(2));
    let [Block::Heading(h), Block::Paragraph(p), Block::Table(t)] = &layout.blocks[..] else {
        panic!("{:#?}", layout.blocks);
    };
    assert_eq!((h.text.as_str(), h.prov.page), ("PHỤ LỤC 3", Some(2)));
    assert_eq!(p.text, "THUỘC TRÁCH NHIỆM THEO DÕI CỦA SỞ NỘI VỤ");
    assert_eq!(t.header_rows, 3);
    assert_eq!(t.rows.len(), 6);
    assert!(t.rows[4].is_blank(), "the blank sheet row 7 keeps its place");
    let group = &t.rows[3].cells[1];
    assert_eq!((group.text.as_str(), group.col, group.col_span), ("NHÓM CHUNG", 1, 5));
    assert_eq!(cell_texts(t)[5], "1 | Rà soát thủ tục hành chính | - Sở Nội vụ;\n- Sở Tư pháp | 2 | 85% | 30/06/2023");
    assert!(t.rows[0].cells.iter().all(|c| !c.bold), "style 0 is not bold");
}

#[test]
fn a_sheet_named_like_an_annex_without_a_title_gets_the_heading() {
    let rows = format!(
        r#"<row r="1">{}{}{}</row><row r="2"><c r="A2"><v>1</v></c>{}{}</row>"#,
        s("A1", "TT"),
        s("B1", "Nội dung"),
        s("C1", "Thời gian"),
        s("B2", "Rà soát"),
        s("C2", "Quý III/2024")
    );
    let layout = read_workbook(&xlsx(&[("Phu luc 02", false, &rows, &[])]), Format::Xlsx).unwrap();
    assert_eq!(headings(&layout), ["Phụ lục 2"]);
    assert_eq!(tables(&layout)[0].header_rows, 1);
    let layout = read_workbook(&xlsx(&[("Tổng hợp", false, &rows, &[])]), Format::Xlsx).unwrap();
    assert_eq!(headings(&layout), ["Tổng hợp"]);
}

fn expect_err(bytes: &[u8], format: Format) -> SheetError {
    match read_workbook(bytes, format) {
        Ok(l) => panic!("read {} blocks from a bad {format:?} file of {} bytes", l.blocks.len(), bytes.len()),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            e
        }
    }
}

#[test]
fn files_that_are_not_workbooks_say_what_they_are() {
    let e = expect_err(b"", Format::Xlsx);
    assert!(e.to_string().contains("empty"), "{e}");
    let e = expect_err(b"<html><body><table><tr><td>1</td></tr></table></body></html>", Format::Xls);
    assert!(e.to_string().contains("HTML"), "{e}");
    let e = expect_err(&[7u8; 3000], Format::Ods);
    assert!(matches!(e, SheetError::NotAWorkbook { .. }), "{e}");
    // A zip that is no workbook (a .docx named .xlsx).
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(b"<w:document/>").unwrap();
    let e = expect_err(&zip.finish().unwrap().into_inner(), Format::Xlsx);
    assert!(matches!(e, SheetError::Corrupt { .. }), "{e}");
}

/// A cut file is corrupt, unless the cut only took bytes the workbook does not
/// use (an `.xls` container's free tail): then it reads whole, never partly.
#[test]
fn truncated_workbooks_are_corrupt_or_whole() {
    for ext in ["xlsx", "xls", "ods"] {
        let bytes = fixture("002", ext);
        let whole = serde_json::to_value(read_workbook(&bytes, format_of(ext)).unwrap()).unwrap();
        for cut in [bytes.len() / 2, bytes.len() - 100, 600] {
            match read_workbook(&bytes[..cut], format_of(ext)) {
                Ok(layout) => assert_eq!(serde_json::to_value(layout).unwrap(), whole, "{ext} cut at {cut}"),
                Err(e) => assert!(
                    matches!(e, SheetError::Corrupt { .. } | SheetError::Sheet { .. }),
                    "{ext} cut at {cut}: {e}"
                ),
            }
        }
    }
}

/// Flipped bytes anywhere: the reader returns, with a layout or an error.
#[test]
fn damaged_workbooks_never_panic() {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // DECREE_FUZZ_ROUNDS=5000 for a longer search.
    let rounds: usize = std::env::var("DECREE_FUZZ_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(150);
    for ext in ["xlsx", "xls", "ods"] {
        let clean = fixture("002", ext);
        for _ in 0..rounds {
            let mut bytes = clean.clone();
            for _ in 0..1 + next() % 8 {
                let at = (next() % bytes.len() as u64) as usize;
                bytes[at] = next() as u8;
            }
            let result = std::panic::catch_unwind(|| read_workbook(&bytes, format_of(ext)).map(|l| l.blocks.len()));
            assert!(result.is_ok(), "{ext}: a damaged workbook unwound out of the reader");
        }
    }
}

/// A compound file (the container of `.xls` and of encrypted `.xlsx`) holding
/// the given streams, each padded to 4 KiB so none goes to the mini stream.
fn compound_file(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const END: u32 = 0xFFFF_FFFE;
    let mut fat = vec![0xFFFF_FFFD, END];
    let mut body = Vec::new();
    let mut starts = Vec::new();
    for (_, data) in streams {
        let mut data = data.clone();
        data.resize(data.len().max(4096).div_ceil(512) * 512, 0);
        let first = u32::try_from(fat.len()).unwrap();
        let n = u32::try_from(data.len() / 512).unwrap();
        starts.push(first);
        fat.extend((1..=n).map(|k| if k < n { first + k } else { END }));
        body.extend(data);
    }
    fat.resize(128, FREE);
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let mut put = |at: usize, v: &[u8]| out[at..at + v.len()].copy_from_slice(v);
    put(0x18, &0x003Eu16.to_le_bytes());
    put(0x1A, &3u16.to_le_bytes());
    put(0x1C, &0xFFFEu16.to_le_bytes());
    put(0x1E, &9u16.to_le_bytes());
    put(0x20, &6u16.to_le_bytes());
    put(0x2C, &1u32.to_le_bytes());
    put(0x30, &1u32.to_le_bytes());
    put(0x38, &4096u32.to_le_bytes());
    put(0x3C, &END.to_le_bytes());
    put(0x44, &END.to_le_bytes());
    put(0x4C, &0u32.to_le_bytes());
    for i in 1..109 {
        put(0x4C + i * 4, &FREE.to_le_bytes());
    }
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    let entry = |name: &str, typ: u8, child: u32, right: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (i, u) in units.iter().enumerate() {
            e[i * 2..i * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[0x40..0x42].copy_from_slice(&u16::try_from(units.len() * 2).unwrap().to_le_bytes());
        e[0x42] = typ;
        e[0x43] = 1;
        e[0x44..0x48].copy_from_slice(&FREE.to_le_bytes());
        e[0x48..0x4C].copy_from_slice(&right.to_le_bytes());
        e[0x4C..0x50].copy_from_slice(&child.to_le_bytes());
        e[0x74..0x78].copy_from_slice(&start.to_le_bytes());
        e[0x78..0x7C].copy_from_slice(&size.to_le_bytes());
        e
    };
    out.extend(entry("Root Entry", 5, 1, FREE, END, 0));
    for (i, ((name, data), start)) in streams.iter().zip(&starts).enumerate() {
        let right = if i + 1 < streams.len() { u32::try_from(i + 2).unwrap() } else { FREE };
        out.extend(entry(name, 2, FREE, right, *start, u32::try_from(data.len().max(4096)).unwrap()));
    }
    for _ in streams.len() + 1..4 {
        out.extend(entry("", 0, FREE, FREE, 0, 0));
    }
    out.extend(body);
    out
}

#[test]
fn encrypted_workbooks_say_so() {
    // An encrypted .xlsx is a compound file with the package encrypted inside.
    let ooxml = compound_file(&[("EncryptionInfo", vec![4, 0, 4, 0]), ("EncryptedPackage", vec![0; 64])]);
    for format in [Format::Xlsx, Format::Xls] {
        let e = expect_err(&ooxml, format);
        assert!(matches!(e, SheetError::Encrypted), "{format:?}: {e}");
    }
    // A .xls whose workbook stream starts with FILEPASS (RC4 encryption).
    let mut biff = vec![0x09, 0x08, 16, 0, 0x00, 0x06, 0x05, 0x00];
    biff.extend([0u8; 12]);
    biff.extend([0x2F, 0x00, 4, 0, 1, 0, 1, 0]);
    let e = expect_err(&compound_file(&[("Workbook", biff)]), Format::Xls);
    assert!(matches!(e, SheetError::Encrypted), "{e}");
    assert!(e.to_string().contains("password"), "{e}");
    // An .ods whose manifest lists encryption data.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(&[0x8F; 200]).unwrap();
    let e = expect_err(&zip.finish().unwrap().into_inner(), Format::Ods);
    assert!(matches!(e, SheetError::Encrypted), "{e}");
}
