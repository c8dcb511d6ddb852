use super::*;

fn tables(blocks: &[Block]) -> Vec<&Table> {
    blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
}

fn read(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.split('\n').collect();
    read_tabbed(&lines)
}

#[test]
fn repeated_header_after_page_break_is_dropped_and_row_marked() {
    let text = "STT\tNHIỆM VỤ\tCHỦ TRÌ\n1\tLàm việc A\tSở Nội vụ\n\nSTT\tNHIỆM VỤ\tCHỦ TRÌ\n\tcòn tiếp\t\n2\tLàm B\tSở Tư pháp\n";
    let blocks = read(text);
    let ts = tables(&blocks);
    assert_eq!(ts.len(), 1);
    let t = ts[0];
    assert_eq!(t.header_rows, 1);
    assert_eq!(t.rows.len(), 4);
    assert!(t.rows[2].after_break);
    assert_eq!(t.rows[2].text_at(1), "còn tiếp");
    assert!(blocks.iter().any(|b| matches!(b, Block::PageBreak { .. })));
}

#[test]
fn two_row_header_is_recognised() {
    let text = "STT\tNHIỆM VỤ\tPHÂN CÔNG\t\n\t\tCHỦ TRÌ\tPHỐI HỢP\n1\tA\tSở X\tSở Y\n";
    let t = tables(&read(text))[0].clone();
    assert_eq!(t.header_rows, 2);
}

#[test]
fn markup_is_cleaned_and_bold_kept() {
    let text = "TT\tLĩnh vực\n<b>1</b>\t<b>Cải cách</b>\n1.1\t<p>Thực hiện</p> <p>kế hoạch</p>\n";
    let t = tables(&read(text))[0].clone();
    assert!(t.rows[1].cells[1].bold);
    assert_eq!(t.rows[1].text_at(1), "Cải cách");
    assert_eq!(t.rows[2].text_at(1), "Thực hiện kế hoạch");
}

#[test]
fn markdown_heading_keeps_level_and_number() {
    let blocks = read("#### **II. NHIỆM VỤ VÀ GIẢI PHÁP**\n");
    match &blocks[0] {
        Block::Heading(h) => {
            assert_eq!(h.level, 4);
            assert_eq!(h.number.as_deref(), Some("II."));
            assert_eq!(h.text, "NHIỆM VỤ VÀ GIẢI PHÁP");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn prose_after_table_closes_it() {
    let text = "STT\tA\n1\tx\n\nMột đoạn văn.\n\nSTT\tA\n2\ty\n";
    assert_eq!(tables(&read(text)).len(), 2);
}

#[test]
fn bullets_become_list_items() {
    let blocks = read("- Văn phòng Chính phủ;\n- Bộ Nội vụ;\n");
    assert!(matches!(&blocks[0], Block::ListItem(l) if l.marker == "-" && l.text == "Văn phòng Chính phủ;"));
    assert_eq!(blocks.len(), 2);
}

#[test]
fn legacy_cp1258_text_is_decoded() {
    // "Kế hoạch" in Windows-1258: e-circumflex + combining acute, a + combining dot below.
    let bytes = b"K\xea\xec hoa\xf2ch";
    let text = crate::decode(bytes).unwrap();
    assert_eq!(text, "Kế hoạch");
}

#[test]
fn pipe_rows_without_a_separator_line_are_a_table() {
    // As pasted from a web page: no `|---|` line under the titles.
    let text = "Phân công như sau:\n| STT | Tên dự án | Cơ quan trình | Tiến độ trình |\n\
        | 1 | Luật Chuyển đổi số | Chính phủ | Phiên họp tháng 9/2025 |\n| 2 | Luật A \\| B | Tòa án | |\nHết.";
    let blocks = read(text);
    let ts = tables(&blocks);
    assert_eq!(ts.len(), 1);
    let t = ts[0];
    assert_eq!((t.header_rows, t.rows.len(), t.width()), (1, 3, 4));
    assert_eq!(t.rows[1].text_at(3), "Phiên họp tháng 9/2025");
    assert_eq!(t.rows[2].text_at(1), "Luật A | B");
    assert_eq!(t.rows[1].prov.line, Some(3));
}

#[test]
fn pipe_rows_with_a_separator_line_keep_their_line_numbers() {
    let text = "| STT | Nhiệm vụ | Chủ trì |\n|---|:---|---|\n| 1 | Làm A | Sở X |";
    let t = tables(&read(text))[0].clone();
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[1].prov.line, Some(3));
    // A line that only starts with a pipe is prose.
    assert!(tables(&read("| not a row")).is_empty());
}
