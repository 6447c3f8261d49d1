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
from dataclasses import dataclass
from typing import Any, Literal

from seed.formats.base import ParsedRow
from seed.formats.lieux_mediation_columns import REQUIRED, Column
from seed.formats.lieux_mediation_rows import RESPELLED, Layout
from seed.formats.lieux_mediation_v01 import translate_v01
from seed.formats.lieux_mediation_values import (
    SCALARS,
    in_france,
    localise_phone,
    unquote_formula,
)

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

    It builds the rows build_row would accept without any error, when of `header`'s width.
    """
    width = len(header)
    # The last column of a name, as dict(zip(header, cells)) keeps it (known names are unique).
    index = {name: at for at, name in enumerate(header)}
    steps = [
        _Step(name, column.field, index[name], *_converter(column, layout))
        for name, column in layout.columns
        if column.kind != "source"
    ]
    # v0.1 lists may send values to several fields: those go column by column, in order.
    by_kind = layout.version == "1" and len({step.field for step in steps}) == len(steps)
    convert = _by_kind(steps) if by_kind else _in_order(steps)
    source_name = layout.file_name("source")
    source_at = index.get(source_name)

    def build(line: int, cells: list[str]) -> ParsedRow:
        if len(cells) != width and (len(cells) < width or any(map(str.strip, cells[width:]))):
            raise Fallback  # too few cells, or more that are not blank
        fields, columns = convert(cells)
        localise_phone(fields)
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


Mode = Literal["text", "required text", "scalar", "list", "merged"]


@dataclass(frozen=True)
class _Step:
    """How one column of the file fills the row."""

    name: str  # in the file
    field: str
    at: int  # the cell's position
    mode: Mode
    cache: dict[str, Any]  # a cell's value already computed (empty for texts)
    compute: Converter  # a cell's value, kept in `cache` when it may be


Converted = tuple[dict[str, Any], dict[str, str]]  # (fields, their columns)


def _by_kind(steps: list[_Step]) -> Callable[[list[str]], Converted]:
    """Each field once: fields and columns start as copies in the columns' order, then one
    tight loop per kind of column fills the fields."""
    fields_start = dict.fromkeys(step.field for step in steps)
    columns_start = {step.field: step.name for step in steps}
    texts = [(step.field, step.at) for step in steps if step.mode == "text"]
    required = [(step.field, step.at) for step in steps if step.mode == "required text"]
    scalars = [(s.field, s.at, s.cache, s.compute) for s in steps if s.mode == "scalar"]
    lists = [(s.field, s.at, s.cache, s.compute) for s in steps if s.mode == "list"]

    def convert(cells: list[str]) -> Converted:
        fields = fields_start.copy()
        columns = columns_start.copy()
        for field, at in required:
            text = cells[at].strip()
            if text.startswith("'"):
                text = unquote_formula(text).strip()
            if not text:
                raise Fallback  # required by the standard
            fields[field] = text
        for field, at in texts:
            text = cells[at].strip()
            if text.startswith("'"):
                text = unquote_formula(text).strip()
            fields[field] = text or None
        for field, at, cache, compute in scalars:
            cell = cells[at]
            value = cache.get(cell, _MISSING)
            if value is _MISSING:
                value = compute(cell)
            if value is _SKIPPED:
                del fields[field], columns[field]
            else:
                fields[field] = value
        for field, at, cache, compute in lists:
            cell = cells[at]
            value = cache.get(cell, _MISSING)
            if value is _MISSING:
                value = compute(cell)
            fields[field] = list(value)  # rows share no list, as they did not before the cache
        return fields, columns

    return convert


def _in_order(steps: list[_Step]) -> Callable[[list[str]], Converted]:
    """Column by column, as build_row does."""
    plan = [(s.name, s.field, s.at, s.mode, s.cache, s.compute) for s in steps]

    def convert(cells: list[str]) -> Converted:
        fields: dict[str, Any] = {}
        columns: dict[str, str] = {}
        for name, field, at, mode, cache, compute in plan:
            cell = cells[at]
            value = cache.get(cell, _MISSING)
            if value is _MISSING:
                value = compute(cell)
            if mode == "merged":  # a v0.1 list: values by the field each goes to
                for target, values in value:
                    fields[target] = [*fields.get(target, ()), *values]
                    columns[target] = name
            elif value is not _SKIPPED:
                fields[field] = list(value) if mode == "list" else value
                columns[field] = name
        return fields, columns

    return convert


def _text(cell: str) -> str:
    """lieux_mediation_values.single, for a text cell."""
    text = cell.strip()
    if text.startswith("'"):
        return unquote_formula(text).strip()
    return text


def _converter(column: Column, layout: Layout) -> tuple[Mode, dict[str, Any], Converter]:
    """(mode, cache, compute) of a column."""
    cache: dict[str, Any] = {}
    if column.kind == "list":
        if layout.version == "0.1":
            return "merged", cache, _cached(cache, _v01_list(column, layout))
        return "list", cache, _cached(cache, _list(column, layout))
    required = column.name in REQUIRED and column.kind != "pivot"
    if column.kind == "text":
        if required:
            return "required text", cache, _required_text
        return "text", cache, _optional_text
    return "scalar", cache, _cached(cache, _scalar(column, required))


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


def _v01_list(column: Column, layout: Layout) -> Converter:
    split = _splitter(column, layout)

    def groups(cell: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        translated = translate_v01(column.field, _values(cell, split))
        return tuple(
            (field, tuple(RESPELLED.get(value, value) for value in found))
            for field, found in translated.items()
        )

    return groups


def _cached(cache: dict[str, Any], convert: Converter) -> Converter:
    """`convert`, keeping its (immutable) results in `cache`; errors are not kept."""

    def cached(cell: str) -> Any:
        value = convert(cell)
        if len(cache) < CACHE_LIMIT:
            cache[cell] = value
        return value

    return cached
