//! Reads text dumps of plans into the shared [`Layout`].
//!
//! Three styles occur in practice, often mixed with Markdown:
//! - tab-separated table rows, as Word or a PDF converter pastes them ([`tabbed`]);
//! - Markdown headings and emphasis around those tables;
//! - `pdftotext` linear output, where every table cell is its own run of lines
//!   ([`linear`]): rows are rebuilt from the header's column order and cell shapes.

use decree_layout::{sniff, Layout, ReadError, Reader, Warned};
use decree_model::Format;

mod linear;
mod tabbed;

/// Reader for `.txt` and `.md` inputs.
pub struct TextReader;

impl Reader for TextReader {
    fn name(&self) -> &'static str {
        "text"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Txt, Format::Md]
    }

    /// Text with no binary signature, whatever the extension; Markdown when
    /// named so. HTML is left to a reader that knows markup.
    fn sniff(&self, bytes: &[u8], ext: &str) -> Option<Format> {
        if !sniff::looks_like_text(bytes) || looks_like_html(bytes, ext) {
            return None;
        }
        Some(if matches!(ext, "md" | "markdown") { Format::Md } else { Format::Txt })
    }

    fn read(&self, bytes: &[u8], _format: Format) -> Result<Warned<Layout>, ReadError> {
        let text = decode(bytes)?;
        Ok(Warned::clean(read_text(&text)))
    }
}

/// Named `.html`, or opening with a doctype or `<html>` tag.
fn looks_like_html(bytes: &[u8], ext: &str) -> bool {
    if matches!(ext, "html" | "htm" | "xhtml") {
        return true;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Decodes UTF-8 (with or without BOM) or UTF-16 with a BOM; rejects binary data.
fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        decode_utf16(bytes)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            // Not UTF-8: a legacy single-byte file, read as Windows-1258, the
            // Vietnamese code page (a superset of Latin-1 for letters).
            Err(_) => decode_cp1258(bytes),
        }
    };
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')).count();
    let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
    // Text with many control bytes or undecodable sequences is not a text dump.
    if !text.is_empty() && (controls + replaced) * 20 > text.chars().count() {
        return Err(ReadError::not_this_format("not a text file: too many binary bytes"));
    }
    Ok(text)
}

/// Windows-1258 to Unicode (NFC): cp1252 with Vietnamese letters and the five
/// tone marks as combining characters.
fn decode_cp1258(bytes: &[u8]) -> String {
    const HIGH: [u16; 128] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x8A, 0x2039, 0x0152, 0x8D, 0x8E,
        0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x9A, 0x203A, 0x0153, 0x9D,
        0x9E, 0x0178, 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,
        0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF, 0xC0, 0xC1,
        0xC2, 0x0102, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB, 0x0300, 0xCD, 0xCE, 0xCF, 0x0110, 0xD1, 0x0309,
        0xD3, 0xD4, 0x01A0, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0x01AF, 0x0303, 0xDF, 0xE0, 0xE1, 0xE2, 0x0103,
        0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0x0301, 0xED, 0xEE, 0xEF, 0x0111, 0xF1, 0x0323, 0xF3, 0xF4,
        0x01A1, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0x01B0, 0x20AB, 0xFF,
    ];
    let decoded: String = bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                char::from(b)
            } else {
                char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])).unwrap_or('\u{FFFD}')
            }
        })
        .collect();
    unicode_normalization::UnicodeNormalization::nfc(decoded.as_str()).collect()
}

fn decode_utf16(bytes: &[u8]) -> String {
    let le = bytes.starts_with(&[0xFF, 0xFE]);
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|p| if le { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) })
        .collect();
    String::from_utf16_lossy(&units)
}

/// Reads decoded text into a layout, choosing the style from the content.
pub fn read_text(text: &str) -> Layout {
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let blocks = if linear::looks_linear(&lines) { linear::read_linear(&lines) } else { tabbed::read_tabbed(&lines) };
    // A text dump has no pages of its own (page breaks in it are kept as blocks).
    Layout { blocks, pages: None }
}
