//! Why a Word file could not be read.

use decree_layout::ReadError;

/// Everything that can go wrong reading a `.docx` or converting a `.doc`.
///
/// Messages say what is wrong with the file and, where there is one, the fix; the
/// CLI prefixes them with the file's path.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("not a Word document: {0}")]
    NotWord(String),
    #[error("damaged or truncated Word file: {0}")]
    Archive(String),
    #[error("the Word part {part} unpacks to more than {limit} bytes; refusing to read it")]
    TooLarge { part: String, limit: u64 },
    #[error("bad XML in {part}: {message}")]
    Xml { part: String, message: String },
    #[error("bad XML in {part}: elements nested deeper than {limit} levels")]
    TooDeep { part: String, limit: usize },
    #[error("bad XML in {part}: a DOCTYPE declaration (Word never writes one; it could expand entities)")]
    DocType { part: String },
    #[error("the Word file is password-protected (encrypted): open it in Word or LibreOffice, remove the password and save it again")]
    Encrypted,
    #[error(".doc (Word 97-2003) files are converted with LibreOffice, which is not installed: install it so that `soffice` is on PATH (e.g. `apt-get install libreoffice-writer`), or save the file as .docx")]
    NoLibreOffice,
    #[error("LibreOffice could not convert the .doc file: {0}")]
    Convert(String),
    #[error("LibreOffice took more than {0} s to convert the .doc file; gave up")]
    ConvertTimeout(u64),
    #[error("internal error in the zip reader (please report): {0}")]
    Panic(String),
}

impl From<DocxError> for ReadError {
    fn from(e: DocxError) -> Self {
        match e {
            DocxError::NotWord(_) => ReadError::not_this_format(e),
            DocxError::Encrypted => ReadError::encrypted(e),
            DocxError::TooLarge { .. } => ReadError::too_large(e),
            DocxError::Archive(_)
            | DocxError::Xml { .. }
            | DocxError::TooDeep { .. }
            | DocxError::DocType { .. }
            | DocxError::Convert(_) => ReadError::damaged(e),
            DocxError::NoLibreOffice => ReadError::unsupported(e, None),
            DocxError::ConvertTimeout(seconds) => ReadError::TimedOut { seconds },
            DocxError::Panic(message) => ReadError::Internal { message },
        }
    }
}
