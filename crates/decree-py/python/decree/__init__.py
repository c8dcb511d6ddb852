"""decree: records from Vietnamese government documents (plans, decisions,
resolutions, letters), as plain dicts equal to the ``decree`` CLI's JSON.

    import decree
    records = decree.convert("fixtures/docx/ke-hoach.docx")
    records["document"]["number"], len(records["targets"])

Functions: ``convert``, ``convert_many``, ``layout``, ``check``, ``ndjson``.
Failures raise ``DecreeError`` (one subclass per error kind) with ``.kind``
(``"encrypted"``, ``"damaged"``, ...) and ``.path``.
"""

from ._decree import (  # noqa: F401
    SCHEMA,
    DamagedError,
    DecreeError,
    EncryptedError,
    FileReadError,
    InternalError,
    NotThisFormatError,
    TimedOutError,
    TooLargeError,
    UnsupportedError,
    __version__,
    check,
    convert,
    convert_many,
    layout,
    ndjson,
)

__all__ = [
    "SCHEMA",
    "DamagedError",
    "DecreeError",
    "EncryptedError",
    "FileReadError",
    "InternalError",
    "NotThisFormatError",
    "TimedOutError",
    "TooLargeError",
    "UnsupportedError",
    "check",
    "convert",
    "convert_many",
    "layout",
    "ndjson",
]
