//! `decree` for Python: the pipeline as functions returning the contract's
//! records as plain dicts, serialised by the same serde code as the CLI's JSON
//! so a dict here equals the CLI's document JSON.
//!
//! Conversions run with the GIL released; `convert_many` spreads a list of
//! files over a rayon pool. Failures raise `decree.DecreeError` (a subclass per
//! error kind) carrying `.kind` and `.path`.

use decree::{Error, ErrorKind, Records};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;
use std::path::PathBuf;

create_exception!(
    decree,
    DecreeError,
    PyException,
    "A document decree could not convert; `.kind` and `.path` say why and which."
);
create_exception!(decree, FileReadError, DecreeError, "The file could not be read from disk (kind `io`).");
create_exception!(
    decree,
    NotThisFormatError,
    DecreeError,
    "The bytes are not the format they claim (kind `not_this_format`)."
);
create_exception!(decree, EncryptedError, DecreeError, "The document is password-protected (kind `encrypted`).");
create_exception!(decree, DamagedError, DecreeError, "The file is damaged or truncated (kind `damaged`).");
create_exception!(decree, TooLargeError, DecreeError, "The input is over a size limit (kind `too_large`).");
create_exception!(decree, TimedOutError, DecreeError, "Reading took longer than allowed (kind `timed_out`).");
create_exception!(
    decree,
    UnsupportedError,
    DecreeError,
    "A format or feature decree does not read (kind `unsupported`)."
);
create_exception!(decree, InternalError, DecreeError, "A bug in decree met on this input (kind `internal`).");

/// The exception for a failed input, with its kind and file as attributes.
fn py_error(py: Python<'_>, error: &Error) -> PyErr {
    let message = error.to_string();
    let err = match error.kind() {
        ErrorKind::Io => FileReadError::new_err(message),
        ErrorKind::NotThisFormat => NotThisFormatError::new_err(message),
        ErrorKind::Encrypted => EncryptedError::new_err(message),
        ErrorKind::Damaged => DamagedError::new_err(message),
        ErrorKind::TooLarge => TooLargeError::new_err(message),
        ErrorKind::TimedOut => TimedOutError::new_err(message),
        ErrorKind::Unsupported => UnsupportedError::new_err(message),
        ErrorKind::Internal => InternalError::new_err(message),
    };
    let value = err.value(py);
    let attrs = [
        ("kind", error.kind().as_str().to_owned()),
        ("path", error.path().display().to_string()),
        ("reason", error.reason()),
    ];
    for (name, v) in attrs {
        if let Err(e) = value.setattr(name, v) {
            return e;
        }
    }
    err
}

/// Python's `json.loads` of a string serde wrote: the dict the CLI's JSON parses to.
fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

/// Records from a Python dict, through the same serde code the CLI reads JSON with.
fn records_from(py: Python<'_>, records: &Bound<'_, PyAny>) -> PyResult<Records> {
    let text: String = py.import("json")?.call_method1("dumps", (records,))?.extract()?;
    serde_json::from_str(&text).map_err(|e| PyValueError::new_err(format!("not decree-records/1: {e}")))
}

fn to_json(records: &Records) -> Result<String, String> {
    decree_export::to_json(records).map_err(|e| e.to_string())
}

/// The input as bytes and a name, or as a path to read.
enum Input {
    Bytes(Vec<u8>, PathBuf),
    Path(PathBuf),
}

fn input(source: &Bound<'_, PyAny>, name: Option<PathBuf>) -> PyResult<Input> {
    if let Ok(bytes) = source.cast::<PyBytes>() {
        let name = name.unwrap_or_else(|| PathBuf::from("document"));
        return Ok(Input::Bytes(bytes.as_bytes().to_vec(), name));
    }
    let path: PathBuf = source.extract()?;
    Ok(match name {
        // A name given for a file renames it in the records; read it here.
        Some(name) => Input::Bytes(std::fs::read(&path).map_err(|e| py_io(&path, e))?, name),
        None => Input::Path(path),
    })
}

fn py_io(path: &std::path::Path, e: std::io::Error) -> PyErr {
    Python::attach(|py| py_error(py, &Error::io(path, e)))
}

fn internal(py: Python<'_>, path: &std::path::Path, message: String) -> PyErr {
    py_error(py, &Error::read(path, decree::ReadError::Internal { message }))
}

/// convert(path_or_bytes, name=None) -> dict
///
/// Converts one document (a path, or its bytes) into its `decree-records/1`
/// records: the dict equal to the CLI's JSON for it. `name` names the
/// document in its records (`document.source.path`) and its extension breaks
/// ties the content leaves; bytes without a name are called "document".
/// Raises a `DecreeError` subclass when the input cannot be converted.
#[pyfunction]
#[pyo3(signature = (path_or_bytes, name=None))]
fn convert<'py>(
    py: Python<'py>,
    path_or_bytes: &Bound<'py, PyAny>,
    name: Option<PathBuf>,
) -> PyResult<Bound<'py, PyAny>> {
    let input = input(path_or_bytes, name)?;
    let (converted, name) = py.detach(|| match input {
        Input::Bytes(bytes, name) => (decree::convert_bytes(&bytes, &name), name),
        Input::Path(path) => (decree::convert(&path), path),
    });
    let records = converted.map_err(|e| py_error(py, &e))?.output;
    let json = py.detach(|| to_json(&records)).map_err(|m| internal(py, &name, m))?;
    loads(py, &json)
}

/// layout(path_or_bytes, name=None) -> dict
///
/// Reads one document into decree's layout (blocks, tables with spans, notes,
/// provenance) without extracting records: what the readers see. Arguments
/// and errors as for `convert`.
#[pyfunction]
#[pyo3(signature = (path_or_bytes, name=None))]
fn layout<'py>(
    py: Python<'py>,
    path_or_bytes: &Bound<'py, PyAny>,
    name: Option<PathBuf>,
) -> PyResult<Bound<'py, PyAny>> {
    let input = input(path_or_bytes, name)?;
    let (read, name) = py.detach(|| match input {
        Input::Bytes(bytes, name) => (decree::layout_bytes(&bytes, &name), name),
        Input::Path(path) => (decree::layout(&path), path),
    });
    let layout = read.map_err(|e| py_error(py, &e))?.output;
    let json = serde_json::to_string(&layout).map_err(|e| internal(py, &name, e.to_string()))?;
    loads(py, &json)
}

/// check(records) -> list[dict]
///
/// Re-runs decree's cross-checks on records (a dict as `convert` returns,
/// possibly edited) and returns the findings, against the shipped catalog and
/// official scores. Raises ValueError when the dict is not decree-records/1.
#[pyfunction]
fn check<'py>(py: Python<'py>, records: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let records = records_from(py, records)?;
    let findings = py.detach(|| decree::check(&records));
    let json = serde_json::to_string(&findings).map_err(|e| PyValueError::new_err(e.to_string()))?;
    loads(py, &json)
}

/// ndjson(records) -> list[str]
///
/// The lines the CLI writes to `records.ndjson` for this document, one per
/// record (`{"kind", "document_id", ...}`), byte for byte.
#[pyfunction]
fn ndjson(py: Python<'_>, records: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let records = records_from(py, records)?;
    decree_export::ndjson_lines(&records).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// convert_many(paths, threads=None) -> list[dict | DecreeError]
///
/// Converts many files in parallel on `threads` worker threads (default: one
/// per core) with the GIL released. Returns one item per path, in order: the
/// records dict, or the `DecreeError` for that file (returned, not raised, so
/// one bad file does not cost the batch).
#[pyfunction]
#[pyo3(signature = (paths, threads=None))]
fn convert_many<'py>(py: Python<'py>, paths: Vec<PathBuf>, threads: Option<usize>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| PyValueError::new_err(format!("cannot start {threads:?} threads: {e}")))?;
    // Serialising in the workers too keeps the serial part under the GIL to json.loads.
    let results: Vec<Result<String, Error>> = py.detach(|| {
        pool.install(|| {
            paths
                .par_iter()
                .map(|p| {
                    let records = decree::convert(p)?.output;
                    to_json(&records).map_err(|message| Error::read(p, decree::ReadError::Internal { message }))
                })
                .collect()
        })
    });
    results
        .into_iter()
        .map(|r| match r {
            Ok(json) => loads(py, &json),
            Err(e) => Ok(py_error(py, &e).into_value(py).into_bound(py).into_any()),
        })
        .collect()
}

/// The extension module; `decree/__init__.py` re-exports it.
#[pymodule]
fn _decree(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(convert, m)?)?;
    m.add_function(wrap_pyfunction!(layout, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(ndjson, m)?)?;
    m.add_function(wrap_pyfunction!(convert_many, m)?)?;
    m.add("DecreeError", py.get_type::<DecreeError>())?;
    m.add("FileReadError", py.get_type::<FileReadError>())?;
    m.add("NotThisFormatError", py.get_type::<NotThisFormatError>())?;
    m.add("EncryptedError", py.get_type::<EncryptedError>())?;
    m.add("DamagedError", py.get_type::<DamagedError>())?;
    m.add("TooLargeError", py.get_type::<TooLargeError>())?;
    m.add("TimedOutError", py.get_type::<TimedOutError>())?;
    m.add("UnsupportedError", py.get_type::<UnsupportedError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add("SCHEMA", decree::model::SCHEMA_ID)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
