//! Cell text as the layout wants it: NFC, whitespace collapsed, line breaks kept
//! only where they separate items.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Cleans a cell's text. Each line (Alt+Enter in Excel, a paragraph in
/// LibreOffice) is collapsed and trimmed; empty lines go. A line that starts in
/// lower case continues the sentence above, which the author broke only to wrap
/// it, so it is joined with a space; other lines (`- Sở Nội vụ`, a new body, a new
/// sentence) stay on their own, joined with `\n` as the layout's paragraphs are.
pub(crate) fn clean_cell(raw: &str) -> String {
    if is_clean(raw) {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    for line in raw.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{b}']) {
        let line = collapse(line);
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            let wrap = line.chars().next().is_some_and(char::is_lowercase);
            out.push(if wrap { ' ' } else { '\n' });
        }
        out.push_str(&line);
    }
    if is_nfc_quick(out.chars()) == IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    }
}

/// Most cells need nothing done: one line, single spaces, no invisible
/// characters, already NFC. Checking is much cheaper than rebuilding.
fn is_clean(raw: &str) -> bool {
    let mut prev_space = true;
    for ch in raw.chars() {
        let space = ch == ' ';
        if space && prev_space || !space && (ch.is_whitespace() || ch.is_control() || is_invisible(ch)) {
            return false;
        }
        prev_space = space;
    }
    !prev_space && is_nfc_quick(raw.chars()) == IsNormalized::Yes
}

fn is_invisible(ch: char) -> bool {
    matches!(ch, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}')
}

/// Joins runs of whitespace (NBSP and tabs too) into one space, trims, and drops
/// invisible format characters.
fn collapse(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending = false;
    for ch in line.chars() {
        if is_invisible(ch) {
            continue;
        }
        if ch.is_whitespace() || ch.is_control() {
            pending = true;
            continue;
        }
        if pending && !out.is_empty() {
            out.push(' ');
        }
        pending = false;
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_join_items_stay() {
        assert_eq!(clean_cell("Sở Kế hoạch\nvà Đầu tư"), "Sở Kế hoạch và Đầu tư");
        assert_eq!(clean_cell("- Sở Nội vụ;\r\n- Sở Tư pháp\n\n"), "- Sở Nội vụ;\n- Sở Tư pháp");
        assert_eq!(clean_cell("  a\u{a0}\u{a0}b\t c  "), "a b c");
        assert_eq!(clean_cell("Su\u{0323}"), "Sụ");
        assert_eq!(clean_cell(" \n "), "");
        assert_eq!(clean_cell("Sở Nội vụ"), "Sở Nội vụ");
        assert_eq!(clean_cell("a  b"), "a b");
        assert_eq!(clean_cell("a "), "a");
        assert_eq!(clean_cell("a\u{ad}b"), "ab");
    }
}
