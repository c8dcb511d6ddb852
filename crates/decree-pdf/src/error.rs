//! Why a PDF could not be read.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum PdfError {
    #[error("not a PDF file (no %PDF header)")]
    NotPdf,
    #[error("damaged PDF: {0}")]
    Damaged(String),
    #[error("the PDF is encrypted and does not open without a password")]
    Encrypted,
    #[error("the PDF has no pages")]
    NoPages,
    #[error("the PDF has {0} pages, more than the {1} this reader takes")]
    TooManyPages(usize, usize),
    #[error("the PDF parser failed on this file: {0}")]
    ParserPanic(String),
}

impl From<PdfError> for decree_layout::ReadError {
    fn from(e: PdfError) -> Self {
        decree_layout::ReadError::new(e.to_string())
    }
}
