//! Text cleaning and folding.

use std::sync::LazyLock;

use regex::{Captures, Regex};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `<` + optional `/` + an ASCII letter + anything up to `>`: "a < b" is not a tag.
static TAG: LazyLock<Regex> = LazyLock::new(|| re(r"</?([A-Za-z][A-Za-z0-9]*)[^<>]*>"));
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| re(r"&(?:(amp|lt|gt|quot|apos|nbsp)|#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6}));"));
/// A Markdown heading marker opens a line; it is never content.
static HEADING: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)^[ \t]*#{1,6}[ \t]+"));
/// A single `*` wrapping text (`*Bình Định*`); a lone `*` (a footnote mark) stays.
static STAR_WRAP: LazyLock<Regex> = LazyLock::new(|| re(r"\*([^*\s](?:[^*]*[^*\s])?)\*"));

/// Compiles one of this crate's literal patterns; the unit tests exercise every one, so a
/// typo fails the tests rather than a user's run.
#[allow(clippy::expect_used)]
pub(crate) fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("literal pattern compiles")
}

/// Inline tags vanish (`<b>Sở</b>` keeps the word whole); any other tag is a break.
fn is_inline_tag(name: &str) -> bool {
    const INLINE: [&str; 11] = ["b", "i", "u", "em", "strong", "span", "sub", "sup", "a", "font", "s"];
    INLINE.iter().any(|t| t.eq_ignore_ascii_case(name))
}

fn strip_tags(s: &str) -> String {
    TAG.replace_all(s, |c: &Captures| if is_inline_tag(&c[1]) { "" } else { " " }).into_owned()
}

/// Decodes entities to the characters they name, except a `<` that would open
/// a tag (`&lt;script&gt;`): that stays as printed, so the data never holds
/// markup a careless consumer would run (consumers must escape all the same).
fn decode_entities(s: &str) -> String {
    ENTITY
        .replace_all(s, |c: &Captures| {
            let end = c.get(0).map_or(s.len(), |m| m.end());
            let rest = s[end..].trim_start_matches('/');
            let opens_tag = rest.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '!' || ch == '?');
            let is_lt = c.get(1).is_some_and(|m| m.as_str() == "lt")
                || c.get(2).is_some_and(|m| m.as_str().trim_start_matches('0') == "60")
                || c.get(3).is_some_and(|m| {
                    m.as_str().trim_start_matches('0') == "3c" || m.as_str().trim_start_matches('0') == "3C"
                });
            if is_lt && opens_tag {
                return c[0].to_string();
            }
            let named = c.get(1).map(|m| match m.as_str() {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => '\u{a0}',
            });
            let numeric = || {
                let (digits, radix) = match (c.get(2), c.get(3)) {
                    (Some(d), _) => (d.as_str(), 10),
                    (_, Some(h)) => (h.as_str(), 16),
                    _ => return None,
                };
                u32::from_str_radix(digits, radix).ok().and_then(char::from_u32).filter(|&ch| ch != '\0')
            };
            // An entity naming no character stays as printed.
            named.or_else(numeric).map_or_else(|| c[0].to_string(), String::from)
        })
        .into_owned()
}

fn strip_markdown(s: &str) -> String {
    let s = HEADING.replace_all(s, "");
    let s = s.replace("**", "").replace("__", "");
    STAR_WRAP.replace_all(&s, "$1").into_owned()
}

/// Joins every run of whitespace (NBSP, tabs, line breaks included) into one space and
/// drops invisible format characters.
fn collapse_ws(s: &str) -> String {
    // Word by word: an ASCII word (the bulk of any text) is copied whole.
    let mut out = String::with_capacity(s.len());
    for word in s.split(char::is_whitespace) {
        let before = out.len();
        if !out.is_empty() {
            out.push(' ');
        }
        let start = out.len();
        if word.is_ascii() {
            out.push_str(word);
        } else {
            out.extend(word.chars().filter(|&c| !is_invisible(c)));
        }
        if out.len() == start {
            out.truncate(before);
        }
    }
    out
}

fn is_invisible(ch: char) -> bool {
    matches!(ch, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}')
}

/// Cleans one cell or line for output: markup and entities removed, NFC, whitespace collapsed.
///
/// `<p>A</p> <p>B</p>` gives `A B`; `a < b` stays.
pub fn clean_text(s: &str) -> String {
    // Plain text (most cells and paragraphs) skips the markup passes: each of them
    // needs one of these characters to do anything.
    if !s.bytes().any(|b| matches!(b, b'<' | b'&' | b'#' | b'*' | b'_')) {
        return compose_and_collapse(s);
    }
    let s = strip_tags(s);
    let s = strip_markdown(&s);
    let s = decode_entities(&s);
    compose_and_collapse(&s)
}

fn compose_and_collapse(s: &str) -> String {
    // Most text arrives composed already; composing it again is the costliest step.
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return collapse_ws(s);
    }
    let s: String = s.nfc().collect();
    collapse_ws(&s)
}

/// One character folded for matching: diacritics dropped, `đ` to `d`, lowercased.
fn fold_char(ch: char, out: &mut String) {
    // Fast paths: ASCII, and precomposed Vietnamese letters from a table built
    // once (folding runs on every cell and clause, so it must be cheap).
    if ch.is_ascii() {
        out.push(ch.to_ascii_lowercase());
        return;
    }
    if let Some(&folded) = LATIN_FOLD.get(&ch) {
        out.push(folded);
        return;
    }
    fold_char_slow(ch, out);
}

/// Folds of the Latin letters Vietnamese uses (Latin-1, Extended-A/B, Extended
/// Additional), computed once by the general path.
static LATIN_FOLD: std::sync::LazyLock<std::collections::HashMap<char, char>> = std::sync::LazyLock::new(|| {
    let ranges = [0xC0u32..=0x24F, 0x1E00..=0x1EFF];
    let mut map = std::collections::HashMap::new();
    for cp in ranges.into_iter().flatten() {
        let Some(ch) = char::from_u32(cp) else { continue };
        let mut s = String::new();
        fold_char_slow(ch, &mut s);
        let mut chars = s.chars();
        if let (Some(one), None) = (chars.next(), chars.next()) {
            map.insert(ch, one);
        }
    }
    map
});

fn fold_char_slow(ch: char, out: &mut String) {
    for base in std::iter::once(ch).nfd().filter(|c| !is_combining_mark(*c)) {
        match base {
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            _ => out.extend(base.to_lowercase()),
        }
    }
}

/// The matching key of a text: no diacritics, `đ` as `d`, lowercase, every run of
/// non-alphanumeric characters as one space, trimmed. Composed and decomposed input
/// (and both tone placements, `hoà`/`hòa`) fold alike.
pub fn fold(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for ch in s.chars() {
        fold_char(ch, &mut folded);
    }
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Like [`fold`] but punctuation kept (dashes unified to `-`) and whitespace collapsed, for
/// patterns that need `/`, `-` or `,`.
pub(crate) fn fold_keep(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => folded.push('-'),
            _ => fold_char(ch, &mut folded),
        }
    }
    collapse_ws(&folded)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn clean_removes_markup() {
        assert_eq!(clean_text("<p>A</p> <p>B</p>"), "A B");
        assert_eq!(clean_text("<p>A</p><p>B</p>"), "A B");
        assert_eq!(
            clean_text(r#"<ul style="list-style-type: none"> - Sở Nội vụ; - Sở Tư pháp </ul>"#),
            "- Sở Nội vụ; - Sở Tư pháp"
        );
        assert_eq!(clean_text("<b>Công tác</b> chỉ đạo<br/>điều hành<br>CCHC"), "Công tác chỉ đạo điều hành CCHC");
        assert_eq!(clean_text("<strong>Sở</strong> <i>Nội vụ</i>"), "Sở Nội vụ");
        assert_eq!(clean_text("<li>Một</li><li>Hai</li>"), "Một Hai");
    }

    #[test]
    fn clean_keeps_comparisons() {
        assert_eq!(clean_text("a < b và c > d"), "a < b và c > d");
        assert_eq!(clean_text("1 <2"), "1 <2");
        assert_eq!(clean_text("x <= y"), "x <= y");
    }

    #[test]
    fn clean_markdown() {
        assert_eq!(clean_text("**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**"), "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH");
        assert_eq!(clean_text("## **KẾ HOẠCH**"), "KẾ HOẠCH");
        assert_eq!(clean_text("*Bình Định, ngày 08 tháng 06 năm 2023*"), "Bình Định, ngày 08 tháng 06 năm 2023");
        assert_eq!(clean_text("__Gạch__ chân"), "Gạch chân");
        assert_eq!(clean_text("Ghi chú *"), "Ghi chú *");
        assert_eq!(clean_text("2 * 3 * 4"), "2 * 3 * 4");
    }

    #[test]
    fn clean_entities() {
        assert_eq!(clean_text("HĐND &amp; UBND"), "HĐND & UBND");
        assert_eq!(clean_text("&lt; b&gt; &quot;x&quot; &#39;y&#39;"), "< b> \"x\" 'y'");
        assert_eq!(clean_text("a &lt;script&gt;x&#60;/script> &#x3c;img"), "a &lt;script>x&#60;/script> &#x3c;img");
        assert_eq!(clean_text("a&nbsp;&nbsp;b"), "a b");
        assert_eq!(clean_text("&#7889;&#x1EC7;"), "ốệ");
        assert_eq!(clean_text("&amp;lt;"), "&lt;");
        assert_eq!(clean_text("&#0; &#xFFFFFF; &bogus;"), "&#0; &#xFFFFFF; &bogus;");
    }

    #[test]
    fn clean_whitespace_and_nfc() {
        assert_eq!(clean_text("  Sở\u{a0}Nội\tvụ\r\n tỉnh  "), "Sở Nội vụ tỉnh");
        // "ệ" decomposed (e + dot below + circumflex) composes.
        assert_eq!(clean_text("Vi\u{0065}\u{0323}\u{0302}t"), "Việt");
        assert_eq!(clean_text("a\u{200b}b"), "ab");
        assert_eq!(clean_text(""), "");
    }

    #[test]
    fn fold_basics() {
        assert_eq!(fold("Đồng Nai"), "dong nai");
        assert_eq!(fold("  THỜI GIAN   hoàn thành! "), "thoi gian hoan thanh");
        assert_eq!(fold("Vi\u{0065}\u{0323}\u{0302}t"), "viet");
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("Uỷ ban"), fold("Ủy ban"));
        assert_eq!(fold("PAR-INDEX/2023"), "par index 2023");
        assert_eq!(fold("—"), "");
    }

    #[test]
    fn fold_keep_keeps_punctuation() {
        assert_eq!(fold_keep("Quý III/2023 – 2025"), "quy iii/2023 - 2025");
        assert_eq!(fold_keep("  Trước   ngày 30/6/2023. "), "truoc ngay 30/6/2023.");
    }

    /// The char-by-char definition `collapse_ws` must agree with.
    fn collapse_reference(s: &str) -> String {
        let mut out = String::new();
        let mut pending = false;
        for ch in s.chars() {
            if is_invisible(ch) {
                continue;
            }
            if ch.is_whitespace() {
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

    proptest::proptest! {
        #[test]
        fn collapse_matches_its_definition(s in "[ a\t\n\u{a0}\u{200b}\u{ad}\u{3000}ếĐ.]{0,40}") {
            proptest::prop_assert_eq!(collapse_ws(&s), collapse_reference(&s));
        }
    }
}
