//! The shared document layout.
//!
//! Every reader (text, Word, PDF, spreadsheet) turns its input into a [`Layout`]:
//! a flat sequence of [`Block`]s in reading order, each with its provenance.
//! Extraction reads only this, never the file format.

use decree_model::Provenance;
use serde::{Deserialize, Serialize};

pub mod header;
mod read;
pub mod sniff;
mod table;
pub use header::count_header_rows;
pub use table::{Cell, Row, Table};

/// A whole document as a sequence of blocks.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Layout {
    pub blocks: Vec<Block>,
    /// Page count for paged sources.
    pub pages: Option<u32>,
}

/// One unit of the reading order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    ListItem(ListItem),
    Table(Table),
    PageBreak { page: u32 },
}

/// A heading the source marks as such (Markdown `#`, a Word heading style).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Heading {
    /// 1 is the outermost level.
    pub level: u8,
    /// The outline number as printed (`II.`, `1.2.`), if any.
    #[serde(default)]
    pub number: Option<String>,
    pub text: String,
    #[serde(default)]
    pub prov: Provenance,
}

/// Running text. `bold` when the whole paragraph is emphasised.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Paragraph {
    pub text: String,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub prov: Provenance,
}

/// An item of a bulleted or numbered list, with its marker as a reader sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListItem {
    /// `-`, `+`, `•`, `1.`, `(3)`, `a)` ...
    pub marker: String,
    pub text: String,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

pub use read::{panic_message, ErrorKind, ReadError, Reader, Warned};
