"""The fast way from a CSV record to a ParsedRow, compiled once per file from its Layout.

`build_row` (lieux_mediation_rows) is the careful way: per cell it dispatches on the column's
kind, catches the conversion's error and records it. Here the dispatch is done once per file,
as one converter per column, and conversions of repeated values (hours, lists, dates, the
pivot placeholder...) are cached per file. The fast builder records no errors: at the first
doubtful cell it raises ValueError (Fallback, or the conversion's own), and the reader builds
that row again the careful way, so a rejected row's errors are exactly build_row's. For a row
it does build, its result equals build_row's (same fields, same columns, same order).
"""

from collections.abc import Callable, Sequence
from typing import Any

from seed.formats.base import ParsedRow
from seed.formats.lieux_mediation_columns import REQUIRED, Column
from seed.formats.lieux_mediation_rows import RESPELLED, Layout
from seed.formats.lieux_mediation_v01 import translate_v01
from seed.formats.lieux_mediation_values import SCALARS, in_france, unquote_formula

# Distinct values remembered per column and file: repeated ones (hours, lists, dates) are
# few; unique ones (phones, coordinates) would only fill memory.
CACHE_LIMIT = 10_000

RowBuilder = Callable[[int, list[str]], ParsedRow]
Converter = Callable[[str], Any]

_MISSING = object()  # not in a cache
_SKIPPED = object()  # an empty coordinate: the field is left out for the geocoder


class Fallback(ValueError):
    """The fast builder cannot vouch for this row: build it the careful way."""


def compile_csv_row(header: Sequence[str], layout: Layout, source: str | None) -> RowBuilder:
    """A builder of the rows of one file: (line, cells) to the row, or raises ValueError.

    It handles rows that build_row would accept without any error, with `header`'s width.
    """
    width = len(header)
    # The last column of a name, as dict(zip(header, cells)) keeps it (known names are unique).
    index = {name: position for position, name in enumerate(header)}
    # (file's column, field or None when merged by field, cell's position, converter)
    steps: list[tuple[str, str | None, int, Converter]] = []
    for name, column in layout.columns:
        if column.kind != "source":
            merged, converter = _converter(column, layout)
            steps.append((name, None if merged else column.field, index[name], converter))
    source_name = layout.file_name("source")
    source_at = index.get(source_name)

    def build(line: int, cells: list[str]) -> ParsedRow:
        if len(cells) != width and (len(cells) < width or any(map(str.strip, cells[width:]))):
            raise Fallback  # too few cells, or more that are not blank
        fields: dict[str, Any] = {}
        columns: dict[str, str] = {}
        for name, field, at, convert in steps:
            value = convert(cells[at])
            if field is not None:
                if value is not _SKIPPED:
                    fields[field] = value
                    columns[field] = name
            else:  # a v0.1 list whose values may go to several fields
                for target, values in value:
                    fields[target] = [*fields.get(target, ()), *values]
                    columns[target] = name
        latitude = fields.get("latitude")
        longitude = fields.get("longitude")
        if (latitude is not None or longitude is not None) and (
            latitude is None or longitude is None or not in_france(latitude, longitude)
        ):
            raise Fallback  # half a location, or one outside France
        if source:
            fields["source"] = source
        else:
            text = _text(cells[source_at]) if source_at is not None else ""
            if not text:
                raise Fallback  # no import source
            fields["source"] = text
            columns["source"] = source_name
        return ParsedRow(line, fields, columns, [])

    return build


def _text(cell: str) -> str:
    """lieux_mediation_values.single, for a text cell."""
    text = cell.strip()
    if text.startswith("'"):
        return unquote_formula(text).strip()
    return text


def _converter(column: Column, layout: Layout) -> tuple[bool, Converter]:
    """(whether its values are merged by field, the column's converter)."""
    if column.kind == "list":
        if layout.version == "0.1":
            return True, _cached(_v01_list(column, layout))
        return False, _listed(_cached(_list(column, layout)))
    required = column.name in REQUIRED and column.kind != "pivot"
    if column.kind == "text":
        return False, _required_text if required else _optional_text
    return False, _cached(_scalar(column, required))


def _required_text(cell: str) -> str:
    text = _text(cell)
    if not text:
        raise Fallback  # required by the standard
    return text


def _optional_text(cell: str) -> str | None:
    return _text(cell) or None


def _scalar(column: Column, required: bool) -> Converter:
    convert = SCALARS[column.kind]
    empty = _SKIPPED if column.kind == "number" else None

    def scalar(cell: str) -> Any:
        text = _text(cell)
        if text:
            return convert(text)
        if required:
            raise Fallback  # required by the standard
        return empty

    return scalar


def _splitter(column: Column, layout: Layout) -> Callable[[str], list[str]]:
    separator = layout.separator(column)
    if separator is None:
        return layout.splitter(column).split
    return lambda cell: cell.split(separator)


def _values(cell: str, split: Callable[[str], list[str]]) -> list[str]:
    """lieux_mediation_values.items, for a text cell."""
    return [value for value in map(_text, split(cell)) if value]


def _list(column: Column, layout: Layout) -> Converter:
    split = _splitter(column, layout)

    def values(cell: str) -> tuple[str, ...]:
        return tuple(RESPELLED.get(value, value) for value in _values(cell, split))

    return values


def _listed(convert: Converter) -> Converter:
    """A list per row: rows share no list, as they did not before the cache."""

    def listed(cell: str) -> list[str]:
        return list(convert(cell))

    return listed


def _v01_list(column: Column, layout: Layout) -> Converter:
    split = _splitter(column, layout)

    def groups(cell: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        translated = translate_v01(column.field, _values(cell, split))
        return tuple(
            (field, tuple(RESPELLED.get(value, value) for value in found))
            for field, found in translated.items()
        )

    return groups


def _cached(convert: Converter) -> Converter:
    """`convert` remembering its results (immutable ones) for this file; errors are not kept."""
    cache: dict[str, Any] = {}

    def cached(cell: str) -> Any:
        value = cache.get(cell, _MISSING)
        if value is _MISSING:
            value = convert(cell)
            if len(cache) < CACHE_LIMIT:
                cache[cell] = value
        return value

    return cached
