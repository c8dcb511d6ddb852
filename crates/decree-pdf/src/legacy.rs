//! Legacy Vietnamese 8-bit font encodings, recognised by font name.
//!
//! Before Unicode, Vietnamese documents were typed in fonts that put Vietnamese
//! letters on Latin-1 code points: TCVN3 (ABC, fonts `.VnTime`, `.VnArial`…,
//! with all-capital twins `.VnTimeH`) gives each precomposed letter one byte;
//! VNI (fonts `VNI-Times`…) types a base letter followed by a byte for its
//! marks. A PDF printed from such a document carries the bytes (or their cp1252
//! reading in its ToUnicode map), so text comes out as `B¶o Th¾ng` unless
//! converted here.

/// A legacy encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Legacy {
    /// TCVN3 (ABC); `upper` for the all-capital fonts (`.VnTimeH`).
    Tcvn3 {
        upper: bool,
    },
    Vni,
}

/// The legacy encoding a font name announces: `.VnTime`, `ABCDEF+.VnTimeH,Bold`,
/// `VnArial`, `VNI-Times`.
pub(crate) fn detect(base_font: &str) -> Option<Legacy> {
    let name = strip_subset(base_font);
    let family = name.split([',', '-']).next().unwrap_or(name);
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("vni-") || lower.starts_with("vni_") || lower.starts_with("vni ") {
        return Some(Legacy::Vni);
    }
    let vn = name.strip_prefix('.').or_else(|| name.strip_prefix('_')).unwrap_or(name);
    let mut chars = vn.chars();
    let is_vn = vn.starts_with("Vn") && {
        chars.nth(1);
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
    };
    if !is_vn {
        return None;
    }
    let family = family.trim_end_matches(' ');
    Some(Legacy::Tcvn3 { upper: family.ends_with('H') })
}

/// `ABCDEF+Name` → `Name`.
pub(crate) fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

/// TCVN3 bytes 0xA1–0xFE: the Vietnamese letters (`\0` where the byte keeps
/// its Latin-1 meaning).
const TCVN3: [char; 94] = [
    // A1..AF
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', '\0', //
    // B0..BF
    '\0', '\0', '\0', '\0', '\0', 'à', 'ả', 'ã', 'á', 'ạ', '\0', 'ằ', 'ẳ', 'ẵ', 'ắ', '\0', //
    // C0..CF
    '\0', '\0', '\0', '\0', '\0', '\0', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', '\0', 'ẻ', 'ẽ', //
    // D0..DF
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', '\0', '\0', '\0', 'ĩ', 'í', 'ị', 'ò', //
    // E0..EF
    '\0', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', //
    // F0..FE
    '\0', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ',
];

/// VNI bytes: a lone letter, or marks for the letter before (as combining
/// characters; the caller composes to NFC).
fn vni(byte: u8) -> Option<&'static str> {
    Some(match byte {
        // Tone and vowel marks after a lower-case vowel.
        0xF8 => "\u{300}",
        0xF9 => "\u{301}",
        0xFB => "\u{309}",
        0xF5 => "\u{303}",
        0xEF => "\u{323}",
        0xE2 => "\u{302}",
        0xE0 => "\u{302}\u{300}",
        0xE1 => "\u{302}\u{301}",
        0xE5 => "\u{302}\u{309}",
        0xE3 => "\u{302}\u{303}",
        0xE4 => "\u{302}\u{323}",
        0xEA => "\u{306}",
        0xE8 => "\u{306}\u{300}",
        0xE9 => "\u{306}\u{301}",
        0xFA => "\u{306}\u{309}",
        0xFC => "\u{306}\u{303}",
        0xEB => "\u{306}\u{323}",
        // The same after a capital.
        0xD8 => "\u{300}",
        0xD9 => "\u{301}",
        0xDB => "\u{309}",
        0xD5 => "\u{303}",
        0xCF => "\u{323}",
        0xC2 => "\u{302}",
        0xC0 => "\u{302}\u{300}",
        0xC1 => "\u{302}\u{301}",
        0xC5 => "\u{302}\u{309}",
        0xC3 => "\u{302}\u{303}",
        0xC4 => "\u{302}\u{323}",
        0xCA => "\u{306}",
        0xC8 => "\u{306}\u{300}",
        0xC9 => "\u{306}\u{301}",
        0xDA => "\u{306}\u{309}",
        0xDC => "\u{306}\u{303}",
        0xCB => "\u{306}\u{323}",
        // Letters of their own.
        0xF1 => "đ",
        0xEC => "ì",
        0xED => "í",
        0xE6 => "ỉ",
        0xF3 => "ĩ",
        0xF2 => "ị",
        0xF4 => "ơ",
        0xF6 => "ư",
        0xEE => "ỵ",
        0xD1 => "Đ",
        0xCC => "Ì",
        0xCD => "Í",
        0xC6 => "Ỉ",
        0xD3 => "Ĩ",
        0xD2 => "Ị",
        0xD4 => "Ơ",
        0xD6 => "Ư",
        0xCE => "Ỵ",
        _ => return None,
    })
}

/// Appends the text of one legacy byte to `out`.
pub(crate) fn push_byte(legacy: Legacy, byte: u8, out: &mut String) {
    match legacy {
        Legacy::Tcvn3 { upper } => {
            let c = byte
                .checked_sub(0xA1)
                .and_then(|i| TCVN3.get(usize::from(i)))
                .copied()
                .filter(|&c| c != '\0')
                .or_else(|| crate::encoding::base_char(crate::encoding::Base::WinAnsi, byte))
                .unwrap_or('\u{FFFD}');
            if upper {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
        }
        Legacy::Vni => match vni(byte) {
            Some(s) => out.push_str(s),
            None => out.push(crate::encoding::base_char(crate::encoding::Base::WinAnsi, byte).unwrap_or('\u{FFFD}')),
        },
    }
}

/// True for the letters Vietnamese adds beyond Latin-1: text a ToUnicode map
/// already gives this way needs no conversion.
pub(crate) fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        u32::from(c),
        0x102 | 0x103 | 0x110 | 0x111 | 0x128 | 0x129 | 0x168 | 0x169 | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x1EA0..=0x1EF9
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// Every Vietnamese letter, lower case then upper case.
    const LETTERS: &str = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";

    fn decode(legacy: Legacy, bytes: &[u8]) -> String {
        let mut s = String::new();
        for &b in bytes {
            push_byte(legacy, b, &mut s);
        }
        s.nfc().collect()
    }

    /// TCVN3 bytes of a lower-case text, built from the table.
    fn tcvn3_bytes(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| match TCVN3.iter().position(|&t| t == c) {
                Some(i) => 0xA1 + i as u8,
                None => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            })
            .collect()
    }

    #[test]
    fn tcvn3_round_trips_every_letter() {
        let bytes = tcvn3_bytes(LETTERS);
        assert_eq!(bytes.len(), LETTERS.chars().count(), "one byte per letter");
        assert_eq!(decode(Legacy::Tcvn3 { upper: false }, &bytes), LETTERS);
        assert_eq!(decode(Legacy::Tcvn3 { upper: true }, &bytes), LETTERS.to_uppercase());
        for (c, b) in "ĂÂÊÔƠƯĐ".chars().zip(0xA1u8..) {
            assert_eq!(decode(Legacy::Tcvn3 { upper: false }, &[b]), c.to_string());
        }
    }

    #[test]
    fn tcvn3_known_words() {
        // As a cp1252 reader shows them, and as written.
        for (seen, text) in
            [("B¶o Th¾ng", "Bảo Thắng"), ("M\u{ad}êng Kh\u{ad}¬ng", "Mường Khương"), ("B¸t X¸t", "Bát Xát")]
        {
            let bytes: Vec<u8> = seen.chars().filter_map(crate::encoding::win_code).collect();
            assert_eq!(decode(Legacy::Tcvn3 { upper: false }, &bytes), text);
        }
    }

    #[test]
    fn vni_round_trips_every_letter() {
        // VNI spells each letter as its base letter plus one mark byte (or a byte of its own).
        let mut bytes = Vec::new();
        for c in LETTERS.chars().chain(LETTERS.to_uppercase().chars()) {
            bytes.extend(vni_bytes(c));
        }
        let expected: String = LETTERS.chars().chain(LETTERS.to_uppercase().chars()).collect();
        assert_eq!(decode(Legacy::Vni, &bytes), expected);
        let latin1 = "Xin chaøo caùc baïn, Vieät Nam";
        let bytes: Vec<u8> = latin1.chars().filter_map(crate::encoding::win_code).collect();
        assert_eq!(decode(Legacy::Vni, &bytes), "Xin chào các bạn, Việt Nam");
    }

    /// Inverse of the VNI table for one letter: a lone byte, or base + marks.
    fn vni_bytes(c: char) -> Vec<u8> {
        if let Some(b) = (0x80..=0xFFu8).find(|&b| vni(b) == Some(c.to_string().as_str())) {
            return vec![b];
        }
        let decomposed: String = c.to_string().nfd().collect();
        let mut chars = decomposed.chars();
        let base = chars.next().unwrap_or('?');
        let marks: String = chars.collect();
        // `ơ`, `ư` are letters of their own in VNI; their tone follows them.
        let (head, marks): (Vec<u8>, String) = match marks.strip_prefix('\u{31B}') {
            Some(rest) => {
                let letter: String = format!("{base}\u{31B}").nfc().collect();
                ((0x80..=0xFFu8).filter(|&b| vni(b) == Some(letter.as_str())).collect(), rest.to_owned())
            }
            None => (vec![base as u8], marks),
        };
        // Marks in VNI order: vowel mark (circumflex, breve) before the tone.
        let mut ordered: String = marks.chars().filter(|m| matches!(m, '\u{302}' | '\u{306}')).collect();
        ordered.extend(marks.chars().filter(|m| !matches!(m, '\u{302}' | '\u{306}')));
        let upper = base.is_uppercase();
        let mut out = head;
        if !ordered.is_empty() {
            let range: Vec<u8> = if upper { (0xC0..=0xDF).collect() } else { (0xE0..=0xFF).collect() };
            let b = range.into_iter().find(|&b| vni(b) == Some(ordered.as_str()));
            out.push(b.unwrap_or(b'?'));
        }
        out
    }

    #[test]
    fn detects_fonts_by_name() {
        assert_eq!(detect(".VnTime"), Some(Legacy::Tcvn3 { upper: false }));
        assert_eq!(detect("ABCDEF+.VnTimeH,Bold"), Some(Legacy::Tcvn3 { upper: true }));
        assert_eq!(detect("VnArial"), Some(Legacy::Tcvn3 { upper: false }));
        assert_eq!(detect("VNI-Times-Bold"), Some(Legacy::Vni));
        assert_eq!(detect("TimesNewRomanPSMT"), None);
        assert_eq!(detect("Vnexpress"), None);
        assert_eq!(detect("BAAAAA+LiberationSerif-Bold"), None);
    }
}
