//! The `.docx` package: a zip holding XML parts. Only the parts the reader needs
//! are unpacked, each with a hard size limit, so a zip bomb costs nothing.

use crate::DocxError;
use std::io::{Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// No Word part of a real document comes near this; a bigger one is refused
/// before it is unpacked.
pub(crate) const MAX_PART: u64 = 256 * 1024 * 1024;

/// The XML parts the reader uses, as UTF-8 (the XML reader validates it).
pub(crate) struct Parts {
    pub document: Vec<u8>,
    pub styles: Option<Vec<u8>>,
    pub numbering: Option<Vec<u8>>,
}

/// Opens the zip and unpacks the main document, styles and numbering parts.
pub(crate) fn open(bytes: &[u8]) -> Result<Parts, DocxError> {
    guarded(|| open_inner(bytes))
}

/// The zip crate is third-party code fed hostile bytes: a panic in it becomes
/// an error for this file rather than a crash of the batch.
fn guarded<T>(f: impl FnOnce() -> Result<T, DocxError>) -> Result<T, DocxError> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|panic| Err(DocxError::Panic(decree_layout::panic_message(panic.as_ref()))))
}

fn open_inner(bytes: &[u8]) -> Result<Parts, DocxError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| DocxError::Archive(format!("cannot open the zip container ({e})")))?;
    let main = main_part_name(&mut zip)?;
    let Some(document) = read_part(&mut zip, &main)? else {
        return Err(DocxError::NotWord(format!(
            "the zip has no Word body ({main}); is it a spreadsheet, a presentation or another zip?"
        )));
    };
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let sibling = |name: &str| {
        if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        }
    };
    let styles = read_part(&mut zip, &sibling("styles.xml"))?;
    let numbering = read_part(&mut zip, &sibling("numbering.xml"))?;
    Ok(Parts { document, styles, numbering })
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The main document part: `_rels/.rels` names it; `word/document.xml` when the
/// relationships are missing (some generators omit them).
fn main_part_name(zip: &mut Zip<'_>) -> Result<String, DocxError> {
    let fallback = "word/document.xml".to_owned();
    let Some(rels) = read_part(zip, "_rels/.rels")? else {
        return Ok(fallback);
    };
    Ok(office_document_target(&rels).unwrap_or(fallback))
}

/// The `Target` of the relationship whose type ends in `/officeDocument`.
fn office_document_target(rels: &[u8]) -> Option<String> {
    let mut xml = crate::xml::Xml::new(rels, "_rels/.rels");
    loop {
        match xml.next().ok()? {
            quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e) => {
                let ty = crate::xml::attr(&e, "Type").unwrap_or_default();
                if crate::xml::local(&e) == "Relationship" && ty.ends_with("/officeDocument") {
                    let target = crate::xml::attr(&e, "Target")?;
                    return Some(target.trim_start_matches('/').to_owned());
                }
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
}

/// One part as text, or `None` when the zip has no such entry.
fn read_part(zip: &mut Zip<'_>, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::Archive(format!("cannot open {name} ({e})"))),
    };
    if file.size() > MAX_PART {
        return Err(too_large(name));
    }
    let mut buf = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0).min(1 << 24));
    // The declared size may lie: the read itself is capped too.
    (&mut file)
        .take(MAX_PART + 1)
        .read_to_end(&mut buf)
        .map_err(|e| DocxError::Archive(format!("cannot unpack {name} ({e})")))?;
    if buf.len() as u64 > MAX_PART {
        return Err(too_large(name));
    }
    Ok(Some(to_utf8(buf)))
}

fn too_large(name: &str) -> DocxError {
    DocxError::TooLarge { part: name.to_owned(), limit: MAX_PART }
}

/// XML parts are UTF-8 (the norm) or UTF-16 with a byte-order mark. UTF-8 is
/// not validated here: the XML reader validates every piece it reads.
fn to_utf8(mut buf: Vec<u8>) -> Vec<u8> {
    if let Some(le) = utf16_bom(&buf) {
        let units: Vec<u16> = buf
            .get(2..)
            .unwrap_or_default()
            .chunks_exact(2)
            .map(|p| match p {
                [a, b] if le => u16::from_le_bytes([*a, *b]),
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0xFFFD,
            })
            .collect();
        return String::from_utf16_lossy(&units).into_bytes();
    }
    if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        buf.drain(..3);
    }
    buf
}

fn utf16_bom(buf: &[u8]) -> Option<bool> {
    match buf {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn relationship_target_names_the_main_part() {
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        assert_eq!(office_document_target(rels.as_bytes()).as_deref(), Some("word/document2.xml"));
    }

    #[test]
    fn utf16_parts_are_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "<a>Ấ</a>".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(to_utf8(bytes), "<a>Ấ</a>".as_bytes());
    }
}
