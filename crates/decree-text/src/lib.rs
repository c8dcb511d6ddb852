//! Reads text dumps of plans into the shared [`Layout`].
//!
//! Three styles occur in practice, often mixed with Markdown:
//! - tab-separated table rows, as Word or a PDF converter pastes them ([`tabbed`]);
//! - Markdown headings and emphasis around those tables;
//! - `pdftotext` linear output, where every table cell is its own run of lines
//!   ([`linear`]): rows are rebuilt from the header's column order and cell shapes.

use decree_layout::{Layout, ReadError, Reader};
use decree_model::Format;

mod linear;
mod tabbed;

/// Reader for `.txt` and `.md` inputs.
pub struct TextReader;

impl Reader for TextReader {
    fn formats(&self) -> &[Format] {
        &[Format::Txt, Format::Md]
    }

    fn read(&self, bytes: &[u8], _format: Format) -> Result<Layout, ReadError> {
        let text = decode(bytes)?;
        Ok(read_text(&text))
    }
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
            Err(_) => String::from_utf8_lossy(bytes).into_owned(),
        }
    };
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')).count();
    let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
    // Text with many control bytes or undecodable sequences is not a text dump.
    if !text.is_empty() && (controls + replaced) * 20 > text.chars().count() {
        return Err(ReadError::new("not a text file: too many binary bytes"));
    }
    Ok(text)
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
