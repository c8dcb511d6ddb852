//! The table header: `STT` and the column titles that follow it, on one line
//! (`STT Chỉ số/nội dung Chỉ tiêu/kết quả Nhiệm vụ/giải pháp`) or spread over
//! several (`Thời gian` / `hoàn thành`).

use super::lex::{is_all_caps, re, starts_lower, width, Line};
use regex::Regex;
use std::sync::LazyLock;

/// What a column holds, read from its title. It sets the column's prior width
/// and whether its cells must read as deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Number,
    Name,
    Result,
    Task,
    Agency,
    Deadline,
    /// Figures: a score, a rank, a target for a year.
    Value,
    Note,
    Other,
}

impl Role {
    pub fn of(title: &str) -> Role {
        let t = title.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if t == "tt" || has(NUMBER_WORDS) {
            Role::Number
        } else if has(DEADLINE_WORDS) || (t.contains("hoàn thành") && !t.contains("kết quả")) {
            Role::Deadline
        } else if YEAR.is_match(&t) || has(VALUE_WORDS) {
            Role::Value
        } else if has(AGENCY_WORDS) {
            Role::Agency
        } else if has(TASK_WORDS) {
            Role::Task
        } else if has(RESULT_WORDS) {
            Role::Result
        } else if has(NAME_WORDS) {
            Role::Name
        } else if t.contains("ghi chú") {
            Role::Note
        } else {
            Role::Other
        }
    }

    /// Typical line width (in [`super::lex::span`] units) of a cell in such a column of a
    /// landscape table; only a starting point, re-estimated per table.
    pub fn prior_width(self) -> f32 {
        match self {
            Role::Number => 5.0,
            Role::Name => 25.0,
            Role::Result => 27.0,
            Role::Task => 52.0,
            Role::Agency => 22.0,
            Role::Deadline => 13.0,
            Role::Value => 12.0,
            Role::Note => 14.0,
            Role::Other => 23.0,
        }
    }
}

// Words of a column title (lowercase) that tell its role, checked in this order.
const NUMBER_WORDS: &[&str] = &["stt", "số tt", "số thứ tự"];
const DEADLINE_WORDS: &[&str] = &["thời gian", "thời hạn", "tiến độ", "lộ trình", "mốc"];
const VALUE_WORDS: &[&str] = &["điểm", "xếp hạng", "thứ hạng", "vị trí", "giá trị", "số liệu"];
const AGENCY_WORDS: &[&str] =
    &["cơ quan", "đơn vị", "chủ trì", "phối hợp", "phân công", "trách nhiệm", "người thực hiện"];
const TASK_WORDS: &[&str] = &["nhiệm vụ", "giải pháp", "hoạt động", "công việc", "biện pháp"];
const RESULT_WORDS: &[&str] = &["chỉ tiêu", "kết quả", "sản phẩm", "mục tiêu", "yêu cầu"];
const NAME_WORDS: &[&str] = &["chỉ số", "nội dung", "tiêu chí", "lĩnh vực", "tên"];

#[derive(Debug, Clone)]
pub(super) struct Header {
    pub titles: Vec<String>,
    pub roles: Vec<Role>,
    /// The header's lines, to recognise it when a page repeats it.
    pub keys: Vec<String>,
    pub line_no: u32,
    /// Index of the first line after the header.
    pub end: usize,
}

/// Words a column title begins with (lowercase).
const TITLE_WORDS: &[&str] = &[
    "stt",
    "tt",
    "số tt",
    "chỉ số",
    "chỉ tiêu",
    "nhiệm vụ",
    "giải pháp",
    "thời gian",
    "thời hạn",
    "tiến độ",
    "kết quả",
    "nội dung",
    "cơ quan",
    "đơn vị",
    "chủ trì",
    "phối hợp",
    "ghi chú",
    "sản phẩm",
    "tiêu chí",
    "lĩnh vực",
    "tên",
    "mục tiêu",
    "hoạt động",
    "kinh phí",
    "nguồn",
    "lộ trình",
    "dự kiến",
    "năm",
    "giá trị",
    "điểm",
    "xếp hạng",
    "vị trí",
    "trách nhiệm",
    "phân công",
    "yêu cầu",
    "hình thức",
    "số liệu",
    "mốc",
    "thực hiện",
    "đánh giá",
    "công việc",
    "nhóm",
    "hạn",
    "biện pháp",
    "người",
    "văn bản",
    "dự toán",
];

/// Words that, in a line of capitals, start a new title (no case tells it there).
const CAPS_SPLIT_WORDS: &[&str] = &[
    "stt",
    "tt",
    "thời gian",
    "thời hạn",
    "tiến độ",
    "cơ quan",
    "đơn vị",
    "ghi chú",
    "nhiệm vụ",
    "chỉ tiêu",
    "kết quả",
    "sản phẩm",
    "kinh phí",
];

/// Words after which a capital continues the same title (`... của tỉnh Bình Định`).
const CONNECTORS: &[&str] =
    &["và", "hoặc", "của", "các", "tỉnh", "huyện", "xã", "năm", "theo", "với", "cho", "về", "tại"];

static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:19|20)\d{2}\b"));

static COLUMN_NUMBERS: LazyLock<Regex> = LazyLock::new(|| re(r"^\(?1\)?(?:\s+\(?\d{1,2}\)?)+$"));

/// A row of column numbers under the titles: `1 2 3 4 5` or `(1) (2) (3)`.
pub(super) fn is_column_numbers(text: &str) -> bool {
    COLUMN_NUMBERS.is_match(text)
}

/// Does this line open a table header (`STT ...`, `TT`, `Số TT`)?
pub(super) fn starts_header(text: &str) -> bool {
    let mut words = text.split_whitespace();
    match words.next() {
        Some("STT" | "TT" | "Stt" | "STT." | "TT.") => true,
        Some("Số" | "SỐ") => matches!(words.next(), Some("TT" | "thứ" | "THỨ")),
        _ => false,
    }
}

fn starts_with_title_word(text: &str) -> bool {
    let lower = text.to_lowercase();
    TITLE_WORDS
        .iter()
        .any(|w| lower.strip_prefix(w).is_some_and(|r| !r.chars().next().is_some_and(char::is_alphanumeric)))
}

/// A header line after the first: a title, or the lowercase rest of one.
fn is_title_line(text: &str) -> bool {
    width(text) <= 60
        && super::numbering::parse(text).is_none()
        && ((starts_lower(text) && width(text) <= 30) || starts_with_title_word(text))
}

/// Reads the header that starts at `start`, if there is one with at least three titles.
pub(super) fn parse(lines: &[Line], start: usize) -> Option<Header> {
    let first = lines.get(start)?;
    if !starts_header(&first.text) {
        return None;
    }
    let mut keys = vec![first.text.clone()];
    let mut end = start + 1;
    for (j, line) in lines.iter().enumerate().skip(start + 1) {
        if line.is_blank() {
            continue;
        }
        if line.gap_before || keys.len() >= 12 {
            break;
        }
        if COLUMN_NUMBERS.is_match(&line.text) {
            // A row of column numbers `(1) (2) (3)` closes the header.
            keys.push(line.text.clone());
            end = j + 1;
            break;
        }
        if !is_title_line(&line.text) {
            break;
        }
        keys.push(line.text.clone());
        end = j + 1;
    }
    let title_lines: Vec<&str> = keys.iter().map(String::as_str).filter(|k| !COLUMN_NUMBERS.is_match(k)).collect();
    let titles = split_titles(&title_lines);
    if titles.len() < 3 {
        return None;
    }
    let roles = titles.iter().enumerate().map(|(i, t)| if i == 0 { Role::Number } else { Role::of(t) }).collect();
    Some(Header { titles, roles, keys, line_no: first.no, end })
}

/// Cuts the header text into titles: a title starts at a capitalised word
/// (`Chỉ tiêu/kết quả`), except after `/`, `,` or a connector; in a line of
/// capitals only at a known title word.
fn split_titles(lines: &[&str]) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    let mut prev: Option<&str> = None;
    for line in lines {
        let caps = is_all_caps(line);
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            let rest = words.get(i..).map(|w| w.join(" ")).unwrap_or_default();
            // After a whole `STT` any word starts the next title, capitals or not.
            let after_number = titles.len() == 1 && titles.first().is_some_and(|t| is_number_title(t));
            let new = match prev {
                None => true,
                Some(_) if after_number => true,
                Some(p) => starts_title(p, word, &rest, caps),
            };
            match titles.last_mut() {
                Some(t) if !new => {
                    t.push(' ');
                    t.push_str(word);
                }
                _ => titles.push((*word).to_owned()),
            }
            prev = Some(word);
        }
    }
    titles
}

fn is_number_title(t: &str) -> bool {
    matches!(t.to_lowercase().as_str(), "stt" | "tt" | "stt." | "tt." | "số tt" | "số thứ tự")
}

fn starts_title(prev: &str, word: &str, rest: &str, caps: bool) -> bool {
    if prev.ends_with(['/', ',', '-', '–', '(', '&']) || CONNECTORS.contains(&prev.to_lowercase().as_str()) {
        return false;
    }
    if caps {
        let lower = rest.to_lowercase();
        return CAPS_SPLIT_WORDS.iter().any(|w| lower.starts_with(w));
    }
    // A capital followed by lowercase letters: `Nhiệm`, not an acronym like `PAPI`.
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::linear::lex::scan;

    #[test]
    fn one_line_and_stacked() {
        let lines = scan(&[
            "STT Chỉ số/nội dung Chỉ tiêu/kết quả Nhiệm vụ/giải pháp ",
            "Thời gian ",
            "",
            "hoàn thành ",
            "",
            "I Chỉ số PAPI",
        ]);
        let h = parse(&lines, 0).unwrap();
        assert_eq!(
            h.titles,
            ["STT", "Chỉ số/nội dung", "Chỉ tiêu/kết quả", "Nhiệm vụ/giải pháp", "Thời gian hoàn thành"]
        );
        assert_eq!(h.roles, [Role::Number, Role::Name, Role::Result, Role::Task, Role::Deadline]);
        assert_eq!(h.end, 4);
        let lines = scan(&[
            "STT",
            "",
            "Chỉ số nội dung/ thành phần",
            "",
            "Chỉ tiêu/ Kết quả",
            "",
            "Nhiệm vụ, giải pháp",
            "",
            "Thời gian hoàn",
            "thành",
            "I Chỉ số PAPI",
        ]);
        let h = parse(&lines, 0).unwrap();
        assert_eq!(h.titles.len(), 5);
        assert_eq!(h.titles[2], "Chỉ tiêu/ Kết quả");
        assert_eq!(h.titles[4], "Thời gian hoàn thành");
    }

    #[test]
    fn capitals_and_agencies() {
        let h = parse(&scan(&["TT NHIỆM VỤ CƠ QUAN CHỦ TRÌ CƠ QUAN PHỐI HỢP THỜI GIAN"]), 0).unwrap();
        assert_eq!(h.titles, ["TT", "NHIỆM VỤ", "CƠ QUAN CHỦ TRÌ", "CƠ QUAN PHỐI HỢP", "THỜI GIAN"]);
        assert!(parse(&scan(&["STT là số thứ tự"]), 0).is_none());
        let h = parse(&scan(&["STT CHỈ SỐ NỘI DUNG/ THÀNH PHẦN Năm 2022 Chỉ tiêu năm 2023"]), 0).unwrap();
        assert_eq!(h.titles, ["STT", "CHỈ SỐ NỘI DUNG/ THÀNH PHẦN", "Năm 2022", "Chỉ tiêu năm 2023"]);
        assert_eq!(h.roles, [Role::Number, Role::Name, Role::Value, Role::Value]);
    }
}
