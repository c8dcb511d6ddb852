//! The readers decree's registry lists: PDFs with OCR of scanned pages, and
//! image inputs.

use crate::{Ocr, OcrError};
use decree_layout::{Layout, ReadError, Reader, Warned};
use decree_model::Format;

/// decree-pdf's reader, with pages that have no text layer (or a garbage one)
/// read by OCR.
pub struct ScanPdfReader;

impl Reader for ScanPdfReader {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Pdf]
    }

    fn sniff(&self, bytes: &[u8], ext: &str) -> Option<Format> {
        decree_pdf::PdfReader.sniff(bytes, ext)
    }

    fn read(&self, bytes: &[u8], _format: Format) -> Result<Warned<Layout>, ReadError> {
        let (layout, notes) = Ocr::from_env().read_pdf(bytes)?;
        Ok(Warned::new(layout, notes))
    }
}

/// `.png`, `.jpg` and (multi-page) `.tif` scans.
pub struct ImageReader;

impl Reader for ImageReader {
    fn name(&self) -> &'static str {
        "image"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Png, Format::Jpeg, Format::Tiff]
    }

    fn sniff(&self, bytes: &[u8], _ext: &str) -> Option<Format> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Format::Jpeg)
        } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
            Some(Format::Tiff)
        } else {
            None
        }
    }

    fn read(&self, bytes: &[u8], _format: Format) -> Result<Warned<Layout>, ReadError> {
        let (layout, notes) = Ocr::from_env().read_image(bytes)?;
        Ok(Warned::new(layout, notes))
    }
}

impl From<OcrError> for ReadError {
    fn from(e: OcrError) -> Self {
        match e {
            OcrError::EngineMissing { packages, .. } => {
                let fix = format!("apt-get install {packages}");
                ReadError::unsupported(e, Some(fix))
            }
            OcrError::RendererMissing(_) => ReadError::unsupported(e, Some("apt-get install poppler-utils".into())),
            OcrError::TooLarge { .. } => ReadError::too_large(e),
            OcrError::Timeout(seconds) => ReadError::TimedOut { seconds },
            OcrError::Image(_) | OcrError::Engine(_) => ReadError::damaged(e),
        }
    }
}
