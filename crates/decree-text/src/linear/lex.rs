//! Line-level vocabulary: what a line, or a piece of one, looks like.

use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub(super) fn re(pattern: &str) -> Regex {
    // Patterns are literals of this module; a bad one is a programming error that
    // the module's tests catch on first use.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad regex {pattern}: {e}"))
}

/// One input line, cleaned, with what separated it from the content line before.
#[derive(Debug, Clone, Default)]
pub(super) struct Line {
    /// 1-based line number.
    pub no: u32,
    /// Trimmed, NFC, inner whitespace collapsed, form feeds removed.
    pub text: String,
    /// A line holding only spaces (pdftotext's separator between cells) lies
    /// between this line and the previous content line.
    pub space_before: bool,
    /// Two or more empty lines (or a form feed) right before: a page boundary.
    pub gap_before: bool,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Cleans the raw lines and records the separators between them.
pub(super) fn scan(lines: &[&str]) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    let mut empty_run = 0usize;
    let mut max_empty = 0usize;
    let mut form_feed = false;
    let mut space = false;
    for (i, raw) in lines.iter().enumerate() {
        form_feed |= raw.contains('\x0c');
        let text = clean(raw);
        let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if raw.is_empty() {
            empty_run += 1;
            max_empty = max_empty.max(empty_run);
        } else {
            empty_run = 0;
        }
        let gap_before = max_empty >= 2 || form_feed;
        let space_before = space;
        if text.is_empty() {
            space |= !raw.trim_matches('\x0c').is_empty();
        } else {
            max_empty = 0;
            form_feed = false;
            space = false;
        }
        out.push(Line { no, text, space_before, gap_before });
    }
    out
}

/// Trims, collapses whitespace and normalises to NFC.
pub(super) fn clean(raw: &str) -> String {
    let nfc: Cow<str> = match is_nfc_quick(raw.chars()) {
        IsNormalized::Yes => Cow::Borrowed(raw),
        _ => Cow::Owned(raw.nfc().collect()),
    };
    let mut out = String::with_capacity(nfc.len());
    for word in nfc.split(|c: char| c.is_whitespace() || c == '\x0c').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Width in characters: the unit every column width is measured in.
pub(super) fn width(s: &str) -> usize {
    s.chars().count()
}

/// Printed width in units of an average lowercase letter: capitals are wider,
/// spaces and punctuation narrower. Column widths and line fits are measured
/// in it, which tells `... hồ sơ TTHC` from a line that still had room.
pub(super) fn span(s: &str) -> f32 {
    s.chars().map(char_span).sum()
}

fn char_span(c: char) -> f32 {
    const UPPER: f32 = 1.4;
    const LOWER: f32 = 1.0;
    match c {
        'a'..='z' => LOWER,
        'A'..='Z' => UPPER,
        '0'..='9' => 1.1,
        ' ' => 0.55,
        _ if c.is_ascii() => 0.6,
        // Vietnamese letters, without the slower Unicode tables: in Latin
        // Extended Additional capitals are the even code points.
        '\u{1EA0}'..='\u{1EF9}' if u32::from(c) % 2 == 0 => UPPER,
        '\u{1EA0}'..='\u{1EF9}' => LOWER,
        '\u{C0}'..='\u{DE}' | 'Ă' | 'Đ' | 'Ĩ' | 'Ũ' | 'Ơ' | 'Ư' => UPPER,
        '\u{DF}'..='\u{FF}' | 'ă' | 'đ' | 'ĩ' | 'ũ' | 'ơ' | 'ư' => LOWER,
        _ if c.is_lowercase() => LOWER,
        _ if c.is_uppercase() => UPPER,
        _ if c.is_alphabetic() => LOWER,
        _ => 0.6,
    }
}

pub(super) fn first_word_span(s: &str) -> f32 {
    s.split_whitespace().next().map_or(0.0, span)
}

pub(super) fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// How a new cell usually begins: a capital, a digit, a bullet, a quote or a bracket.
pub(super) fn starts_like_cell(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "-+•*–“\"‘'([".contains(c))
}

pub(super) fn is_bullet(s: &str) -> bool {
    let mut it = s.chars();
    match it.next() {
        Some('-' | '+' | '•' | '*' | '–') => match it.next() {
            Some(c) => c == ' ' || c.is_uppercase(),
            None => true,
        },
        _ => false,
    }
}

/// Ends a sentence or a list entry, so a capital on the next line may start a new one.
pub(super) fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['”', '"', ')', '’', '\'']);
    t.ends_with(['.', ';', ':', '!', '?', '…'])
}

/// Letters all capitals (a title line), with at least three letters.
pub(super) fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 3
}

/// How a deadline cell begins: time words, dates, `Theo kế hoạch`, `Trước ...`.
static DEADLINE_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:thường|hàng\s|hằng\s|định kỳ|quý\b|năm\b|\d{4}\b|\d{1,2}/\d{1,2}\b|\d{1,2}/\d{4}|tháng\b|trước\b|trong\b|sau\b|từ\b|đến\b|chậm nhất|giai đoạn|theo\s|liên tục|kịp thời|ngay\b|khi\s|cả năm|đầu năm|cuối năm|giữa năm|\d+\s*tháng|hoàn thành|đợt\b|tuần\b|ngày\b|dự kiến|thời gian|hết năm)",
    )
});

/// A whole deadline phrase, as it also appears glued to the end of a task line.
const DEADLINE_PHRASE: &str = r"(?:Thường xuyên|Thường|Hàng năm|Hằng năm|Hàng quý|Hằng quý|Hàng tháng|Hằng tháng|Định kỳ(?: hàng năm| hằng năm)?|Quý (?:I|II|III|IV|1|2|3|4)(?:(?:/| năm )\d{4})?|Năm \d{4}|\d{1,2}/\d{1,2}/\d{4}|Tháng \d{1,2}(?:/\d{4})?|Trước (?:ngày )?\d{1,2}/\d{1,2}(?:/\d{4})?|Theo (?:Kế hoạch|kế hoạch|quy định)|Liên tục|Cả năm)";

static DEADLINE_WHOLE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^(?:{DEADLINE_PHRASE}|\d{{4}}|\d{{4}}\s*-\s*\d{{4}})\.?$")));

static DEADLINE_TAIL: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\S\s({DEADLINE_PHRASE})\.?$")));

pub(super) fn deadline_start(s: &str) -> bool {
    let lower_start: String = s.chars().take(8).flat_map(char::to_lowercase).collect();
    DEADLINE_START.is_match(s) && !lower_start.starts_with("theo dõi")
}

/// The whole piece is a deadline (`Thường xuyên`, `Quý III/2024`, `31/12/2024`).
pub(super) fn deadline_whole(s: &str) -> bool {
    DEADLINE_WHOLE.is_match(s)
}

/// Byte offset where a deadline glued to the end of a longer line begins.
pub(super) fn deadline_tail(s: &str) -> Option<usize> {
    DEADLINE_TAIL.captures(s).and_then(|c| c.get(1)).map(|m| m.start())
}

/// `Phụ lục 3`, `PHỤ LỤC II`, `Phụ lục số 01` alone on a line.
static ANNEX: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^phụ\s*lục(?:\s+(?:số\s*)?[0-9IVXLC]+[a-z]?)?\s*[.:]?$"));

pub(super) fn is_annex_heading(s: &str) -> bool {
    ANNEX.is_match(s)
}

/// A lone page number (`2`, `- 2 -`, `Trang 2`).
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:-\s*)?(?:Trang\s+)?(\d{1,3})(?:\s*-)?$"));

pub(super) fn page_number(s: &str) -> Option<u32> {
    PAGE_NUMBER.captures(s).and_then(|c| c.get(1)).and_then(|m| m.as_str().parse().ok())
}

/// Prose that cannot be inside a table: the recipients block, a signature, or a
/// numbered section heading in capitals (`III. TỔ CHỨC THỰC HIỆN`).
static SECTION: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:[IVX]+|\d+)\.\s+\S"));

pub(super) fn ends_table(s: &str) -> bool {
    s.starts_with("Nơi nhận") || (SECTION.is_match(s) && is_all_caps(s) && s.split_whitespace().count() >= 3)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn deadlines() {
        assert!(deadline_start("Thường xuyên"));
        assert!(deadline_start("Theo Kế hoạch"));
        assert!(!deadline_start("Theo dõi diễn biến"));
        assert!(deadline_whole("Quý III/2024"));
        assert!(deadline_whole("31/12/2024"));
        assert!(!deadline_whole("Tăng cường phổ biến"));
        let s = "Tăng cường phổ biến các quy định về bầu cử, kết quả bầu cử. Thường xuyên";
        let at = deadline_tail(s).unwrap();
        assert_eq!(&s[at..], "Thường xuyên");
        assert_eq!(deadline_tail("Thường xuyên"), None);
    }

    #[test]
    fn lines() {
        let l = scan(&["a", "", "", " ", "b", "", "c", "\x0c3"]);
        assert!(l[4].gap_before);
        assert!(l[4].space_before);
        assert!(!l[6].gap_before);
        assert!(l[7].gap_before);
        assert_eq!(l[7].text, "3");
        assert_eq!(page_number("- 12 -"), Some(12));
        assert!(is_annex_heading("Phụ lục 24"));
        assert!(is_annex_heading("PHỤ LỤC II"));
        assert!(!is_annex_heading("Phụ lục 2 kèm theo"));
    }
}
