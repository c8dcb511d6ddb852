//! Reads Word documents into the shared [`Layout`]: `.docx` natively (a zip of
//! XML parts, read with a pull parser), `.doc` by converting it to `.docx` with
//! LibreOffice first.
//!
//! # What becomes what
//!
//! - A paragraph with a heading style (`heading N`) or an outline level becomes a
//!   [`Block::Heading`] (level 1-based), its automatic number as `number`.
//! - A paragraph with automatic numbering or bullets becomes a
//!   [`Block::ListItem`] whose marker is the label a reader sees (`1.`, `1.2.`,
//!   `a)`, `II.`, `-`, `•`). Numbers typed by hand stay in the text.
//! - Any other paragraph is a [`Block::Paragraph`], `bold` when all its text is.
//!   Manual line breaks inside a paragraph become spaces; empty paragraphs give
//!   no block.
//! - A table is a [`Block::Table`]: each cell at the grid column where it starts
//!   (`w:gridBefore` counted), `col_span` from `w:gridSpan`, `row_span` from
//!   `w:vMerge` (the continuation cells are left out; the restart cell counts
//!   them). A cell's paragraphs and manual line breaks are its `\n`-separated
//!   lines, so a header table's `Số: …` or a signature's `THỦ TƯỚNG` is a line
//!   of its own. `header_rows` counts the leading rows marked `w:tblHeader`
//!   (and an unmarked row of sub-titles under a title they merge across
//!   columns); without any, a first row titled `STT`/`TT` (and the sub-title
//!   rows under it) is the header, as for text dumps. `w:gridAfter` only leaves
//!   columns empty at the row's end. Tables nested in a cell are flattened into
//!   that cell's lines (see `grid.rs` for why).
//! - Page breaks (`w:br w:type="page"`, page-break-before) and section breaks
//!   that start a new page become [`Block::PageBreak`].
//! - Text boxes are read after the paragraph that anchors them; content
//!   controls, hyperlinks, custom XML, smart tags and field results are read in
//!   place. Tracked insertions are kept, deletions (and moved-away text, field
//!   codes, hidden text) dropped.
//!
//! # Provenance
//!
//! Word has no pages of its own, so `page` is null and [`Layout::pages`] is
//! `None`. `line` is the 1-based index of the body paragraph in document order,
//! a table counting as one position (paragraphs inside tables do not count);
//! text-box content takes its anchor's line. `table` and `row` are 0-based as
//! for any table.
//!
//! # Hostile input
//!
//! Parts unpacking to more than 256 MB are refused before and while unpacking;
//! the zip reader runs under `catch_unwind`; XML nested deeper than 256 levels
//! and any DOCTYPE (entity declarations) are refused; no entity is ever
//! expanded. Work is linear in the size of the parts read.

use decree_layout::{sniff, Layout, ReadError, Reader, Warned};
use decree_model::Format;

mod body;
mod convert;
mod emit;
mod error;
mod grid;
mod numbering;
mod package;
mod styles;
mod xml;

pub use convert::find_soffice;
pub use error::DocxError;

/// Reader for `.docx` and `.doc` inputs.
pub struct DocxReader;

impl Reader for DocxReader {
    fn name(&self) -> &'static str {
        "word"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Docx, Format::Doc]
    }

    /// A zip holding `word/` parts is `.docx`; a compound file with a
    /// `WordDocument` stream is `.doc`; an encrypted Office file named as Word
    /// is Word (to be refused as encrypted).
    fn sniff(&self, bytes: &[u8], ext: &str) -> Option<Format> {
        if sniff::is_zip(bytes) {
            return sniff::contains(bytes, b"word/").then_some(Format::Docx);
        }
        if sniff::is_compound(bytes) {
            let named_word = matches!(ext, "doc" | "docx" | "dot" | "docm");
            if sniff::has_stream(bytes, "WordDocument") || (sniff::is_encrypted_ooxml(bytes) && named_word) {
                return Some(if ext == "docx" { Format::Docx } else { Format::Doc });
            }
        }
        None
    }

    fn read(&self, bytes: &[u8], format: Format) -> Result<Warned<Layout>, ReadError> {
        read_word(bytes, format).map(Warned::clean).map_err(ReadError::from)
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads a Word file, whatever its extension says: a zip is read as `.docx`, an
/// OLE compound file as `.doc` (unless it is an encrypted `.docx`).
pub fn read_word(bytes: &[u8], format: Format) -> Result<Layout, DocxError> {
    if bytes.starts_with(ZIP_MAGIC) {
        return read_docx(bytes);
    }
    if bytes.starts_with(OLE_MAGIC) {
        if is_encrypted_package(bytes) {
            return Err(DocxError::Encrypted);
        }
        let docx = convert::doc_to_docx(bytes)?;
        return read_docx(&docx);
    }
    Err(match format {
        Format::Doc => {
            DocxError::NotWord("neither a Word 97-2003 file nor a .docx (no OLE or zip signature)".to_owned())
        }
        _ if bytes.is_empty() => DocxError::Archive("the file is empty".to_owned()),
        _ => DocxError::NotWord("not a zip container (no PK signature)".to_owned()),
    })
}

/// Reads `.docx` bytes.
pub fn read_docx(bytes: &[u8]) -> Result<Layout, DocxError> {
    let parts = package::open(bytes)?;
    let styles = match &parts.styles {
        Some(s) => styles::Styles::parse(s)?,
        None => styles::Styles::default(),
    };
    let mut numbering = match &parts.numbering {
        Some(n) => numbering::Numbering::parse(n)?,
        None => numbering::Numbering::default(),
    };
    read_document_xml(&parts.document, &styles, &mut numbering)
}

fn read_document_xml(
    document: &[u8],
    styles: &styles::Styles,
    numbering: &mut numbering::Numbering,
) -> Result<Layout, DocxError> {
    let mut parser = body::Parser::new(document, styles, numbering);
    let items = parser.document()?;
    let mut emitter = emit::Emitter::new(&parser.sections);
    emitter.body(items);
    Ok(Layout { blocks: emitter.blocks, pages: None })
}

/// Reads a bare `word/document.xml` with no styles or numbering: what the
/// benchmark measures (the XML pass alone, unzipping aside).
pub fn read_document_part(document: &str) -> Result<Layout, DocxError> {
    let styles = styles::Styles::default();
    let mut numbering = numbering::Numbering::default();
    read_document_xml(document.as_bytes(), &styles, &mut numbering)
}

/// An encrypted `.docx` is an OLE file holding an `EncryptedPackage` stream;
/// the stream name sits in the directory in UTF-16.
fn is_encrypted_package(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
