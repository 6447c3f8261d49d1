"""Glue between a file and the import engine, shared by the CLI and the API."""

import ctypes
import ctypes.util
import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine
from sqlmodel import Session

from api.read_model.holder import ReadModel
from seed.formats.base import ReadResult
from seed.formats.registry import shipped_mapping, stream_file
from seed.importer import AddressLocator, ImportOptions, ImportReport, run_import


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None (another C library, another system)."""
    name = ctypes.util.find_library("c")
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    return trim


_TRIM = _malloc_trim()


def release_memory() -> None:
    """Hand the memory an import freed back to the system (glibc keeps freed pages in the
    process otherwise); ctypes lets other threads run meanwhile."""
    if _TRIM is not None:
        _TRIM(0)


def import_file(
    engine: Engine,
    file: BinaryIO,
    options: ImportOptions,
    fmt: str | None = None,
    filename: str | None = None,
    mapping: Path | str | None = None,
    source: str | None = None,
    locate: AddressLocator | None = None,
    on_rows: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
    read_model: ReadModel | None = None,
) -> ImportReport:
    """Read then apply a seekable binary file; FormatError when it cannot be read at all.

    A serving process passes its `read_model`, published once the import is committed; the
    CLI has none to publish to (the servers hear the change through their listener or poller).

    The standard's CSV is read row by row while it is applied, so memory holds a batch of
    rows, not the file; `on_rows` gets the number of rows as soon as it is known (before the
    import for the formats read whole, after it for a streamed CSV).
    """
    if isinstance(mapping, str) and not mapping.endswith(".toml"):
        mapping = shipped_mapping(mapping)
    result = stream_file(file, fmt, filename, mapping, source)
    if on_rows and isinstance(result, ReadResult):
        on_rows(len(result.rows))
    with Session(engine) as session:
        report = run_import(session, result, options, locate, progress)
    if on_rows and not isinstance(result, ReadResult):
        on_rows(report.rows)
    if read_model is not None and report.written:
        read_model.publish()
    return report


def import_bytes(
    engine: Engine,
    data: bytes,
    options: ImportOptions,
    fmt: str | None = None,
    filename: str | None = None,
    mapping: Path | str | None = None,
    source: str | None = None,
    locate: AddressLocator | None = None,
    on_rows: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """`import_file` for a file already in memory."""
    file = io.BytesIO(data)
    return import_file(
        engine, file, options, fmt, filename, mapping, source, locate, on_rows, progress
    )
