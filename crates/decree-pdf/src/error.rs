//! Why a PDF could not be read.

use decree_layout::ReadError;
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

impl From<PdfError> for ReadError {
    fn from(e: PdfError) -> Self {
        match e {
            PdfError::NotPdf => ReadError::not_this_format(e),
            PdfError::Encrypted => ReadError::encrypted(e),
            PdfError::Damaged(_) | PdfError::NoPages => ReadError::damaged(e),
            PdfError::TooManyPages(..) => ReadError::too_large(e),
            PdfError::ParserPanic(message) => ReadError::Internal { message },
        }
    }
}
