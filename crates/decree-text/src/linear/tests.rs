//! Tests on the real seed and on small synthetic inputs.

use super::*;
use decree_layout::Table;
use std::collections::HashMap;

const SEED: &str = include_str!("../../../../fixtures/seeds/004_d4c8125272682528.txt");
const TABBED_000: &str = include_str!("../../../../fixtures/seeds/000_384f955878bb2b4b.txt");
const TABBED_002: &str = include_str!("../../../../fixtures/seeds/002_20ed74e4e97bd4cb.txt");

fn split(text: &str) -> Vec<&str> {
    text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect()
}

fn read(text: &str) -> Vec<Block> {
    read_linear(&split(text))
}

fn tables(blocks: &[Block]) -> Vec<&Table> {
    blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
}

fn cells(t: &Table, row: usize) -> Vec<&str> {
    t.rows.get(row).map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).unwrap_or_default()
}

/// The body row of `t` whose number is `number`, after the `nth` earlier ones.
fn row_numbered<'a>(t: &'a Table, number: &str, nth: usize) -> Vec<&'a str> {
    let at = t.rows.iter().enumerate().filter(|(_, r)| r.text_at(0) == number).nth(nth);
    at.map(|(i, _)| cells(t, i)).unwrap_or_default()
}

#[test]
fn style_detection() {
    assert!(looks_linear(&split(SEED)));
    assert!(!looks_linear(&split(TABBED_000)));
    assert!(!looks_linear(&split(TABBED_002)));
    assert!(!looks_linear(&split("Một đoạn văn.\nKhông có bảng.")));
}

#[test]
fn seed_annexes_and_tables() {
    let blocks = read(SEED);
    let headings: Vec<&str> =
        blocks.iter().filter_map(|b| if let Block::Heading(h) = b { Some(h.text.as_str()) } else { None }).collect();
    assert_eq!(headings.len(), 24);
    assert_eq!(headings.first(), Some(&"Phụ lục 1"));
    assert_eq!(headings.last(), Some(&"Phụ lục 24"));
    let tables = tables(&blocks);
    assert_eq!(tables.len(), 24);
    for (i, t) in tables.iter().enumerate() {
        assert_eq!(t.index as usize, i);
        assert_eq!(t.header_rows, 1);
        assert_eq!(cells(t, 0).len(), 5, "table {i} header");
        assert!(t.rows.iter().all(|r| r.cells.len() == 5), "table {i} has a short row");
        assert!(t.rows.iter().all(|r| r.cells.iter().enumerate().all(|(c, cell)| cell.col == c)));
    }
    let t23 = tables[22];
    assert_eq!(cells(t23, 0)[1], "Chỉ số nội dung/ thành phần");
    assert_eq!(cells(t23, 0)[4], "Thời gian hoàn thành");
    assert_eq!(t23.prov.line, Some(7576));
}

#[test]
fn seed_first_rows() {
    let blocks = read(SEED);
    let t = tables(&blocks)[0];
    assert_eq!(
        cells(t, 0),
        ["STT", "Chỉ số/nội dung", "Chỉ tiêu/kết quả", "Nhiệm vụ/giải pháp", "Thời gian hoàn thành"]
    );
    assert_eq!(cells(t, 1), ["I", "Chỉ số PAPI", "", "", ""]);
    let r1 = cells(t, 2);
    assert_eq!(r1[0], "1");
    assert_eq!(r1[1], "Tri thức công dân");
    assert!(r1[2].starts_with("Nâng cao kiến thức, kỹ năng của cán bộ"));
    assert!(r1[3].starts_with("Thực hiện Kế hoạch tuyên truyền"));
    assert!(r1[3].ends_with("“dân biết, dân bàn, dân làm, dân kiểm tra”."));
    assert_eq!(r1[4], "Thường xuyên");
    assert_eq!(
        cells(t, 3),
        [
            "2",
            "Chất lượng bầu cử",
            "Tăng tỷ lệ người dân có hiểu biết về bầu cử",
            "Tăng cường phổ biến các quy định về bầu cử, kết quả bầu cử.",
            "Thường xuyên"
        ]
    );
    let r3 = cells(t, 4);
    assert_eq!(r3[1], "Công bằng trong tuyển dụng vào cơ quan nhà nước");
    assert_eq!(r3[4], "Theo Kế hoạch tuyển dụng");
    assert_eq!(t.rows[2].prov.line, Some(21));
    assert_eq!(t.prov.line, Some(12));
}

#[test]
fn seed_rows_across_page_breaks() {
    let blocks = read(SEED);
    let tables = tables(&blocks);
    // Phụ lục 3, row 5: the result cell runs on past the page break.
    let r = row_numbered(tables[2], "5", 2);
    assert_eq!(r[1], "Kết quả giải quyết hồ sơ TTHC");
    assert!(r[2].contains("cấp tỉnh, cấp huyện và UBND cấp xã tiếp nhận trong năm được giải quyết đúng hạn"));
    assert!(r[2].ends_with("được đánh giá đạt mức tốt trở lên"));
    assert!(r[3].ends_with("gây phiền hà cho người dân, doanh nghiệp."));
    assert_eq!(r[4], "Thường xuyên");
    // Phụ lục 2, row III.1: the task runs on past the break.
    let r = row_numbered(tables[1], "1", 2);
    assert_eq!(r[1], "Theo dõi thi hành pháp luật (TDTHPL)");
    assert!(r[3].ends_with("tạo thuận lợi cho người dân, doanh nghiệp."));
    assert_eq!(r[4], "31/12/2024");
    // The first new row after a break is marked; a joined one is not split off.
    let t = tables[0];
    let after: Vec<&str> = t.rows.iter().filter(|r| r.after_break).map(|r| r.text_at(0)).collect();
    assert_eq!(after, ["3", "5", "8", "12", "2"]);
}

#[test]
fn seed_glued_cells() {
    let blocks = read(SEED);
    let tables = tables(&blocks);
    // `5 Chất lượng không khí Theo dõi diễn biến chất lượng` holds three cells.
    let r = row_numbered(tables[10], "5", 0);
    assert_eq!(r[1], "Chất lượng không khí");
    assert_eq!(r[2], "Theo dõi diễn biến chất lượng không khí");
    assert!(r[3].starts_with("- Đẩy mạnh tuyên truyền"));
    // A deadline split over two lines.
    let r = row_numbered(tables[23], "1.1", 0);
    assert_eq!(r[4], "Thường xuyên");
    // Group rows with sub-numbering.
    assert_eq!(row_numbered(tables[22], "1", 0)[1], "Tham gia người dân ở cấp cơ sở");
    assert_eq!(row_numbered(tables[22], "1.3", 0)[2], "Tăng tỷ lệ người dân có hiểu biết về bầu cử");
    // A group title followed by a row that has no number of its own.
    let t = tables[6];
    let i = t.rows.iter().position(|r| r.text_at(1) == "Cơ sở hạ tầng căn bản").unwrap();
    assert_eq!(t.rows[i].text_at(0), "");
    assert_eq!(t.rows[i - 1].text_at(1), "Chỉ số PAPI");
}

/// Every word of the input is in the output, except page numbers and the
/// header repeated on each page.
#[test]
fn seed_loses_nothing() {
    let blocks = read(SEED);
    let mut words: HashMap<String, i64> = HashMap::new();
    for line in split(SEED) {
        for w in line.split_whitespace() {
            *words.entry(w.to_owned()).or_default() += 1;
        }
    }
    let mut out = String::new();
    for b in &blocks {
        match b {
            Block::Heading(h) => out += &format!(" {}", h.text),
            Block::Paragraph(p) => out += &format!(" {}", p.text),
            Block::ListItem(l) => out += &format!(" {} {}", l.marker, l.text),
            Block::Table(t) => t.rows.iter().flat_map(|r| &r.cells).for_each(|c| out += &format!(" {}", c.text)),
            Block::PageBreak { .. } => {}
        }
    }
    for w in out.split_whitespace() {
        *words.entry(w.to_owned()).or_default() -= 1;
    }
    let header = "STT Chỉ số/nội dung Chỉ tiêu/kết quả Nhiệm vụ/giải pháp Thời gian hoàn thành \
                  Chỉ số nội dung/ thành phần Chỉ tiêu/ Kết quả Nhiệm vụ, giải pháp hoàn";
    for (w, n) in &words {
        assert!(*n >= 0, "{w} appears {} more times in the output", -n);
        if *n > 0 {
            let dropped = w.chars().all(|c| c.is_ascii_digit()) || header.split(' ').any(|h| h == w);
            assert!(dropped, "{w} lost {n} times");
        }
    }
}

/// A document of another province, with the task first and two agency columns.
const AGENCIES: &str = "KẾ HOẠCH

Cải thiện Chỉ số PAR INDEX năm 2025

STT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian

1

Tổ chức hội nghị tuyên truyền, phổ biến

các quy định mới về cải cách hành chính

cho cán bộ, công chức cấp xã.

Sở Nội vụ

Các sở, ban, ngành; UBND

các huyện, thành phố

Quý III/2025

2 Rà soát, đơn giản hóa thủ tục hành chính

thuộc thẩm quyền giải quyết của tỉnh, bảo

đảm cắt giảm thời gian giải quyết.

Văn phòng UBND tỉnh

Các sở, ngành liên quan

Thường xuyên

3

Kiểm tra việc thực hiện kỷ luật, kỷ cương

hành chính tại các cơ quan, đơn vị. Hàng năm


2 

STT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian

4

Xây dựng cơ sở dữ liệu cán bộ, công chức

Sở Nội vụ

Sở Thông tin và

Truyền thông

31/12/2025

Nơi nhận:
- Như trên;
- Lưu: VT.
";

#[test]
fn other_column_order() {
    assert!(looks_linear(&split(AGENCIES)));
    let blocks = read(AGENCIES);
    let t = tables(&blocks)[0];
    assert_eq!(cells(t, 0), ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]);
    assert_eq!(cells(t, 1), [
        "1",
        "Tổ chức hội nghị tuyên truyền, phổ biến các quy định mới về cải cách hành chính cho cán bộ, công chức cấp xã.",
        "Sở Nội vụ",
        "Các sở, ban, ngành; UBND các huyện, thành phố",
        "Quý III/2025"
    ]);
    assert_eq!(cells(t, 2), [
        "2",
        "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh, bảo đảm cắt giảm thời gian giải quyết.",
        "Văn phòng UBND tỉnh",
        "Các sở, ngành liên quan",
        "Thường xuyên"
    ]);
    assert_eq!(
        cells(t, 3),
        ["3", "Kiểm tra việc thực hiện kỷ luật, kỷ cương hành chính tại các cơ quan, đơn vị.", "", "", "Hàng năm"]
    );
    assert_eq!(
        cells(t, 4),
        ["4", "Xây dựng cơ sở dữ liệu cán bộ, công chức", "Sở Nội vụ", "Sở Thông tin và Truyền thông", "31/12/2025"]
    );
    assert!(t.rows[4].after_break);
    assert_eq!(t.rows.len(), 5);
    // The page number became a break, the prose around the table paragraphs.
    assert!(blocks.iter().any(|b| matches!(b, Block::PageBreak { page: 2 })));
    let last = blocks.iter().rev().find_map(|b| match b {
        Block::ListItem(l) => Some(l.text.as_str()),
        _ => None,
    });
    assert_eq!(last, Some("Lưu: VT."));
    assert!(matches!(blocks.first(), Some(Block::Paragraph(p)) if p.text == "KẾ HOẠCH"));
}

#[test]
fn odd_inputs_do_not_panic() {
    let long = "x".repeat(200_000);
    let many_numbers: String = (1..2000).map(|i| format!("{i}\n\n")).collect();
    let inputs: Vec<String> = vec![
        String::new(),
        "STT".to_owned(),
        "STT Nhiệm vụ Thời gian".to_owned(),
        "STT Nhiệm vụ Cơ quan chủ trì Thời gian\n".to_owned(),
        format!("STT Nhiệm vụ Cơ quan chủ trì Thời gian\n1\n{long}\n"),
        format!("STT Nhiệm vụ Cơ quan chủ trì Thời gian\n\n{many_numbers}"),
        "STT Nhiệm vụ Cơ quan Thời gian\n(1) (2) (3) (4)\nI\nII\n- - - -\n\u{c}\u{c}\n Thường xuyên".to_owned(),
        "\n\n\n2\n\n\nSTT\n\nNội dung\n\nThời hạn\n\nGhi chú\nI ĐẦU\n1 Một Hai Ba Thường xuyên".to_owned(),
        long,
    ];
    for input in &inputs {
        let lines = split(input);
        let _ = looks_linear(&lines);
        let blocks = read_linear(&lines);
        for t in tables(&blocks) {
            let n = t.rows.first().map_or(0, |r| r.cells.len());
            assert!(t.rows.iter().skip(t.header_rows).all(|r| r.cells.len() == n));
        }
    }
}

/// Targets in a table inside the plan's text, each row printed on one line,
/// then running text again.
const TARGETS: &str = "II. MỤC TIÊU, CHỈ TIÊU

Phấn đấu kết quả Chỉ số PAPI năm 2023 trong Nhóm các tỉnh, thành phố Trung bình cao trở lên, xếp

vị trí 20/63 tỉnh, thành phố cả nước. Kết quả các chỉ tiêu cụ thể như sau:

STT CHỈ SỐ NỘI DUNG/ THÀNH PHẦN Năm 2022 Chỉ tiêu năm 2023

1 Tham gia người dân ở cấp cơ sở 4.34 (Vị trí 41) 5.00/10.0 (Vị trí 20)

1.1 Tri thức công dân 0.88 1.00/2.5

1.2

Cơ hội tham gia của người dân

1.25

1.38/2.5

2 Công khai, minh bạch 5.04 (Vị trí 52) 6.00/10.0 (Vị trí 20)

3. Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS)

năm 2023 đạt trên 85%.

PHỤ LỤC
";

#[test]
fn value_table_between_paragraphs() {
    let blocks = read(TARGETS);
    let t = tables(&blocks)[0];
    assert_eq!(cells(t, 0), ["STT", "CHỈ SỐ NỘI DUNG/ THÀNH PHẦN", "Năm 2022", "Chỉ tiêu năm 2023"]);
    assert_eq!(cells(t, 1), ["1", "Tham gia người dân ở cấp cơ sở", "4.34 (Vị trí 41)", "5.00/10.0 (Vị trí 20)"]);
    assert_eq!(cells(t, 2), ["1.1", "Tri thức công dân", "0.88", "1.00/2.5"]);
    assert_eq!(cells(t, 3), ["1.2", "Cơ hội tham gia của người dân", "1.25", "1.38/2.5"]);
    assert_eq!(t.rows.len(), 5);
    let texts: Vec<&str> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Heading(h) => Some(h.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(texts.len(), 4);
    assert!(texts[2].starts_with("3. Chỉ số hài lòng") && texts[2].ends_with("đạt trên 85%."));
    assert_eq!(texts[3], "PHỤ LỤC");
}
