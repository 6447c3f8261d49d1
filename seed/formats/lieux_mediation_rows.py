"""From a header to the standard's version and columns, and from cells to one ParsedRow."""

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from models.vocabulary import TrainingLabel
from seed.formats.base import FormatError, ParsedRow, RowError, check_header
from seed.formats.lieux_mediation_columns import (
    BY_NAME,
    REQUIRED,
    V01_ONLY,
    V01_RENAMED,
    V01_SEPARATOR,
    V1_ONLY,
    V1_SEPARATOR,
    Column,
)
from seed.formats.lieux_mediation_v01 import translate_v01
from seed.formats.lieux_mediation_values import (
    SCALARS,
    Cell,
    items,
    localise_phone,
    location_problem,
    single,
)

Version = Literal["1", "0.1"]

# The label as the field's description spells it, to the spelling the schema's pattern accepts.
RESPELLED = {"Étapes numériques (La Poste)": str(TrainingLabel.ETAPES_NUMERIQUES)}
_AXES = ("latitude", "longitude")
_SPLITTERS = {
    "1": re.compile(re.escape(V1_SEPARATOR)),
    "0.1": re.compile(re.escape(V01_SEPARATOR)),
    # v0.1 told producers to separate web sites with commas; split only before a new URL.
    "0.1 site_web": re.compile(r";|,(?=\s*https?://)"),
}


@dataclass(frozen=True)
class Layout:
    """The standard's version a header follows, its known columns, and the others."""

    version: Version
    columns: tuple[tuple[str, Column], ...]  # (name in the file, the standard's column)
    unknown: tuple[str, ...]

    def splitter(self, column: Column) -> re.Pattern[str]:
        """How this column separates multiple values in this version."""
        if self.version == "0.1" and column.name == "site_web":
            return _SPLITTERS["0.1 site_web"]
        return _SPLITTERS[self.version]

    def separator(self, column: Column) -> str | None:
        """The plain text `splitter` splits on, or None when it needs the pattern."""
        if self.version == "0.1" and column.name == "site_web":
            return None
        return V01_SEPARATOR if self.version == "0.1" else V1_SEPARATOR

    def file_name(self, field: str) -> str:
        """The file's column for a model field, or the field name when the file lacks it."""
        return next((name for name, column in self.columns if column.field == field), field)


def detect_layout(header: Sequence[str]) -> Layout:
    """Version by the header's names (v0.1 has older names); FormatError on missing columns."""
    check_header(header)
    keys = [name.strip().lower() for name in header]
    # Counted once (linear): a count per name was quadratic in the header's width.
    duplicated = sorted(key for key, count in Counter(keys).items() if key and count > 1)
    if duplicated:
        raise FormatError(f"colonnes en double : {', '.join(duplicated)}")
    old = any(key in V01_ONLY for key in keys) and not any(key in V1_ONLY for key in keys)
    version: Version = "0.1" if old else "1"
    known: list[tuple[str, Column]] = []
    unknown: list[str] = []
    for name, key in zip(header, keys, strict=True):
        standard = V01_RENAMED.get(key, key) if old else key
        if standard in BY_NAME:
            known.append((name, BY_NAME[standard]))
        elif key:
            unknown.append(name)
    missing = [name for name in REQUIRED if name not in {c.name for _, c in known}]
    if missing:
        raise FormatError(f"colonnes obligatoires absentes : {', '.join(missing)}")
    return Layout(version, tuple(known), tuple(unknown))


def build_row(
    line: int, cells: Mapping[str, Cell], layout: Layout, source: str | None
) -> ParsedRow:
    """Convert the cells of one place; conversion errors are recorded, not raised."""
    row = ParsedRow(line=line)
    for name, column in layout.columns:
        if column.kind != "source":
            _convert(row, name, column, cells.get(name), layout)
    localise_phone(row.fields)
    _check_location(row, cells, layout)
    _set_source(row, cells, layout, source)
    return row


def _convert(row: ParsedRow, name: str, column: Column, cell: Cell, layout: Layout) -> None:
    try:
        if column.kind == "list":
            _store_list(row, name, column, items(cell, layout.splitter(column)), layout)
            return
        text = single(cell)
        if not text and column.name in REQUIRED and column.kind != "pivot":
            raise ValueError("obligatoire selon le standard, mais vide")
        if text or column.kind != "number":  # missing coordinates are left to the geocoder
            row.fields[column.field] = SCALARS[column.kind](text) if text else None
            row.columns[column.field] = name
    except ValueError as exc:
        row.errors.append(RowError(row.line, name, cell, str(exc)))


def _store_list(
    row: ParsedRow, name: str, column: Column, values: list[str], layout: Layout
) -> None:
    groups = translate_v01(column.field, values) if layout.version == "0.1" else {}
    for field, found in (groups or {column.field: values}).items():
        respelled = [RESPELLED.get(value, value) for value in found]
        row.fields[field] = [*row.fields.get(field, []), *respelled]
        row.columns[field] = name


def _check_location(row: ParsedRow, cells: Mapping[str, Cell], layout: Layout) -> None:
    names = {axis: layout.file_name(axis) for axis in _AXES}
    unreadable = any(error.field in names.values() for error in row.errors)
    error = None if unreadable else _location_error(row, cells, names)
    if error:
        row.errors.append(error)
    if unreadable or error:
        for axis in _AXES:
            row.fields.pop(axis, None)  # keep no half or doubtful location


def _location_error(
    row: ParsedRow, cells: Mapping[str, Cell], names: dict[str, str]
) -> RowError | None:
    present = [axis for axis in _AXES if row.fields.get(axis) is not None]
    if len(present) == 1:
        absent = next(axis for axis in _AXES if axis not in present)
        return RowError(
            row.line,
            names[absent],
            None,
            f"{present[0]} est donnée sans {absent} : donnez les deux ou aucune",
        )
    if not present:
        return None
    problem = location_problem(row.fields["latitude"], row.fields["longitude"])
    if problem is None:
        return None
    raw = (cells.get(names["latitude"]), cells.get(names["longitude"]))
    return RowError(row.line, names["latitude"], raw, problem)


def _set_source(
    row: ParsedRow, cells: Mapping[str, Cell], layout: Layout, source: str | None
) -> None:
    if source:
        row.fields["source"] = source
        return
    name = layout.file_name("source")
    try:
        text = single(cells.get(name))
    except ValueError as exc:
        row.errors.append(RowError(row.line, name, cells.get(name), str(exc)))
        return
    if not text:
        reason = (
            "aucune source : la colonne source est vide et aucune source n'a été donnée (--source)"
        )
        row.errors.append(RowError(row.line, name, cells.get(name), reason))
        return
    row.fields["source"] = text
    row.columns["source"] = name


def flag_duplicate_ids(
    rows: Iterable[ParsedRow], layout: Layout, first_line: dict[str, int] | None = None
) -> None:
    """A RowError on each row whose id an earlier row already has.

    `first_line` (id to line) carries the earlier rows over from one call to the next, for a
    file read a few rows at a time.
    """
    first_line = {} if first_line is None else first_line
    for row in rows:
        source_id = row.fields.get("source_id")
        if not source_id:
            continue
        if source_id in first_line:
            reason = f"identifiant en double : déjà utilisé ligne {first_line[source_id]}"
            row.errors.append(RowError(row.line, layout.file_name("source_id"), source_id, reason))
        else:
            first_line[source_id] = row.line
