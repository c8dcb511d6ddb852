//! Reader for HTML documents: saved pages of the national legal database
//! (vbpl.vn, thuvienphapluat) and any other HTML document.
//!
//! The page is parsed with [`scraper`] (html5ever's spec-compliant tree builder
//! under a small, maintained DOM): saved pages are real-world HTML with unclosed
//! `<p>` and `<td>`, stray `</div>`s and tables nested in wrappers, which only a
//! parser that follows the HTML5 tree-construction rules rebuilds the way a browser
//! shows them. `tl` is faster but does not implement those rules and has not been
//! released since 2022; html5ever is maintained by the Servo project. On a release
//! build this reader converts a 1 MB page of the database well above the 20 MB/s the
//! project asks for (see `BENCHMARKS.md`).
//!
//! What comes out is the same [`Layout`] the other readers make:
//! - the document body only: the database's content root when the page has one
//!   (`data-vbpl-content-root`), else `<article>`/`<main>`, else `<body>`; scripts,
//!   styles, navigation, headers, footers, forms and inline SVG are dropped;
//! - headings (`h1`–`h6`), paragraphs (one per `<p>`/`<div>` run of text, and one
//!   per line where `<br>` breaks it, as the recipients list does), list items;
//! - tables on their grid, `colspan`/`rowspan` as spans (a nested table's text
//!   stays in its cell); the two-column header table of a Decree 30 document is a
//!   table like any other, whose cells hold one line per paragraph.
//!
//! Provenance: `line` is the 1-based index of the block in the body (HTML has no
//! lines a reader would cite), `table`/`row` for table rows.

use decree_layout::{Layout, ReadError, Reader, Warned};
use decree_model::Format;

mod walk;

pub use walk::layout_of;

/// Reads `.html` / `.htm` files (and HTML however named: see [`looks_like_html`]).
pub struct HtmlReader;

impl Reader for HtmlReader {
    fn name(&self) -> &'static str {
        "html"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Html]
    }

    /// HTML by its tags, or text named `.html`.
    fn sniff(&self, bytes: &[u8], ext: &str) -> Option<Format> {
        let text = decree_layout::sniff::looks_like_text(bytes);
        (text && (looks_like_html(bytes) || matches!(ext, "html" | "htm" | "xhtml"))).then_some(Format::Html)
    }

    fn read(&self, bytes: &[u8], _format: Format) -> Result<Warned<Layout>, ReadError> {
        let text = String::from_utf8_lossy(bytes);
        // html5ever recovers from any input; a panic would be a bug in it, and one
        // bad page must not take a batch down.
        std::panic::catch_unwind(|| layout_of(&text))
            .map(Warned::clean)
            .map_err(|_| ReadError::Internal { message: "the HTML parser panicked on this file".to_owned() })
    }
}

/// Whether bytes are an HTML document, by content: after a BOM, whitespace and
/// comments, a doctype or one of the elements that open a document or its body.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut t = text.trim_start();
    while let Some(rest) = t.strip_prefix("<!--") {
        t = rest.split_once("-->").map_or("", |(_, r)| r).trim_start();
    }
    ["<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<div", "<table", "<p>", "<p "]
        .iter()
        .any(|tag| t.starts_with(tag))
}

#[cfg(test)]
mod tests;
