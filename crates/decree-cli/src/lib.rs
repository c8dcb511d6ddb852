//! The conversion pipeline behind the `decree` command: detect the format, read
//! the file into the layout, extract records.

pub mod batch;

use decree_layout::Reader;
use decree_model::{Document, Format, Records, Source};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Why one input could not be converted.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("{path}: cannot read: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {format} files are not supported yet")]
    Unsupported { path: PathBuf, format: String },
    #[error("{path}: {message}")]
    Read { path: PathBuf, message: String },
    #[error("{path}: internal error while converting (please report): {message}")]
    Panic { path: PathBuf, message: String },
}

/// Converts one file into its records.
pub fn convert_file(path: &Path) -> Result<Records, ConvertError> {
    let bytes = std::fs::read(path).map_err(|source| ConvertError::Io { path: path.to_owned(), source })?;
    convert_bytes(path, &bytes)
}

/// Converts a file's bytes; `path` names it in the output and in errors.
pub fn convert_bytes(path: &Path, bytes: &[u8]) -> Result<Records, ConvertError> {
    let format = detect_format(path, bytes)?;
    // A bug on one odd document must not take the batch down with it.
    let result = std::panic::catch_unwind(|| read_and_extract(path, bytes, format));
    match result {
        Ok(r) => r,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_owned());
            Err(ConvertError::Panic { path: path.to_owned(), message })
        }
    }
}

/// Reads a file into the layout, without extracting.
pub fn read_layout(path: &Path) -> Result<decree_layout::Layout, ConvertError> {
    let bytes = std::fs::read(path).map_err(|source| ConvertError::Io { path: path.to_owned(), source })?;
    let format = detect_format(path, &bytes)?;
    reader_for(path, format)?
        .read(&bytes, format)
        .map_err(|e| ConvertError::Read { path: path.to_owned(), message: e.to_string() })
}

/// The reader for a format (`path` names the file in the error for one not read).
pub fn reader_for(path: &Path, format: Format) -> Result<&'static dyn Reader, ConvertError> {
    match format {
        Format::Txt | Format::Md => Ok(&decree_text::TextReader),
        Format::Docx | Format::Doc => Ok(&decree_docx::DocxReader),
        Format::Xlsx | Format::Xls | Format::Ods => Ok(&decree_sheet::SheetReader),
        Format::Pdf => Ok(&decree_pdf::PdfReader),
        other => {
            let name = serde_json::to_value(other).ok().and_then(|v| v.as_str().map(str::to_owned));
            Err(ConvertError::Unsupported { path: path.to_owned(), format: name.unwrap_or_default() })
        }
    }
}

fn read_and_extract(path: &Path, bytes: &[u8], format: Format) -> Result<Records, ConvertError> {
    let reader = reader_for(path, format)?;
    // Notes are what a reader could not read (a page with no text layer, a
    // damaged page): they become findings with their page.
    let (layout, notes) = reader
        .read_with_notes(bytes, format)
        .map_err(|e| ConvertError::Read { path: path.to_owned(), message: e.to_string() })?;
    let document = base_document(path, bytes, format, layout.pages);
    let mut records = decree_extract::extract_with_notes(&layout, &notes, document);
    let findings = decree_check::check(&records, &decree_check::Reference::shipped());
    records.findings.extend(findings);
    Ok(records)
}

/// The document record before extraction: its id and source.
pub fn base_document(path: &Path, bytes: &[u8], format: Format, pages: Option<u32>) -> Document {
    Document::new(
        document_id(bytes),
        Source { path: path.display().to_string(), format, bytes: bytes.len() as u64, pages },
    )
}

/// `sha256:` + hex digest of the bytes.
pub fn document_id(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The format from the content where it is unmistakable, else from the extension.
pub fn detect_format(path: &Path, bytes: &[u8]) -> Result<Format, ConvertError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let by_ext = match ext.as_str() {
        "pdf" => Some(Format::Pdf),
        "docx" => Some(Format::Docx),
        "doc" => Some(Format::Doc),
        "xlsx" => Some(Format::Xlsx),
        "xls" => Some(Format::Xls),
        "ods" => Some(Format::Ods),
        "md" | "markdown" => Some(Format::Md),
        "html" | "htm" => Some(Format::Html),
        "txt" | "text" => Some(Format::Txt),
        _ => None,
    };
    let by_content = if bytes.starts_with(b"%PDF") {
        Some(Format::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") {
        // A zip: Word or a workbook; a workbook misnamed `.xls` is still a workbook.
        let zip = by_ext.map(|f| if f == Format::Xls { Format::Xlsx } else { f });
        zip.filter(|f| matches!(f, Format::Docx | Format::Xlsx | Format::Ods)).or(Some(Format::Docx))
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // A compound file: Word 97, Excel 97, or an encrypted .xlsx (which the
        // workbook reader reports as password-protected).
        by_ext.filter(|f| matches!(f, Format::Doc | Format::Xls | Format::Xlsx)).or(Some(Format::Doc))
    } else if looks_like_text(bytes) {
        // No binary signature: whatever the extension says, this is text.
        Some(by_ext.filter(|f| matches!(f, Format::Md | Format::Html)).unwrap_or(Format::Txt))
    } else {
        None
    };
    by_content.or(by_ext).ok_or_else(|| ConvertError::Unsupported {
        path: path.to_owned(),
        format: if ext.is_empty() { "files without an extension".to_owned() } else { format!(".{ext}") },
    })
}

/// Valid UTF-8 (allowing a cut last character) with no NUL in the first 8 KiB.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.is_empty() || head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() == 8192,
    }
}

/// Input files: the files given, and every file under directories given (hidden
/// ones and decree's own outputs aside), sorted for a stable order. Formats are
/// told by content, so a file with a wrong or missing extension is still tried.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ConvertError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ConvertError> {
    let io = |source| ConvertError::Io { path: dir.to_owned(), source };
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(io)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden || p.join("manifest.json").exists() {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.is_file() {
            out.push(p);
        }
    }
    Ok(())
}
