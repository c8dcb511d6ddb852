//! Reads PDF files into the shared [`Layout`].
//!
//! The text layer is read by our own content-stream interpreter on lopdf
//! ([`interp`]): glyphs with position, size and font, and the ruling lines and
//! thin rectangles pages draw. From them: lines and words ([`lines`]), table
//! grids from rulings ([`grid`]) with cell text ([`page`]), tables from
//! whitespace alignment where nothing is ruled ([`aligned`]), and the
//! document: running headers and footers dropped, paragraphs ([`prose`]),
//! borderless two-column blocks (letterhead, signature), tables stitched
//! across pages with repeated header rows dropped and a row a page break cut
//! joined back ([`assemble`]). Text: ToUnicode maps, Identity-H and embedded
//! CMaps, `/Differences` glyph names, legacy TCVN3/VNI fonts ([`legacy`]), NFC.
//!
//! Layers, each using only the ones above it:
//! 1. syntax: objects and filters (lopdf, [`objects`]), content tokens
//!    ([`lexer`]), fonts and text maps ([`font`], [`cmap`], [`encoding`], [`legacy`]);
//! 2. interpretation: [`interp`] runs a page's content stream and reports
//!    glyphs, rulings and images to a `Device` (the page model, [`model`]);
//! 3. layout analysis, from the page model alone: [`lines`] → [`grid`] and
//!    [`page`] → [`aligned`] → [`prose`] → [`assemble`], with every threshold
//!    in [`thresholds`].
//!
//! Robustness: lopdf's loader and each page's interpretation run under
//! `catch_unwind`; a page that fails is reported as a note and the others are
//! read. Encrypted files with an empty user password open. Pages without text
//! are reported as `no_text_layer` notes.

pub use decree_layout::Note;
use decree_layout::{Layout, ReadError, Reader, Warned};
use decree_model::Format;
use std::panic::{catch_unwind, AssertUnwindSafe};

mod aligned;
mod assemble;
mod cmap;
mod encoding;
mod error;
mod font;
mod grid;
mod interp;
mod legacy;
mod lexer;
mod lines;
mod model;
mod objects;
mod page;
mod prose;
mod scan;
mod thresholds;

pub use error::PdfError;
/// The PDF object model the [`PageOcr`] hook receives.
pub use lopdf;
pub use scan::{layout_of_scans, read_pdf_with_ocr, PageAsk, PageOcr, ScanPage, ScanRule, ScanWord};

/// Most pages read from one document.
const MAX_PAGES: usize = 5_000;

/// Reader for `.pdf` inputs.
pub struct PdfReader;

impl Reader for PdfReader {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Pdf]
    }

    fn sniff(&self, bytes: &[u8], _ext: &str) -> Option<Format> {
        bytes.starts_with(b"%PDF").then_some(Format::Pdf)
    }

    fn read(&self, bytes: &[u8], _format: Format) -> Result<Warned<Layout>, ReadError> {
        read_pdf(bytes).map(|(layout, notes)| Warned::new(layout, notes)).map_err(ReadError::from)
    }
}

/// Reads a whole PDF into a layout, with notes on pages that had no text
/// layer or could not be read.
pub fn read_pdf(bytes: &[u8]) -> Result<(Layout, Vec<Note>), PdfError> {
    let pages = read_pages(&load(bytes)?)?;
    // Layout is our own code, but a bug on one odd file must not take a batch down.
    catch_unwind(AssertUnwindSafe(|| assemble::layout(pages))).map_err(|p| PdfError::ParserPanic(panic_message(&p)))
}

/// What reading one page gave: its drawing, or why it failed.
pub(crate) enum PageRead {
    Page(Box<model::RawPage>),
    Failed { number: u32, message: String },
}

fn load(bytes: &[u8]) -> Result<lopdf::Document, PdfError> {
    if !bytes.get(..1024.min(bytes.len())).is_some_and(|head| head.windows(5).any(|w| w == b"%PDF-")) {
        return Err(PdfError::NotPdf);
    }
    // A truncated or damaged file often still holds its pages: when the
    // cross-reference data does not read, rebuild it by scanning the objects.
    let doc = match try_load(bytes, false) {
        Err(PdfError::Damaged(first)) => try_load(bytes, true).map_err(|_| PdfError::Damaged(first))?,
        other => other?,
    };
    // lopdf opens a file encrypted with an empty user password by itself; one
    // that is still encrypted needs a password we do not have.
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    Ok(doc)
}

fn try_load(bytes: &[u8], reconstruct: bool) -> Result<lopdf::Document, PdfError> {
    let options = lopdf::LoadOptions {
        force_reconstruct: reconstruct,
        max_decompressed_size: Some(objects::MAX_STREAM),
        ..lopdf::LoadOptions::default()
    };
    match catch_unwind(AssertUnwindSafe(|| lopdf::Document::load_mem_with_options(bytes, options))) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword)) => Err(PdfError::Encrypted),
        Ok(Err(e)) => Err(PdfError::Damaged(e.to_string())),
        Err(panic) => Err(PdfError::ParserPanic(panic_message(&panic))),
    }
}

fn read_pages(doc: &lopdf::Document) -> Result<Vec<PageRead>, PdfError> {
    let pages =
        catch_unwind(AssertUnwindSafe(|| doc.get_pages())).map_err(|p| PdfError::ParserPanic(panic_message(&p)))?;
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    if pages.len() > MAX_PAGES {
        return Err(PdfError::TooManyPages(pages.len(), MAX_PAGES));
    }
    let mut cache = interp::FontCache::default();
    let mut out = Vec::with_capacity(pages.len());
    for (number, id) in pages {
        let read = catch_unwind(AssertUnwindSafe(|| interp::read_page(doc, id, number, &mut cache)));
        out.push(match read {
            Ok(page) => PageRead::Page(Box::new(model::RawPage { id, ..page })),
            Err(panic) => {
                // The cache may hold a half-built font: start afresh.
                cache = interp::FontCache::default();
                PageRead::Failed { number, message: panic_message(&panic) }
            }
        });
    }
    Ok(out)
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    decree_layout::panic_message(panic.as_ref())
}

/// Debugging aid: each page's lines of text as the reader sees them, tables
/// marked. Not a stable interface.
#[doc(hidden)]
pub fn debug_pages(bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    let pages = read_pages(&load(bytes)?)?;
    Ok(pages
        .iter()
        .map(|p| match p {
            PageRead::Page(raw) => page::debug(raw),
            PageRead::Failed { number, message } => format!("page {number} failed: {message}"),
        })
        .collect())
}
