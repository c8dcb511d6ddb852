//! decree: Vietnamese government documents (plans, decisions, resolutions,
//! letters) in, checked records out, as a library.
//!
//! The pipeline is: recognise the file by content ([`registry`]), read it into
//! the shared [`Layout`] (blocks, tables with spans, provenance), extract the
//! `decree-records/1` records, and cross-check them. Every entry point returns
//! its output together with the warnings met on the way ([`Warned`]); the
//! warnings are also in the records, as findings with their page.
//!
//! ```
//! let text = "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\nSố: 107/KH-UBND\n\nKẾ HOẠCH\nNâng cao Chỉ số PAPI năm 2023\n";
//! let converted = decree::convert_bytes(text.as_bytes(), "plan.txt")?;
//! let records = converted.output;
//! assert_eq!(records.document.number.as_deref(), Some("107/KH-UBND"));
//! assert!(converted.warnings.is_empty());
//! // Checks re-run on records alone, without the source.
//! let findings = decree::check(&records);
//! # let _ = findings;
//! # Ok::<(), decree::Error>(())
//! ```
//!
//! This crate has no command-line dependencies; the `decree` binary
//! (`decree-cli`) adds batches, progress and the output sinks.

mod error;
pub mod registry;

pub use decree_layout::{ErrorKind, Layout, Note, ReadError, Reader, Warned};
pub use decree_model::{self as model, Finding, Format, Records};
pub use error::Error;

use decree_model::{Document, Source};
use sha2::{Digest, Sha256};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Converts one file into its records.
pub fn convert(path: impl AsRef<Path>) -> Result<Warned<Records>, Error> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    convert_bytes(&bytes, path)
}

/// Converts a file's bytes; `name` (a path or file name) names the document in
/// its records and in errors, and its extension breaks ties the content leaves.
pub fn convert_bytes(bytes: &[u8], name: impl AsRef<Path>) -> Result<Warned<Records>, Error> {
    let name = name.as_ref();
    let (reader, format) = detect(bytes, name)?;
    // A bug on one odd document must not take the caller down with it.
    guarded(name, || {
        let read = reader.read(bytes, format).map_err(|e| Error::read(name, e))?;
        let document = base_document(name, bytes, format, read.output.pages);
        let mut records = decree_extract::extract(&read.output, &read.warnings, document);
        records.findings.extend(check(&records));
        Ok(Warned::new(records, read.warnings))
    })
}

/// Reads one file into its layout, without extracting.
pub fn layout(path: impl AsRef<Path>) -> Result<Warned<Layout>, Error> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    layout_bytes(&bytes, path)
}

/// Reads a file's bytes into its layout; `name` as for [`convert_bytes`].
pub fn layout_bytes(bytes: &[u8], name: impl AsRef<Path>) -> Result<Warned<Layout>, Error> {
    let name = name.as_ref();
    let (reader, format) = detect(bytes, name)?;
    guarded(name, || reader.read(bytes, format).map_err(|e| Error::read(name, e)))
}

/// The cross-check findings for records, against the shipped catalog and
/// official scores. Checks read records only; they never parse.
pub fn check(records: &Records) -> Vec<Finding> {
    decree_check::check(records, &decree_check::Reference::shipped())
}

/// The reader for a file and the format it is in.
pub fn detect(bytes: &[u8], name: &Path) -> Result<(&'static dyn Reader, Format), Error> {
    let ext = name.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    registry::detect(bytes, &ext).ok_or_else(|| {
        let what = match (ext.as_str(), registry::format_for_extension(&ext)) {
            ("", _) => "a file without an extension and of no format decree recognises".to_owned(),
            (_, Some(format)) => format!("{format:?} files are not read yet"),
            (ext, None) => format!(".{ext} files are not a format decree reads"),
        };
        let fix = "decree reads PDF, Word (.docx, .doc), workbooks (.xlsx, .xls, .ods) and text (.txt, .md)";
        Error::read(name, ReadError::unsupported(what, Some(fix.to_owned())))
    })
}

/// The document record before extraction: its id and source.
pub fn base_document(name: &Path, bytes: &[u8], format: Format, pages: Option<u32>) -> Document {
    Document::new(
        document_id(bytes),
        Source { path: name.display().to_string(), format, bytes: bytes.len() as u64, pages },
    )
}

/// `sha256:` + hex digest of the bytes.
pub fn document_id(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Runs `f`, turning a panic into an internal error naming the file.
fn guarded<T>(name: &Path, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        Err(Error::read(name, ReadError::Internal { message: decree_layout::panic_message(panic.as_ref()) }))
    })
}
