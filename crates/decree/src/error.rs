//! Why one input could not be converted.

use decree_layout::{ErrorKind, ReadError};
use std::fmt;
use std::path::{Path, PathBuf};

/// A failed input: the file, and the reader's typed error (or the I/O error
/// that kept it from being read).
#[derive(Debug)]
pub struct Error {
    path: PathBuf,
    repr: Repr,
}

#[derive(Debug)]
enum Repr {
    Io(std::io::Error),
    Read(ReadError),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error { path: path.into(), repr: Repr::Io(source) }
    }

    pub fn read(path: impl Into<PathBuf>, error: ReadError) -> Self {
        Error { path: path.into(), repr: Repr::Read(error) }
    }

    /// The input that failed.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What kind of failure: `encrypted`, `damaged`, `timed_out`, ...
    pub fn kind(&self) -> ErrorKind {
        match &self.repr {
            Repr::Io(_) => ErrorKind::Io,
            Repr::Read(e) => e.kind(),
        }
    }

    /// The reader's error, when a reader failed.
    pub fn read_error(&self) -> Option<&ReadError> {
        match &self.repr {
            Repr::Read(e) => Some(e),
            Repr::Io(_) => None,
        }
    }

    /// The message without the path, for logs that name the file elsewhere.
    pub fn reason(&self) -> String {
        match &self.repr {
            Repr::Io(e) => format!("cannot read: {e}"),
            Repr::Read(e) => e.to_string(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason())
    }
}

/// The display already holds the immediate cause; the chain continues below it.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.repr {
            Repr::Io(e) => e.source(),
            Repr::Read(e) => e.source(),
        }
    }
}
