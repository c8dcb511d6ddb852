#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use decree_layout::Block;

fn texts(layout: &Layout) -> Vec<String> {
    layout
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading(h) => format!("H{} {}", h.level, h.text),
            Block::Paragraph(p) => format!("{}{}", if p.bold { "B " } else { "" }, p.text),
            Block::ListItem(l) => format!("{} {}", l.marker, l.text),
            Block::Table(t) => format!("T{} {}x{}", t.index, t.rows.len(), t.width()),
            Block::PageBreak { page } => format!("page {page}"),
        })
        .collect()
}

#[test]
fn body_without_navigation_scripts_or_styles() {
    let html = "<html><head><title>x</title><style>p{}</style></head><body><nav>Trang chủ</nav>\
        <script>var a = 1;</script><h2>Điều 1. Phạm vi</h2><p>Văn  bản&nbsp;này <b>quy định</b></p>\
        <div hidden>ẩn</div><footer>Bộ Tư pháp</footer></body></html>";
    assert_eq!(texts(&layout_of(html)), ["H2 Điều 1. Phạm vi", "Văn bản này quy định"]);
}

#[test]
fn the_database_content_root_is_the_document() {
    let html = "<body><div>Văn bản pháp luật</div><div data-vbpl-content-root=\"true\">\
        <p><strong>NGHỊ QUYẾT</strong></p></div><div>Mục lục</div></body>";
    assert_eq!(texts(&layout_of(html)), ["B NGHỊ QUYẾT"]);
}

#[test]
fn line_breaks_split_paragraphs_and_lists_keep_markers() {
    let html = "<p><b><i>Nơi nhận:</i></b><br/>- Như trên;<br/>- Lưu: VT.</p><ol><li>Một</li><li>Hai</li></ol>\
        <ul><li>Ba</li></ul>";
    assert_eq!(texts(&layout_of(html)), ["B Nơi nhận:", "- Như trên;", "- Lưu: VT.", "1. Một", "2. Hai", "- Ba"]);
}

#[test]
fn spans_sit_on_the_grid() {
    let html = "<table><tr><td rowspan=2>STT</td><td rowspan=2>Nhiệm vụ</td><td colspan=2>Phân công</td></tr>\
        <tr><td>Chủ trì</td><td>Phối hợp</td></tr>\
        <tr><td>1</td><td><p>Làm A</p><p>- ý B</p></td><td>Sở X</td><td>Sở Y</td></tr></table>";
    let layout = layout_of(html);
    let Some(Block::Table(t)) = layout.blocks.first() else { panic!("no table") };
    assert_eq!(t.width(), 4);
    assert_eq!(t.header_rows, 2);
    let r1: Vec<(usize, &str)> = t.rows[1].cells.iter().map(|c| (c.col, c.text.as_str())).collect();
    assert_eq!(r1, [(2, "Chủ trì"), (3, "Phối hợp")]);
    assert_eq!((t.rows[0].cells[0].row_span, t.rows[0].cells[2].col_span), (2, 2));
    assert_eq!(t.rows[2].text_at(1), "Làm A\n- ý B");
    assert_eq!(t.rows[2].prov.row, Some(2));
}

#[test]
fn header_table_cells_hold_one_line_per_paragraph() {
    let html = "<table><tr><td><p><b>UBND TỈNH BÌNH THUẬN</b></p><p><b>SỞ NỘI VỤ</b></p></td>\
        <td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p></td></tr>\
        <tr><td>Số: 3367/TTr-SNV</td><td><i>Bình Thuận, ngày 28 tháng 11 năm 2024</i></td></tr></table>";
    let layout = layout_of(html);
    let Some(Block::Table(t)) = layout.blocks.first() else { panic!("no table") };
    assert_eq!(t.rows[0].text_at(0), "UBND TỈNH BÌNH THUẬN\nSỞ NỘI VỤ");
    assert!(t.rows[0].cells[0].bold);
    assert_eq!(t.header_rows, 0);
}

#[test]
fn a_one_cell_layout_table_is_body_text() {
    let html = "<table><tr><td><p>Đoạn một</p><p>Đoạn hai</p></td></tr></table>";
    assert_eq!(texts(&layout_of(html)), ["Đoạn một", "Đoạn hai"]);
}

#[test]
fn hostile_spans_are_bounded() {
    let html = "<table><tr><td colspan=99999999>a</td><td rowspan=-3>b</td></tr><tr><td>c</td></tr></table>";
    let layout = layout_of(html);
    let Some(Block::Table(t)) = layout.blocks.first() else { panic!("no table") };
    assert!(t.width() <= 1000);
}

#[test]
fn html_is_told_by_content() {
    assert!(looks_like_html(b"\xEF\xBB\xBF<!DOCTYPE html><html>"));
    assert!(looks_like_html(b"  <!-- saved --> <html lang=vi>"));
    assert!(!looks_like_html(b"KE HOACH\nSo: 1/KH-UBND"));
    assert!(!looks_like_html(b"| a | b |"));
}

#[test]
fn the_reader_reads_bytes() {
    let layout = HtmlReader.read(b"<p>Xin ch\xC3\xA0o</p>", Format::Html).unwrap();
    assert_eq!(texts(&layout.output), ["Xin chào"]);
    assert_eq!(HtmlReader.sniff(b"<!DOCTYPE html><p>x</p>", ""), Some(Format::Html));
    assert_eq!(HtmlReader.sniff(b"KE HOACH", "txt"), None);
}
