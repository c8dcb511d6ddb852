//! Simple-font encodings: the base encodings (WinAnsi, MacRoman, Standard) and
//! glyph names (`/Differences`) to Unicode.

use unicode_normalization::UnicodeNormalization;

/// Which base encoding a simple font starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    WinAnsi,
    MacRoman,
    Standard,
}

/// cp1252's 0x80–0x9F; `\0` where the code page leaves a hole.
const WIN_80: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“', '”', '•',
    '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// MacRoman's upper half.
const MAC_80: [char; 128] = [
    'Ä', 'Å', 'Ç', 'É', 'Ñ', 'Ö', 'Ü', 'á', 'à', 'â', 'ä', 'ã', 'å', 'ç', 'é', 'è', 'ê', 'ë', 'í', 'ì', 'î', 'ï', 'ñ',
    'ó', 'ò', 'ô', 'ö', 'õ', 'ú', 'ù', 'û', 'ü', '†', '°', '¢', '£', '§', '•', '¶', 'ß', '®', '©', '™', '´', '¨', '≠',
    'Æ', 'Ø', '∞', '±', '≤', '≥', '¥', 'µ', '∂', '∑', '∏', 'π', '∫', 'ª', 'º', 'Ω', 'æ', 'ø', '¿', '¡', '¬', '√', 'ƒ',
    '≈', '∆', '«', '»', '…', '\u{a0}', 'À', 'Ã', 'Õ', 'Œ', 'œ', '–', '—', '“', '”', '‘', '’', '÷', '◊', 'ÿ', 'Ÿ', '⁄',
    '€', '‹', '›', 'ﬁ', 'ﬂ', '‡', '·', '‚', '„', '‰', 'Â', 'Ê', 'Á', 'Ë', 'È', 'Í', 'Î', 'Ï', 'Ì', 'Ó', 'Ô',
    '\u{f8ff}', 'Ò', 'Ú', 'Û', 'Ù', 'ı', 'ˆ', '˜', '¯', '˘', '˙', '˚', '¸', '˝', '˛', 'ˇ',
];

/// The character a base encoding gives a code, if any.
pub(crate) fn base_char(base: Base, code: u8) -> Option<char> {
    let c = match (base, code) {
        (_, 0..=0x1F) => return None,
        (Base::Standard, 0x27) => '’',
        (Base::Standard, 0x60) => '‘',
        (_, 0x20..=0x7E) => char::from(code),
        (Base::WinAnsi, 0x80..=0x9F) => WIN_80[usize::from(code - 0x80)],
        (Base::MacRoman, 0x80..=0xFF) => MAC_80[usize::from(code - 0x80)],
        (Base::Standard, 0x80..=0xFF) => standard_high(code)?,
        (_, 0xA0..=0xFF) => char::from(code),
        _ => return None,
    };
    (c != '\0').then_some(c)
}

fn standard_high(code: u8) -> Option<char> {
    Some(match code {
        0xA1 => '¡',
        0xA2 => '¢',
        0xA3 => '£',
        0xA4 => '⁄',
        0xA5 => '¥',
        0xA6 => 'ƒ',
        0xA7 => '§',
        0xA9 => '\'',
        0xAA => '“',
        0xAB => '«',
        0xAE => 'ﬁ',
        0xAF => 'ﬂ',
        0xB1 => '–',
        0xB2 => '†',
        0xB3 => '‡',
        0xB4 => '·',
        0xB7 => '•',
        0xBA => '”',
        0xBB => '»',
        0xBC => '…',
        0xBD => '‰',
        0xD0 => '—',
        0xE1 => 'Æ',
        0xE8 => 'Ł',
        0xE9 => 'Ø',
        0xEA => 'Œ',
        0xF1 => 'æ',
        0xF5 => 'ı',
        0xF8 => 'ł',
        0xF9 => 'ø',
        0xFA => 'œ',
        0xFB => 'ß',
        _ => return None,
    })
}

/// The code cp1252 gives a character, for reading legacy Vietnamese fonts whose
/// text came out as cp1252 characters.
pub(crate) fn win_code(c: char) -> Option<u8> {
    let v = u32::from(c);
    if v < 0x80 || (0xA0..=0xFF).contains(&v) {
        return u8::try_from(v).ok();
    }
    if (0xF000..=0xF0FF).contains(&v) {
        // Symbol-font private-use mapping (Word writes legacy fonts this way).
        return u8::try_from(v - 0xF000).ok();
    }
    WIN_80.iter().position(|&w| w == c && w != '\0').and_then(|i| u8::try_from(0x80 + i).ok())
}

/// Names that are not letters with accents.
const NAMED: [(&str, &str); 120] = [
    ("space", " "),
    ("nbspace", "\u{a0}"),
    ("exclam", "!"),
    ("quotedbl", "\""),
    ("numbersign", "#"),
    ("dollar", "$"),
    ("percent", "%"),
    ("ampersand", "&"),
    ("quotesingle", "'"),
    ("quoteright", "’"),
    ("quoteleft", "‘"),
    ("parenleft", "("),
    ("parenright", ")"),
    ("asterisk", "*"),
    ("plus", "+"),
    ("comma", ","),
    ("hyphen", "-"),
    ("sfthyphen", "-"),
    ("period", "."),
    ("slash", "/"),
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("colon", ":"),
    ("semicolon", ";"),
    ("less", "<"),
    ("equal", "="),
    ("greater", ">"),
    ("question", "?"),
    ("at", "@"),
    ("bracketleft", "["),
    ("backslash", "\\"),
    ("bracketright", "]"),
    ("asciicircum", "^"),
    ("underscore", "_"),
    ("braceleft", "{"),
    ("bar", "|"),
    ("braceright", "}"),
    ("asciitilde", "~"),
    ("quotedblleft", "“"),
    ("quotedblright", "”"),
    ("quotesinglbase", "‚"),
    ("quotedblbase", "„"),
    ("guillemotleft", "«"),
    ("guillemotright", "»"),
    ("guilsinglleft", "‹"),
    ("guilsinglright", "›"),
    ("endash", "–"),
    ("emdash", "—"),
    ("bullet", "•"),
    ("ellipsis", "…"),
    ("dagger", "†"),
    ("daggerdbl", "‡"),
    ("periodcentered", "·"),
    ("perthousand", "‰"),
    ("trademark", "™"),
    ("copyright", "©"),
    ("registered", "®"),
    ("degree", "°"),
    ("plusminus", "±"),
    ("multiply", "×"),
    ("divide", "÷"),
    ("minus", "−"),
    ("section", "§"),
    ("paragraph", "¶"),
    ("fraction", "⁄"),
    ("florin", "ƒ"),
    ("Euro", "€"),
    ("cent", "¢"),
    ("sterling", "£"),
    ("yen", "¥"),
    ("currency", "¤"),
    ("brokenbar", "¦"),
    ("ordfeminine", "ª"),
    ("ordmasculine", "º"),
    ("logicalnot", "¬"),
    ("onesuperior", "¹"),
    ("twosuperior", "²"),
    ("threesuperior", "³"),
    ("onehalf", "½"),
    ("onequarter", "¼"),
    ("threequarters", "¾"),
    ("exclamdown", "¡"),
    ("questiondown", "¿"),
    ("mu", "µ"),
    ("germandbls", "ß"),
    ("ae", "æ"),
    ("AE", "Æ"),
    ("oe", "œ"),
    ("OE", "Œ"),
    ("oslash", "ø"),
    ("Oslash", "Ø"),
    ("eth", "ð"),
    ("Eth", "Ð"),
    ("thorn", "þ"),
    ("Thorn", "Þ"),
    ("dotlessi", "ı"),
    ("dcroat", "đ"),
    ("Dcroat", "Đ"),
    ("dmacron", "đ"),
    ("Dslash", "Đ"),
    ("fi", "fi"),
    ("fl", "fl"),
    ("ff", "ff"),
    ("ffi", "ffi"),
    ("ffl", "ffl"),
    ("acute", "´"),
    ("grave", "`"),
    ("dieresis", "¨"),
    ("circumflex", "ˆ"),
    ("tilde", "˜"),
    ("macron", "¯"),
    ("cedilla", "¸"),
];

/// Accent suffixes of composed glyph names, longest first within a family.
const MARKS: [(&str, char); 14] = [
    ("circumflex", '\u{302}'),
    ("hookabove", '\u{309}'),
    ("dotbelow", '\u{323}'),
    ("dieresis", '\u{308}'),
    ("cedilla", '\u{327}'),
    ("macron", '\u{304}'),
    ("acute", '\u{301}'),
    ("grave", '\u{300}'),
    ("tilde", '\u{303}'),
    ("breve", '\u{306}'),
    ("caron", '\u{30C}'),
    ("horn", '\u{31B}'),
    ("ring", '\u{30A}'),
    ("hook", '\u{309}'),
];

/// Unicode for a glyph name: `uniXXXX`, `uXXXX`, named punctuation, and letters
/// with accent suffixes (`ohornacute` → `ớ`, `Acircumflexdotbelow` → `Ậ`).
pub(crate) fn glyph_to_unicode(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    // `a.sc`, `one.oldstyle`: the part before the dot names the character.
    let name = name.split('.').next().filter(|n| !n.is_empty())?;
    if name.contains('_') {
        let parts: Option<String> = name.split('_').map(|p| glyph_to_unicode(p.as_bytes())).collect();
        return parts;
    }
    if let Some(s) = hex_name(name) {
        return Some(s);
    }
    if let Some((_, s)) = NAMED.iter().find(|(n, _)| *n == name) {
        return Some((*s).to_owned());
    }
    composed(name)
}

fn hex_name(name: &str) -> Option<String> {
    let hex_digits = |h: &str| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit());
    if let Some(hex) = name.strip_prefix("uni") {
        // `uniXXXXYYYY` is a sequence of BMP characters.
        if !hex_digits(hex) || hex.len() % 4 != 0 {
            return None;
        }
        return hex
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).ok().and_then(|s| u32::from_str_radix(s, 16).ok()).and_then(char::from_u32))
            .collect();
    }
    let hex = name.strip_prefix('u')?;
    if !hex_digits(hex) || !(4..=6).contains(&hex.len()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map(String::from)
}

/// A base letter followed by accent names.
fn composed(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let base = chars.next().filter(char::is_ascii_alphabetic)?;
    let mut rest = chars.as_str();
    if rest.is_empty() {
        return Some(base.to_string());
    }
    let mut out = String::from(base);
    while !rest.is_empty() {
        let (suffix, mark) = MARKS.iter().find(|(s, _)| rest.starts_with(s))?;
        out.push(*mark);
        rest = &rest[suffix.len()..];
    }
    Some(out.nfc().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(n: &str) -> Option<String> {
        glyph_to_unicode(n.as_bytes())
    }

    #[test]
    fn vietnamese_glyph_names() {
        assert_eq!(g("ohornacute").as_deref(), Some("ớ"));
        assert_eq!(g("Acircumflexdotbelow").as_deref(), Some("Ậ"));
        assert_eq!(g("uhorntilde").as_deref(), Some("ữ"));
        assert_eq!(g("ecircumflexhookabove").as_deref(), Some("ể"));
        assert_eq!(g("dcroat").as_deref(), Some("đ"));
        assert_eq!(g("uni1EA0").as_deref(), Some("Ạ"));
        assert_eq!(g("u1EF9").as_deref(), Some("ỹ"));
        assert_eq!(g("f_i").as_deref(), Some("fi"));
        assert_eq!(g("a.sc").as_deref(), Some("a"));
        assert_eq!(g("space").as_deref(), Some(" "));
        assert_eq!(g("glyph123"), None);
    }

    #[test]
    fn base_encodings() {
        assert_eq!(base_char(Base::WinAnsi, 0x93), Some('“'));
        assert_eq!(base_char(Base::WinAnsi, 0x81), None);
        assert_eq!(base_char(Base::WinAnsi, 0xE0), Some('à'));
        assert_eq!(base_char(Base::MacRoman, 0x8E), Some('é'));
        assert_eq!(base_char(Base::Standard, 0x27), Some('’'));
        assert_eq!(win_code('“'), Some(0x93));
        assert_eq!(win_code('\u{F0B5}'), Some(0xB5));
        assert_eq!(win_code('µ'), Some(0xB5));
    }
}
