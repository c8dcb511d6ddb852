//! Unit tests: tiny Word files built in memory, one XML feature each.

use super::*;
use decree_layout::{Block, Table};
use std::io::Write;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#;

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn docx_parts(body: &str, styles: Option<&str>, numbering: Option<&str>) -> Vec<u8> {
    let doc = format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>"#);
    let styles = styles.map(|s| format!("<w:styles {NS}>{s}</w:styles>"));
    let numbering = numbering.map(|n| format!("<w:numbering {NS}>{n}</w:numbering>"));
    let mut entries: Vec<(&str, &[u8])> = vec![("word/document.xml", doc.as_bytes())];
    if let Some(s) = &styles {
        entries.push(("word/styles.xml", s.as_bytes()));
    }
    if let Some(n) = &numbering {
        entries.push(("word/numbering.xml", n.as_bytes()));
    }
    zip(&entries)
}

fn read(body: &str) -> Vec<Block> {
    read_docx(&docx_parts(body, None, None)).unwrap().blocks
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn texts(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Heading(h) => {
                format!("H{}:{}{}", h.level, h.number.clone().map(|n| n + " ").unwrap_or_default(), h.text)
            }
            Block::Paragraph(p) => format!("{}{}", if p.bold { "B:" } else { "" }, p.text),
            Block::ListItem(l) => format!("L[{}]{}", l.marker, l.text),
            Block::Table(t) => format!("T{}", t.index),
            Block::PageBreak { .. } => "PB".to_owned(),
        })
        .collect()
}

fn table(blocks: &[Block]) -> &Table {
    blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("a table")
}

/// `(col, col_span, row_span, text)` of each cell of each row.
fn grid(t: &Table) -> Vec<Vec<(usize, usize, usize, String)>> {
    t.rows.iter().map(|r| r.cells.iter().map(|c| (c.col, c.col_span, c.row_span, c.text.clone())).collect()).collect()
}

#[test]
fn paragraphs_bold_and_empty() {
    let body = format!(
        "{}<w:p/><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>KẾ </w:t></w:r><w:r><w:rPr><w:b w:val=\"1\"/></w:rPr><w:t>HOẠCH</w:t></w:r></w:p>\
         <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Nửa</w:t></w:r><w:r><w:t> đậm</w:t></w:r></w:p>",
        p("  Trong   thời gian qua ")
    );
    assert_eq!(texts(&read(&body)), ["Trong thời gian qua", "B:KẾ HOẠCH", "Nửa đậm"]);
}

#[test]
fn headings_from_styles_and_outline_levels() {
    let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="u3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>"#;
    let body = r#"<w:p><w:pPr><w:pStyle w:val="u3"/></w:pPr><w:r><w:t>Về công tác văn thư</w:t></w:r></w:p>
        <w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Chương I</w:t></w:r></w:p>
        <w:p><w:pPr><w:pStyle w:val="u3"/><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>Thân bài</w:t></w:r></w:p>"#;
    let blocks = read_docx(&docx_parts(body, Some(styles), None)).unwrap().blocks;
    assert_eq!(texts(&blocks), ["H3:Về công tác văn thư", "H2:Chương I", "B:Thân bài"]);
}

const NUMBERING: &str = r#"
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#;

fn numbered(num: u32, ilvl: u32, text: &str) -> String {
    format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
}

#[test]
fn automatic_numbering_becomes_markers() {
    let styles = r#"<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style>"#;
    let body = [
        "<w:p><w:pPr><w:pStyle w:val=\"H1\"/></w:pPr><w:r><w:t>MỤC TIÊU</w:t></w:r></w:p>".to_owned(),
        numbered(1, 1, "Nỗ lực"),
        numbered(1, 2, "Người đứng đầu"),
        numbered(1, 2, "Định kỳ"),
        numbered(2, 0, "Sở Nội vụ;"),
        numbered(1, 1, "Sở Tư pháp"),
        numbered(1, 2, "Tham mưu"),
        "<w:p><w:pPr><w:pStyle w:val=\"H1\"/></w:pPr><w:r><w:t>TỔ CHỨC</w:t></w:r></w:p>".to_owned(),
        "<w:p><w:pPr><w:numPr><w:numId w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>Không số</w:t></w:r></w:p>".to_owned(),
    ]
    .concat();
    let blocks = read_docx(&docx_parts(&body, Some(styles), Some(NUMBERING))).unwrap().blocks;
    assert_eq!(
        texts(&blocks),
        [
            "H1:I. MỤC TIÊU",
            "L[1.]Nỗ lực",
            "L[a)]Người đứng đầu",
            "L[b)]Định kỳ",
            "L[-]Sở Nội vụ;",
            "L[2.]Sở Tư pháp",
            "L[a)]Tham mưu",
            "H1:II. TỔ CHỨC",
            "Không số",
        ]
    );
}

fn tc(props: &str, text: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

#[test]
fn spans_merges_and_grid_before() {
    let header = "<w:trPr><w:tblHeader/></w:trPr>";
    let body = format!(
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
         <w:tr>{header}{}{}{}</w:tr>\
         <w:tr>{header}{}{}{}{}</w:tr>\
         <w:tr>{}{}</w:tr>\
         <w:tr>{}{}{}{}</w:tr>\
         <w:tr>{}{}{}{}</w:tr>\
         <w:tr><w:trPr><w:gridBefore w:val=\"2\"/></w:trPr>{}{}</w:tr>\
         </w:tbl>",
        tc("<w:vMerge w:val=\"restart\"/>", "STT"),
        tc("<w:vMerge w:val=\"restart\"/>", "Nhiệm vụ"),
        tc("<w:gridSpan w:val=\"2\"/>", "Phân công"),
        tc("<w:vMerge/>", ""),
        tc("<w:vMerge/>", ""),
        tc("", "Chủ trì"),
        tc("", "Phối hợp"),
        tc("", "I"),
        tc("<w:gridSpan w:val=\"3\"/>", "NHÓM CHUNG"),
        tc("", "1"),
        tc("<w:vMerge w:val=\"restart\"/>", "Gia nhập"),
        tc("", "Sở A"),
        tc("", "Sở B"),
        tc("", ""),
        tc("<w:vMerge/>", ""),
        tc("", "Sở C"),
        tc("", "Sở D"),
        tc("", "x"),
        tc("", "y"),
    );
    let blocks = read(&body);
    let t = table(&blocks);
    assert_eq!(t.header_rows, 2);
    let s = |c: usize, cs: usize, rs: usize, t: &str| (c, cs, rs, t.to_owned());
    assert_eq!(
        grid(t),
        vec![
            vec![s(0, 1, 2, "STT"), s(1, 1, 2, "Nhiệm vụ"), s(2, 2, 1, "Phân công")],
            vec![s(2, 1, 1, "Chủ trì"), s(3, 1, 1, "Phối hợp")],
            vec![s(0, 1, 1, "I"), s(1, 3, 1, "NHÓM CHUNG")],
            vec![s(0, 1, 1, "1"), s(1, 1, 2, "Gia nhập"), s(2, 1, 1, "Sở A"), s(3, 1, 1, "Sở B")],
            vec![s(0, 1, 1, ""), s(2, 1, 1, "Sở C"), s(3, 1, 1, "Sở D")],
            vec![s(2, 1, 1, "x"), s(3, 1, 1, "y")],
        ]
    );
    assert_eq!(t.rows[1].text_at(0), "");
    assert_eq!(t.rows[4].prov.row, Some(4));
}

#[test]
fn header_row_is_detected_without_tbl_header() {
    let body = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        tc("", "TT"),
        tc("", "Lĩnh vực"),
        tc("", "1"),
        tc("", "Cải cách")
    );
    assert_eq!(table(&read(&body)).header_rows, 1);
    let body = format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", tc("", "1"), tc("", "x"));
    assert_eq!(table(&read(&body)).header_rows, 0);
}

#[test]
fn cell_paragraphs_and_breaks_are_lines() {
    let cell = "<w:tc><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t><w:br/><w:t>TỈNH BÌNH ĐỊNH</w:t></w:r></w:p><w:p/>\
                <w:p><w:r><w:t>Số: 107 /KH-UBND</w:t></w:r></w:p></w:tc>";
    let body = format!("<w:tbl><w:tr>{cell}</w:tr></w:tbl><w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t></w:r></w:p>");
    let blocks = read(&body);
    assert_eq!(table(&blocks).rows[0].cells[0].text, "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\nSố: 107 /KH-UBND");
    assert_eq!(texts(&blocks)[1], "a b");
}

#[test]
fn nested_tables_are_flattened_into_the_cell() {
    let inner = format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", tc("", "TM. ỦY BAN NHÂN DÂN"), tc("", "CHỦ TỊCH"));
    let body = format!("<w:tbl><w:tr><w:tc>{}{inner}</w:tc></w:tr></w:tbl>", p("Nơi nhận:"));
    let blocks = read(&body);
    let t = table(&blocks);
    assert_eq!(t.rows[0].cells[0].text, "Nơi nhận:\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH");
    assert_eq!(texts(&blocks), ["T0"]);
}

#[test]
fn text_boxes_are_read_once_after_their_anchor() {
    let txbx = format!("<w:txbxContent>{}</w:txbxContent>", p("Trong hộp"));
    let body = format!(
        "<w:p><w:r><w:t>Neo</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>{txbx}</wps:txbx></wps:wsp></w:drawing></mc:Choice>\
         <mc:Fallback><w:pict><v:shape><v:textbox>{txbx}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>{}",
        p("Sau")
    );
    let blocks = read(&body);
    assert_eq!(texts(&blocks), ["Neo", "Trong hộp", "Sau"]);
    assert_eq!(blocks[1].prov().and_then(|p| p.line), Some(1));
    assert_eq!(blocks[2].prov().and_then(|p| p.line), Some(2));
}

#[test]
fn content_controls_are_read_in_place() {
    let body = format!(
        "<w:sdt><w:sdtPr><w:alias w:val=\"x\"/><w:placeholder><w:docPart w:val=\"y\"/></w:placeholder></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>\
         <w:p><w:r><w:t>Số: </w:t></w:r><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>107</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t>/KH-UBND</w:t></w:r></w:p>",
        p("Khối")
    );
    assert_eq!(texts(&read(&body)), ["Khối", "Số: 107/KH-UBND"]);
}

#[test]
fn tracked_changes_keep_insertions_and_drop_deletions() {
    let body = format!(
        "<w:p><w:r><w:t>Sở </w:t></w:r><w:del w:id=\"1\"><w:r><w:delText>Tài chính</w:delText></w:r></w:del>\
         <w:ins w:id=\"2\"><w:r><w:t>Nội vụ</w:t></w:r></w:ins><w:moveFrom><w:r><w:t>cũ</w:t></w:r></w:moveFrom></w:p>\
         <w:tbl><w:tr>{}</w:tr><w:tr><w:trPr><w:del w:id=\"3\"/></w:trPr>{}</w:tr></w:tbl>",
        tc("", "giữ"),
        tc("", "xoá")
    );
    let blocks = read(&body);
    assert_eq!(texts(&blocks)[0], "Sở Nội vụ");
    assert_eq!(grid(table(&blocks)).len(), 1);
}

#[test]
fn field_results_are_kept_and_codes_dropped() {
    let body = "<w:p><w:r><w:t>Trang </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
        <w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
        <w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
        <w:fldSimple w:instr=\"DATE\"><w:r><w:t> ngày 5</w:t></w:r></w:fldSimple></w:p>\
        <w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:t>mã hỏng</w:t></w:r></w:p>"
        .to_owned()
        + &p("Tiếp");
    assert_eq!(texts(&read(&body)), ["Trang 3 ngày 5", "Tiếp"]);
}

#[test]
fn run_content_tabs_symbols_hyphens_and_nfc() {
    let body = "<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:noBreakHyphen/><w:t>C</w:t>\
        <w:sym w:font=\"Symbol\" w:char=\"F02D\"/><w:t>D &amp; &#x1EA0; e\u{0301}</w:t>\
        <w:rPr/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r></w:p>";
    assert_eq!(texts(&read(body)), ["A B-C-D & Ạ é"]);
}

#[test]
fn page_and_section_breaks() {
    let sect = |ty: &str| {
        format!("<w:p><w:pPr><w:sectPr><w:type w:val=\"{ty}\"/></w:sectPr></w:pPr><w:r><w:t>end</w:t></w:r></w:p>")
    };
    // Section 0 ends at the first "end"; section 1 starts continuous (no page
    // break); section 2 (the body's own sectPr) starts on a new page.
    let body = format!(
        "{}<w:p><w:r><w:br w:type=\"page\"/><w:t>Phụ lục 1</w:t></w:r></w:p>{}{}{}{}<w:sectPr/>",
        p("a"),
        sect("nextPage"),
        p("b"),
        sect("continuous"),
        p("c"),
    );
    assert_eq!(texts(&read(&body)), ["a", "PB", "Phụ lục 1", "end", "b", "end", "PB", "c"]);
    let body = format!("{}{}<w:sectPr><w:type w:val=\"continuous\"/></w:sectPr>", sect("nextPage"), p("x"));
    assert_eq!(texts(&read(&body)), ["end", "x"]);
}

#[test]
fn provenance_counts_paragraphs_and_tables() {
    let body = format!("{}<w:p/><w:tbl><w:tr>{}</w:tr></w:tbl>{}", p("một"), tc("", "ô"), p("bốn"));
    let layout = read_docx(&docx_parts(&body, None, None)).unwrap();
    assert_eq!(layout.pages, None);
    let lines: Vec<Option<u32>> = layout.blocks.iter().map(|b| b.prov().and_then(|p| p.line)).collect();
    assert_eq!(lines, [Some(1), Some(3), Some(4)]);
    let t = table(&layout.blocks);
    assert_eq!((t.prov.table, t.rows[0].prov.table), (Some(0), Some(0)));
    assert!(layout.blocks.iter().all(|b| b.prov().is_none_or(|p| p.page.is_none())));
}

#[test]
fn math_and_hyperlinks_are_text() {
    let body = "<w:p><w:hyperlink r:id=\"x\" xmlns:r=\"r\"><w:r><w:t>Cổng</w:t></w:r></w:hyperlink>\
        <m:oMath><m:r><m:t> x=1</m:t></m:r></m:oMath></w:p>";
    assert_eq!(texts(&read(body)), ["Cổng x=1"]);
}

// Hostile and wrong inputs.

fn err(bytes: &[u8]) -> String {
    read_word(bytes, Format::Docx).unwrap_err().to_string()
}

#[test]
fn a_zip_that_is_not_word_is_refused() {
    let bytes = zip(&[("xl/workbook.xml", b"<workbook/>")]);
    assert!(err(&bytes).contains("not a Word document"), "{}", err(&bytes));
}

#[test]
fn truncated_and_garbage_files_are_errors() {
    let good = docx_parts(&p("x"), None, None);
    for cut in [4, 30, good.len() / 2, good.len() - 10] {
        let e = err(&good[..cut]);
        assert!(e.contains("damaged") || e.contains("bad XML"), "{cut}: {e}");
    }
    assert!(err(b"").contains("empty"));
    assert!(err(b"hello").contains("not a zip"));
    let mut junk = b"PK\x03\x04".to_vec();
    junk.extend((0..5000u32).map(|i| (i.wrapping_mul(2654435761) >> 7) as u8));
    assert!(err(&junk).contains("damaged"));
}

#[test]
fn truncated_xml_is_an_error() {
    let doc = format!("<w:document {NS}><w:body><w:p><w:r><w:t>cut");
    let bytes = zip(&[("word/document.xml", doc.as_bytes())]);
    assert!(err(&bytes).contains("bad XML"), "{}", err(&bytes));
}

#[test]
fn deep_nesting_is_refused() {
    let doc = format!(
        "<w:document {NS}><w:body>{}{}</w:body></w:document>",
        "<w:sdt><w:sdtContent>".repeat(5000),
        "</w:sdtContent></w:sdt>".repeat(5000)
    );
    let bytes = zip(&[("word/document.xml", doc.as_bytes())]);
    assert!(err(&bytes).contains("nested deeper"), "{}", err(&bytes));
}

#[test]
fn doctype_and_entities_are_refused() {
    let doc = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\
         <w:document {NS}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    );
    let bytes = zip(&[("word/document.xml", doc.as_bytes())]);
    assert!(err(&bytes).contains("DOCTYPE"), "{}", err(&bytes));
    // An undeclared entity is kept as printed, never expanded.
    let blocks = read("<w:p><w:r><w:t>&b; x</w:t></w:r></w:p>");
    assert_eq!(texts(&blocks), ["&b; x"]);
}

#[test]
fn oversized_parts_are_refused_before_unpacking() {
    // 300 MB of spaces compress to a few hundred kilobytes.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    w.start_file("word/document.xml", opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..300 {
        w.write_all(&chunk).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    let started = std::time::Instant::now();
    let e = err(&bytes);
    assert!(e.contains("more than"), "{e}");
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn encrypted_and_doc_inputs() {
    let mut ole = OLE_MAGIC.to_vec();
    ole.extend(vec![0u8; 512]);
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert!(err(&ole).contains("password"));
    let e = read_word(b"not a doc", Format::Doc).unwrap_err().to_string();
    assert!(e.contains("neither"), "{e}");
}

#[test]
fn doc_without_libreoffice_names_the_fix() {
    std::env::set_var("DECREE_SOFFICE", "/nonexistent/soffice");
    let mut ole = OLE_MAGIC.to_vec();
    ole.extend(vec![0u8; 512]);
    let e = read_word(&ole, Format::Doc).unwrap_err().to_string();
    std::env::remove_var("DECREE_SOFFICE");
    assert!(e.contains("LibreOffice") && e.contains(".docx"), "{e}");
}

#[test]
fn hostile_spans_are_capped() {
    let body = format!(
        "<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"4000000000\"/></w:trPr>{}</w:tr></w:tbl>",
        tc("<w:gridSpan w:val=\"99999999\"/>", "x")
    );
    let blocks = read(&body);
    assert!(table(&blocks).width() <= 2 * 63);
}

#[test]
fn unclosed_fields_and_wide_merges_stay_linear() {
    let fields = "<w:r><w:fldChar w:fldCharType=\"begin\"/><w:fldChar w:fldCharType=\"separate\"/><w:t>x</w:t></w:r>"
        .repeat(200_000);
    let cells = tc("<w:vMerge/>", "").repeat(50_000);
    let body = format!(
        "<w:p>{fields}</w:p><w:tbl><w:tr>{}</w:tr><w:tr>{cells}</w:tr><w:tr>{cells}</w:tr></w:tbl>",
        tc("<w:vMerge w:val=\"restart\"/>", "a").repeat(50_000)
    );
    let started = std::time::Instant::now();
    let blocks = read(&body);
    assert_eq!(texts(&blocks)[0].len(), 200_000);
    assert_eq!(table(&blocks).rows[0].cells[0].row_span, 3);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
