"""Glue between a file's bytes and the import engine, shared by the CLI and the API."""

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from seed.formats.registry import read_file, shipped_mapping
from seed.importer import AddressLocator, ImportOptions, ImportReport, run_import


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
    """Read then apply a file; raises FormatError when the file cannot be read at all."""
    if isinstance(mapping, str) and not mapping.endswith(".toml"):
        mapping = shipped_mapping(mapping)
    result = read_file(data, fmt, filename, mapping, source)
    if on_rows:
        on_rows(len(result.rows))
    with Session(engine) as session:
        return run_import(session, result, options, locate, progress)
