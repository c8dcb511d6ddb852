//! CMaps: `ToUnicode` maps (code → text) and embedded encoding CMaps of Type0
//! fonts (code → CID), with their codespace ranges (how many bytes a code takes).

use crate::lexer::{Lexer, Operand, Token};
use std::collections::HashMap;

/// Most code entries one CMap may define; a hostile `bfrange` could ask for 2³².
const MAX_ENTRIES: usize = 200_000;

/// A code as read from a string: its value and its length in bytes.
pub(crate) type Code = (u32, u8);

#[derive(Debug, Default, Clone)]
pub(crate) struct CMap {
    /// `(bytes, low, high)`.
    pub codespace: Vec<(u8, u32, u32)>,
    /// Code → text (`ToUnicode`).
    pub unicode: HashMap<u64, String>,
    /// Code → CID (encoding CMaps).
    pub cid: HashMap<u64, u32>,
    /// `cidrange` entries kept as ranges: `(bytes, low, high, first cid)`.
    pub cid_ranges: Vec<(u8, u32, u32, u32)>,
}

fn key(code: u32, len: u8) -> u64 {
    u64::from(len) << 32 | u64::from(code)
}

fn code_of(bytes: &[u8]) -> Option<Code> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let v = bytes.iter().fold(0u32, |a, &b| a << 8 | u32::from(b));
    Some((v, bytes.len() as u8))
}

/// UTF-16BE as the CMap spec writes destinations; odd or broken data is read
/// byte by byte rather than lost.
pub(crate) fn utf16be(bytes: &[u8]) -> String {
    if bytes.len() % 2 == 1 {
        return bytes.iter().map(|&b| char::from(b)).collect();
    }
    let units = bytes.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]]));
    char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect()
}

/// The destination of a `bfrange` entry `offset` codes past its start: the
/// destination's last UTF-16 unit advanced by `offset`.
fn shifted(dst: &[u8], offset: u32) -> String {
    if dst.len() < 2 || dst.len() % 2 == 1 {
        return utf16be(dst);
    }
    let mut units: Vec<u16> = dst.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
    if let Some(last) = units.last_mut() {
        *last = last.wrapping_add((offset & 0xFFFF) as u16);
    }
    char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect()
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut map = CMap::default();
        let mut lexer = Lexer::new(data);
        let mut operands: Vec<Operand> = Vec::new();
        let mut section: Option<&[u8]> = None;
        while let Some(tok) = lexer.next_token() {
            match tok {
                Token::Operand(o) => {
                    if section.is_some() {
                        operands.push(o);
                    }
                }
                Token::Op(op) => match op {
                    b"begincodespacerange" | b"beginbfchar" | b"beginbfrange" | b"begincidchar" | b"begincidrange" => {
                        section = Some(op);
                        operands.clear();
                    }
                    b"endcodespacerange" | b"endbfchar" | b"endbfrange" | b"endcidchar" | b"endcidrange" => {
                        if let Some(s) = section.take() {
                            map.section(s, &operands);
                        }
                        operands.clear();
                    }
                    _ => {}
                },
            }
            if map.unicode.len() + map.cid.len() > MAX_ENTRIES {
                break;
            }
        }
        map
    }

    fn section(&mut self, kind: &[u8], ops: &[Operand]) {
        match kind {
            b"begincodespacerange" => {
                for pair in ops.chunks_exact(2) {
                    if let (Operand::Str(lo), Operand::Str(hi)) = (&pair[0], &pair[1]) {
                        if let (Some((l, n)), Some((h, _))) = (code_of(lo), code_of(hi)) {
                            self.codespace.push((n, l, h));
                        }
                    }
                }
            }
            b"beginbfchar" => {
                for pair in ops.chunks_exact(2) {
                    let Operand::Str(src) = &pair[0] else { continue };
                    let Some((c, n)) = code_of(src) else { continue };
                    let text = match &pair[1] {
                        Operand::Str(dst) => utf16be(dst),
                        Operand::Name(name) => crate::encoding::glyph_to_unicode(name).unwrap_or_default(),
                        _ => continue,
                    };
                    self.unicode.insert(key(c, n), text);
                }
            }
            b"beginbfrange" => {
                for triple in ops.chunks_exact(3) {
                    self.bf_range(triple);
                }
            }
            b"begincidchar" => {
                for pair in ops.chunks_exact(2) {
                    if let (Operand::Str(src), Some(cid)) = (&pair[0], pair[1].num()) {
                        if let Some((c, n)) = code_of(src) {
                            self.cid.insert(key(c, n), cid.max(0.0) as u32);
                        }
                    }
                }
            }
            b"begincidrange" => {
                for triple in ops.chunks_exact(3) {
                    if let (Operand::Str(lo), Operand::Str(hi), Some(cid)) = (&triple[0], &triple[1], triple[2].num()) {
                        if let (Some((l, n)), Some((h, _))) = (code_of(lo), code_of(hi)) {
                            self.cid_ranges.push((n, l, h, cid.max(0.0) as u32));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn bf_range(&mut self, t: &[Operand]) {
        let (Operand::Str(lo), Operand::Str(hi)) = (&t[0], &t[1]) else { return };
        let (Some((l, n)), Some((h, _))) = (code_of(lo), code_of(hi)) else { return };
        if h < l || h - l > 0xFFFF || self.unicode.len() + (h - l) as usize > MAX_ENTRIES {
            return;
        }
        match &t[2] {
            Operand::Str(dst) => {
                for (i, code) in (l..=h).enumerate() {
                    self.unicode.insert(key(code, n), shifted(dst, i as u32));
                }
            }
            Operand::Array(items) => {
                for (code, item) in (l..=h).zip(items) {
                    if let Operand::Str(dst) = item {
                        self.unicode.insert(key(code, n), utf16be(dst));
                    }
                }
            }
            _ => {}
        }
    }

    pub fn to_unicode(&self, code: Code) -> Option<&str> {
        self.unicode.get(&key(code.0, code.1)).map(String::as_str)
    }

    pub fn to_cid(&self, code: Code) -> Option<u32> {
        if let Some(&c) = self.cid.get(&key(code.0, code.1)) {
            return Some(c);
        }
        self.cid_ranges
            .iter()
            .find(|&&(n, l, h, _)| n == code.1 && (l..=h).contains(&code.0))
            .map(|&(_, l, _, first)| first.saturating_add(code.0 - l))
    }

    /// Splits a shown string into codes by the codespace ranges; without any,
    /// by `default_len` bytes.
    pub fn split(&self, bytes: &[u8], default_len: u8, out: &mut Vec<Code>) {
        let mut i = 0;
        while i < bytes.len() {
            let len = self.code_len_at(&bytes[i..]).unwrap_or(default_len).max(1) as usize;
            let end = (i + len).min(bytes.len());
            if let Some(code) = code_of(&bytes[i..end]) {
                out.push(code);
            }
            i = end;
        }
    }

    fn code_len_at(&self, rest: &[u8]) -> Option<u8> {
        if self.codespace.is_empty() {
            return None;
        }
        for len in 1..=4u8 {
            let Some(code) = rest.get(..len as usize).and_then(code_of) else { break };
            if self.codespace.iter().any(|&(n, l, h)| n == len && (l..=h).contains(&code.0)) {
                return Some(len);
            }
        }
        // Not in any range: take the shortest range's length.
        self.codespace.iter().map(|r| r.0).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TO_UNICODE: &str = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap
        1 begincodespacerange <00> <FF> endcodespacerange
        3 beginbfchar <01> <1EA0> <02> <00660069> <03> /ohorn endbfchar
        2 beginbfrange <10> <12> <0041> <20> <21> [<1EC7> <0111>] endbfrange
        endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_and_bfrange() {
        let m = CMap::parse(TO_UNICODE.as_bytes());
        assert_eq!(m.to_unicode((1, 1)), Some("Ạ"));
        assert_eq!(m.to_unicode((2, 1)), Some("fi"));
        assert_eq!(m.to_unicode((3, 1)), Some("ơ"));
        assert_eq!(m.to_unicode((0x12, 1)), Some("C"));
        assert_eq!(m.to_unicode((0x21, 1)), Some("đ"));
        assert_eq!(m.to_unicode((0x22, 1)), None);
    }

    #[test]
    fn codespace_splits_mixed_lengths() {
        let m = CMap::parse(b"2 begincodespacerange <00> <80> <8140> <FFFF> endcodespacerange 1 begincidrange <8140> <8142> 100 endcidrange");
        let mut codes = Vec::new();
        m.split(&[0x41, 0x81, 0x41, 0x42], 2, &mut codes);
        assert_eq!(codes, vec![(0x41, 1), (0x8141, 2), (0x42, 1)]);
        assert_eq!(m.to_cid((0x8141, 2)), Some(101));
    }

    #[test]
    fn hostile_ranges_are_bounded() {
        let m = CMap::parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert!(m.unicode.is_empty());
    }
}
