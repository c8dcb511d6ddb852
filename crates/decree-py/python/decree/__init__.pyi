"""Type stubs for decree (the functions live in the compiled decree._decree)."""

import os
from typing import Any, Dict, List, Optional, Sequence, Union

Records = Dict[str, Any]
"""A ``decree-records/1`` document: schema, document, indicators, targets, tasks, findings."""

PathLike = Union[str, os.PathLike]

SCHEMA: str
__version__: str

class DecreeError(Exception):
    """A document decree could not convert."""

    kind: str
    """``io``, ``not_this_format``, ``encrypted``, ``damaged``, ``too_large``,
    ``timed_out``, ``unsupported`` or ``internal``."""
    path: str
    """The input that failed, as given (or the ``name`` given for bytes)."""
    reason: str
    """The message without the path."""

class FileReadError(DecreeError): ...
class NotThisFormatError(DecreeError): ...
class EncryptedError(DecreeError): ...
class DamagedError(DecreeError): ...
class TooLargeError(DecreeError): ...
class TimedOutError(DecreeError): ...
class UnsupportedError(DecreeError): ...
class InternalError(DecreeError): ...

def convert(path_or_bytes: Union[PathLike, bytes], name: Optional[PathLike] = None) -> Records:
    """Converts one document into its records, equal to the CLI's JSON for it.

    ``name`` names the document in its records; bytes without one are "document".
    Raises a ``DecreeError`` subclass when the input cannot be converted."""

def layout(path_or_bytes: Union[PathLike, bytes], name: Optional[PathLike] = None) -> Dict[str, Any]:
    """Reads one document into decree's layout (blocks, tables, notes, provenance)."""

def check(records: Records) -> List[Dict[str, Any]]:
    """Re-runs the cross-checks on records; returns the findings.

    Raises ``ValueError`` when ``records`` is not ``decree-records/1``."""

def ndjson(records: Records) -> List[str]:
    """The document's lines of the CLI's ``records.ndjson``, byte for byte."""

def convert_many(paths: Sequence[PathLike], threads: Optional[int] = None) -> List[Union[Records, DecreeError]]:
    """Converts files in parallel with the GIL released (``threads``: default one
    per core). One item per path, in order: the records, or the error (returned,
    not raised)."""
