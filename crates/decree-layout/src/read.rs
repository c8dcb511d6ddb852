//! The reader interface: one trait every format implements, one error type
//! every reader returns, and output that carries its warnings with it.

use crate::{Layout, Note};
use decree_model::Format;
use serde::{Deserialize, Serialize};
use std::error::Error as StdError;
use std::fmt;

/// Output with the warnings produced while making it, in the manner of
/// typst's `Warned<T>`: a caller cannot take the one and forget the other.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Warned<T> {
    pub output: T,
    pub warnings: Vec<Note>,
}

impl<T> Warned<T> {
    pub fn new(output: T, warnings: Vec<Note>) -> Self {
        Self { output, warnings }
    }

    /// Output with nothing to warn about.
    pub fn clean(output: T) -> Self {
        Self { output, warnings: Vec::new() }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Warned<U> {
        Warned { output: f(self.output), warnings: self.warnings }
    }
}

/// Reads one input format into a [`Layout`]. Readers are listed once, in the
/// `decree` crate's registry; the pipeline asks each in turn to sniff a file.
pub trait Reader: Sync {
    /// A short name for messages and `decree layout` (`pdf`, `word`, ...).
    fn name(&self) -> &'static str;
    /// The formats this reader accepts.
    fn formats(&self) -> &'static [Format];
    /// The format of `bytes` if this reader recognises them by content.
    /// `ext` is the lower-cased file extension without the dot ("" if none): a
    /// hint for content that fits several formats (text, `.md` or `.html`).
    fn sniff(&self, bytes: &[u8], ext: &str) -> Option<Format>;
    /// Reads `bytes` (the whole file) into a layout, with the reader's notes
    /// (a page without a text layer, a damaged page) as warnings.
    fn read(&self, bytes: &[u8], format: Format) -> Result<Warned<Layout>, ReadError>;
}

/// The reader's own error, kept as the cause of a [`ReadError`].
pub type Cause = Box<dyn StdError + Send + Sync + 'static>;

/// Why a reader could not produce a layout. One type for every reader, so a
/// caller can tell an encrypted file from a damaged one whatever its format;
/// each variant keeps the reader's own error (see [`ReadError::cause`]).
#[derive(Debug)]
pub enum ReadError {
    /// The bytes are not of the format the reader was asked to read.
    NotThisFormat { cause: Cause },
    /// The file opens only with a password.
    Encrypted { cause: Cause },
    /// The file is of the format but broken; where it broke when known.
    Damaged { cause: Cause, page: Option<u32>, table: Option<u32> },
    /// Over a size limit (bytes, pages, unpacked parts, pixels).
    TooLarge { cause: Cause },
    /// Over the time allowed.
    TimedOut { seconds: u64 },
    /// Readable only with something this machine lacks, or not yet read at all;
    /// `fix` says what to do.
    Unsupported { cause: Cause, fix: Option<String> },
    /// A bug: a panic caught inside a reader or a library it calls.
    Internal { message: String },
}

/// What kind of failure a [`ReadError`] (or a pipeline error) is: a stable,
/// machine-readable name for manifests and error logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file could not be read from disk (missing, permissions, not a regular file).
    Io,
    NotThisFormat,
    Encrypted,
    Damaged,
    TooLarge,
    TimedOut,
    Unsupported,
    Internal,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::NotThisFormat => "not_this_format",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::Damaged => "damaged",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::TimedOut => "timed_out",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ReadError {
    pub fn not_this_format(cause: impl Into<Cause>) -> Self {
        ReadError::NotThisFormat { cause: cause.into() }
    }
    pub fn encrypted(cause: impl Into<Cause>) -> Self {
        ReadError::Encrypted { cause: cause.into() }
    }
    pub fn damaged(cause: impl Into<Cause>) -> Self {
        ReadError::Damaged { cause: cause.into(), page: None, table: None }
    }
    pub fn too_large(cause: impl Into<Cause>) -> Self {
        ReadError::TooLarge { cause: cause.into() }
    }
    pub fn unsupported(cause: impl Into<Cause>, fix: Option<String>) -> Self {
        ReadError::Unsupported { cause: cause.into(), fix }
    }

    /// Sets the page of a damaged file (other kinds are returned unchanged).
    pub fn at_page(mut self, at: Option<u32>) -> Self {
        if let ReadError::Damaged { page, .. } = &mut self {
            *page = at;
        }
        self
    }

    /// Sets the table of a damaged file (other kinds are returned unchanged).
    pub fn at_table(mut self, at: Option<u32>) -> Self {
        if let ReadError::Damaged { table, .. } = &mut self {
            *table = at;
        }
        self
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            ReadError::NotThisFormat { .. } => ErrorKind::NotThisFormat,
            ReadError::Encrypted { .. } => ErrorKind::Encrypted,
            ReadError::Damaged { .. } => ErrorKind::Damaged,
            ReadError::TooLarge { .. } => ErrorKind::TooLarge,
            ReadError::TimedOut { .. } => ErrorKind::TimedOut,
            ReadError::Unsupported { .. } => ErrorKind::Unsupported,
            ReadError::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// The reader's own error (`PdfError`, `DocxError`, ...), for downcasting.
    pub fn cause(&self) -> Option<&(dyn StdError + Send + Sync + 'static)> {
        match self {
            ReadError::NotThisFormat { cause }
            | ReadError::Encrypted { cause }
            | ReadError::Damaged { cause, .. }
            | ReadError::TooLarge { cause }
            | ReadError::Unsupported { cause, .. } => Some(cause.as_ref()),
            ReadError::TimedOut { .. } | ReadError::Internal { .. } => None,
        }
    }

    /// The page where the file broke, when known.
    pub fn page(&self) -> Option<u32> {
        match self {
            ReadError::Damaged { page, .. } => *page,
            _ => None,
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TimedOut { seconds } => write!(f, "gave up after {seconds} s (raise it with --timeout)"),
            ReadError::Internal { message } => write!(f, "internal error while reading (please report): {message}"),
            ReadError::Damaged { cause, page, table } => {
                write!(f, "{cause}")?;
                // The reader's own message may already say where.
                let text = cause.to_string();
                if let Some(p) = page.filter(|p| !text.contains(&format!("page {p}"))) {
                    write!(f, " (page {p})")?;
                }
                if let Some(t) = table {
                    write!(f, " (table {t})")?;
                }
                Ok(())
            }
            ReadError::Unsupported { cause, fix } => {
                write!(f, "{cause}")?;
                match fix {
                    Some(fix) if !cause.to_string().contains(fix.as_str()) => write!(f, ": {fix}"),
                    _ => Ok(()),
                }
            }
            other => match other.cause() {
                Some(cause) => write!(f, "{cause}"),
                None => Ok(()),
            },
        }
    }
}

/// The message a caught panic carried (`panic!` with a literal or a formatted
/// string), for the error that names the file instead of crashing the batch.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_owned())
}

/// The display already prints the cause, so the chain continues below it:
/// a report walking `source()` does not print the same message twice.
impl StdError for ReadError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.cause().and_then(|c| c.source())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("bad xref")]
    struct Inner;

    #[test]
    fn damaged_names_page_and_keeps_cause() {
        let e = ReadError::damaged(Inner).at_page(Some(3));
        assert_eq!(e.kind(), ErrorKind::Damaged);
        assert_eq!(e.to_string(), "bad xref (page 3)");
        assert!(e.cause().is_some_and(|c| c.downcast_ref::<Inner>().is_some()));
        assert!(e.source().is_none(), "the cause is printed once, not again as a source");
    }

    #[test]
    fn a_caught_panic_keeps_its_message() {
        let caught = std::panic::catch_unwind(|| panic!("bad xref at {}", 7)).err();
        let message = caught.map(|p| panic_message(p.as_ref()));
        assert_eq!(message.as_deref(), Some("bad xref at 7"));
    }

    #[test]
    fn kinds_serialise_snake_case() {
        assert_eq!(ErrorKind::NotThisFormat.as_str(), "not_this_format");
        let json = serde_json::to_string(&ErrorKind::TimedOut).unwrap_or_default();
        assert_eq!(json, "\"timed_out\"");
    }
}
