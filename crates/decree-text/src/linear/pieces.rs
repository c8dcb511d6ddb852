//! Lines of a row broken into pieces at the points where two cells printed on
//! one baseline may have been glued together, with the shape features the
//! column search scores.

use super::lex::{
    deadline_start, deadline_tail, deadline_whole, ends_sentence, first_word_span, is_all_caps, is_bullet, re, span,
    starts_like_cell, starts_lower,
};
use regex::Regex;
use std::sync::LazyLock;

/// Most pieces a line is broken into.
pub(super) const MAX_PIECES: usize = 5;

/// Words that leave a phrase open: a cell does not end on them.
const OPEN_WORDS: &[&str] = &[
    "của", "và", "về", "các", "số", "theo", "tại", "cho", "với", "trong", "để", "là", "được", "có", "những", "một",
    "ngày", "từ", "đến", "đối", "như", "hoặc", "bằng", "vào", "trên", "dưới", "giữa", "thuộc",
];

/// How a piece of text ends, as the next line's fit and shape are judged against it.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct End {
    pub width: f32,
    pub ends_sentence: bool,
    pub colon: bool,
    /// Ends on a word that cannot end a cell (`của`, `ngày`, `về`) or a comma.
    pub dangling: bool,
    /// The cell it belongs to began with a bullet.
    pub bulleted: bool,
    /// All capitals: a title, which wraps without the shape of running text.
    pub caps: bool,
}

impl End {
    /// The end of a cell whose last line is `text`.
    pub fn of(text: &str, bulleted: bool) -> End {
        End {
            width: span(text),
            ends_sentence: ends_sentence(text),
            colon: text.ends_with(':'),
            dangling: dangles(text),
            bulleted,
            caps: is_all_caps(text),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub line: usize,
    /// Byte range in the line, trimmed.
    pub start: usize,
    pub end: usize,
    /// Offsets within the line in [`span`] units, for run widths.
    pub cstart: f32,
    pub cend: f32,
    /// Cost of a cut right before this piece, when it is not the first of its line.
    pub split: f32,
    /// A space-only line came before this piece's line.
    pub space: bool,
    pub first_word: f32,
    pub lower: bool,
    pub upper: bool,
    pub cell_like: bool,
    pub bullet: bool,
    pub deadline_start: bool,
    pub deadline_whole: bool,
    /// Begins with a figure (`7,25`, `100%`, `(Vị trí 5)` after one).
    pub value: bool,
    pub tail: End,
}

pub(super) fn dangles(t: &str) -> bool {
    t.ends_with([',', '-', '–', '(']) || t.rsplit(' ').next().is_some_and(|w| OPEN_WORDS.contains(&w))
}

/// Candidate glue points in a line, as byte offsets with the cost of cutting
/// there: before a deadline at the end of the line, before a bullet inside it,
/// before a capitalised word that follows a lowercase one, and (in tables with
/// value columns) before a number that follows a word or another value.
fn split_points(text: &str, numeric: bool) -> Vec<(usize, f32)> {
    let mut out: Vec<(usize, f32)> = Vec::new();
    if let Some(at) = deadline_tail(text) {
        out.push((at, 0.5));
    }
    let mut prev: &str = "";
    for (at, word) in words(text) {
        if at > 0 {
            if let Some(cost) = glue_cost(prev, word, text.get(at..).unwrap_or(""), numeric) {
                out.push((at, cost));
            }
        }
        prev = word;
    }
    out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    out.dedup_by_key(|p| p.0);
    out.truncate(MAX_PIECES - 1);
    out.sort_by_key(|p| p.0);
    out
}

/// Cost of a cut between `prev` and `word` (which starts `rest`), if a cell may
/// begin there.
fn glue_cost(prev: &str, word: &str, rest: &str, numeric: bool) -> Option<f32> {
    let after_word = prev.chars().last().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    let value = numeric && is_value(word) && (after_word || prev.ends_with(')'));
    // Only a few letters can start a deadline; skip the regex for the rest.
    let may_be_deadline = word.starts_with(['Q', 'N', 'T', 'H', 'Đ']) || word.starts_with(|c: char| c.is_ascii_digit());
    if value || may_be_deadline && DEADLINE_MID.is_match(rest) {
        Some(1.0)
    } else if is_bullet(word) && rest.chars().nth(2).is_some_and(starts_capital) {
        after_word.then_some(1.5)
    } else if is_title_case(word) && ends_sentence(prev) {
        Some(2.0)
    } else if is_title_case(word) || is_acronym(word) {
        // Not inside a proper name (`Sở Tư pháp`): the word before is plain.
        let plain = prev.starts_with(char::is_lowercase) || prev.ends_with(|c: char| c.is_ascii_digit() || c == ')');
        plain.then_some(3.0)
    } else {
        None
    }
}

fn is_acronym(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(|c| c.is_uppercase())
}

/// A deadline that may sit inside a line, glued between two cells.
static DEADLINE_MID: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:Quý\s+[IV1-4]|Năm\s+\d{4}|Tháng\s+\d|Thường xuyên|H[àằ]ng\s+(?:năm|quý|tháng)|Trước\s+(?:ngày\s+)?\d|\d{1,2}/\d{1,2}/\d{4}|Định kỳ|Theo (?:chế độ|kế hoạch|Kế hoạch|quy định))",
    )
});

/// A number as a value cell prints it: `7,25`, `5.00/10.0`, `85%`, `>90%`.
static VALUE: LazyLock<Regex> = LazyLock::new(|| re(r"^[<>≥≤]?\d+(?:[.,]\d+)*(?:%|/\d+(?:[.,]\d+)?)?$"));

pub(super) fn is_value(word: &str) -> bool {
    VALUE.is_match(word)
}

fn starts_capital(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit()
}

fn is_title_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// Words of a line with their byte offsets (the line's spaces are single).
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(' ').scan(0usize, |at, w| {
        let start = *at;
        *at += w.len() + 1;
        Some((start, w))
    })
}

/// Breaks every line (`text`, preceded by a space-only line) into pieces.
pub(super) fn pieces<'a>(lines: impl Iterator<Item = (&'a str, bool)>, numeric: bool) -> Vec<Piece> {
    let mut out = Vec::new();
    for (li, (text, space)) in lines.enumerate() {
        let mut bounds: Vec<(usize, f32)> = vec![(0, 0.0)];
        bounds.extend(split_points(text, numeric));
        for (i, &(start, split)) in bounds.iter().enumerate() {
            let end = bounds.get(i + 1).map_or(text.len(), |b| b.0);
            let Some(t) = text.get(start..end).map(str::trim) else {
                continue;
            };
            if t.is_empty() {
                continue;
            }
            let cstart = text.get(..start).map_or(0.0, span);
            out.push(Piece {
                line: li,
                start,
                end: start + t.len(),
                cstart,
                cend: cstart + span(t),
                split,
                space: space && i == 0,
                first_word: first_word_span(t),
                lower: starts_lower(t),
                upper: t.chars().next().is_some_and(char::is_uppercase),
                cell_like: starts_like_cell(t),
                bullet: is_bullet(t),
                deadline_start: deadline_start(t),
                deadline_whole: deadline_whole(t),
                value: t.split(' ').next().is_some_and(is_value),
                tail: End::of(t, false),
            });
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn glue_points() {
        let s = "Chất lượng không khí Theo dõi diễn biến chất lượng";
        let p = split_points(s, false);
        assert_eq!(p.len(), 1);
        assert_eq!(&s[p[0].0..], "Theo dõi diễn biến chất lượng");
        let s = "không khí - Đẩy mạnh tuyên truyền";
        assert_eq!(&s[split_points(s, false)[0].0..], "- Đẩy mạnh tuyên truyền");
        assert!(split_points("chính trị - xã hội", false).is_empty());
        let s = "Chi phí gia nhập thị trường 7,25 (Vị trí 11) 7,5 (Vị trí 5)";
        let at: Vec<&str> = split_points(s, true).iter().map(|p| &s[p.0..]).collect();
        assert_eq!(at, ["7,25 (Vị trí 11) 7,5 (Vị trí 5)", "7,5 (Vị trí 5)"]);
        assert!(dangles("cấp tỉnh, cấp,"));
        assert!(dangles("theo Nghị quyết số 04/NQ-CP ngày"));
        assert!(!dangles("quản lý biên chế"));
    }
}
