//! The shared document layout.
//!
//! Every reader (text, Word, PDF, spreadsheet) turns its input into a [`Layout`]:
//! a flat sequence of [`Block`]s in reading order, each with its provenance.
//! Extraction reads only this, never the file format.

use decree_model::{Format, Provenance};
use serde::Serialize;

pub mod header;
mod table;
pub use header::count_header_rows;
pub use table::{Cell, Row, Table};

/// A whole document as a sequence of blocks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Layout {
    pub blocks: Vec<Block>,
    /// Page count for paged sources.
    pub pages: Option<u32>,
}

/// One unit of the reading order.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    ListItem(ListItem),
    Table(Table),
    PageBreak { page: u32 },
}

/// A heading the source marks as such (Markdown `#`, a Word heading style).
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    /// 1 is the outermost level.
    pub level: u8,
    /// The outline number as printed (`II.`, `1.2.`), if any.
    pub number: Option<String>,
    pub text: String,
    pub prov: Provenance,
}

/// Running text. `bold` when the whole paragraph is emphasised.
#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub text: String,
    pub bold: bool,
    pub prov: Provenance,
}

/// An item of a bulleted or numbered list, with its marker as a reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    /// `-`, `+`, `•`, `1.`, `(3)`, `a)` ...
    pub marker: String,
    pub text: String,
    pub bold: bool,
    pub prov: Provenance,
}

impl Block {
    pub fn prov(&self) -> Option<&Provenance> {
        match self {
            Block::Heading(h) => Some(&h.prov),
            Block::Paragraph(p) => Some(&p.prov),
            Block::ListItem(l) => Some(&l.prov),
            Block::Table(t) => Some(&t.prov),
            Block::PageBreak { .. } => None,
        }
    }
}

/// Something a reader noticed that is not content: a page without a text
/// layer, a page it could not read. Extraction reports each as a finding whose
/// rule is `kind`, so nothing a reader skipped goes unreported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// A finding rule code: `no_text_layer`, `page_unreadable`, `page_truncated`.
    pub kind: String,
    /// 1-based page, for paged sources.
    pub page: Option<u32>,
    /// One sentence a person can act on.
    pub message: String,
}

impl Note {
    pub fn new(kind: &str, page: u32, message: impl Into<String>) -> Self {
        Self { kind: kind.to_owned(), page: Some(page), message: message.into() }
    }
}

/// Reads one input format into a [`Layout`].
pub trait Reader {
    /// The formats this reader accepts.
    fn formats(&self) -> &[Format];
    /// Reads `bytes` (the whole file) into a layout.
    fn read(&self, bytes: &[u8], format: Format) -> Result<Layout, ReadError>;
    /// Like [`Reader::read`], with the reader's notes. Notes travel beside the
    /// layout rather than in it so that readers which notice nothing (and
    /// build `Layout` literally) need no change.
    fn read_with_notes(&self, bytes: &[u8], format: Format) -> Result<(Layout, Vec<Note>), ReadError> {
        self.read(bytes, format).map(|layout| (layout, Vec::new()))
    }
}

/// Why a reader could not produce a layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub message: String,
    pub page: Option<u32>,
    pub table: Option<u32>,
}

impl ReadError {
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), page: None, table: None }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(p) = self.page {
            write!(f, " (page {p})")?;
        }
        if let Some(t) = self.table {
            write!(f, " (table {t})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReadError {}
