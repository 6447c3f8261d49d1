"""Read "Lieux de médiation numérique" files (v1.x and v0.1.x) as cities publish them."""

import csv
import io
import json
from typing import Any

from seed.collector import collector_paused
from seed.formats.base import FormatError, ParsedRow, ReadResult, RowError
from seed.formats.lieux_mediation_fast import compile_csv_row
from seed.formats.lieux_mediation_rows import Layout, build_row, detect_layout, flag_duplicate_ids
from seed.formats.lieux_mediation_values import Cell

UTF8_BOM = b"\xef\xbb\xbf"
NO_ROWS = "the file has no rows"
# Stands for the whole row in a RowError when no single column is at fault.
WHOLE_ROW = "(row)"

Record = tuple[int, list[str]]  # (physical line where the record starts, its cells)


def read_lieux_mediation_csv(data: bytes, source: str | None) -> ReadResult:
    """Read a CSV file; `source`, when given, is the import source of every row."""
    text = decode(data)
    with collector_paused():
        records = [record for record in _records(text) if any(map(str.strip, record[1]))]
        if not records:
            raise FormatError(NO_ROWS)
        header = [name.strip() for name in records[0][1]]
        layout = detect_layout(header)
        fast = compile_csv_row(header, layout, source)
        rows: list[ParsedRow] = []
        for line, cells in records[1:]:
            try:
                row = fast(line, cells)
            except ValueError:  # a row with an error, or one the fast builder cannot vouch for
                row = _csv_row(line, cells, header, layout, source)
            rows.append(row)
        return _result(rows, layout, "csv")


def read_lieux_mediation_json(data: bytes, source: str | None) -> ReadResult:
    """Read the JSON form: a list of objects, or `{"data": [...]}`; line = object's index."""
    with collector_paused():
        objects = _json_objects(data)
        keys = list(dict.fromkeys(k for obj in objects if isinstance(obj, dict) for k in obj))
        layout = detect_layout(keys)
        rows = [_json_row(i, obj, layout, source) for i, obj in enumerate(objects, start=1)]
        return _result(rows, layout, "json")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; FormatError when neither fits."""
    data = data.removeprefix(UTF8_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise FormatError("the file is neither UTF-8 nor Windows-1252 text") from exc
    if "\x00" in text:
        raise FormatError("the file holds NUL characters: not UTF-8 or Windows-1252 text")
    return text


def sniff_delimiter(text: str) -> str:
    """`;` or `,`, whichever the header line uses more (`,` when neither)."""
    header = _first_line(text)
    return ";" if header.count(";") > header.count(",") else ","


def _first_line(text: str) -> str:
    """`text.splitlines()[0]` (or ""), without splitting the whole file."""
    end = 4096
    while end < len(text):
        lines = text[:end].splitlines()
        if len(lines) > 1:  # a line break before the end of this slice: line 1 is whole
            return lines[0]
        end *= 4
    return text.splitlines()[0] if text else ""


def _records(text: str) -> list[Record]:
    # strict: an unterminated quote raises instead of swallowing the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text), strict=True)
    records: list[Record] = []
    line = 1
    try:
        for cells in reader:
            records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise FormatError(f"line {line}: a quoted value is never closed (truncated?)") from exc
        raise FormatError(f"line {line}: {exc}") from exc
    return records


def _csv_row(
    line: int, cells: list[str], header: list[str], layout: Layout, source: str | None
) -> ParsedRow:
    if len(cells) < len(header):
        reason = f"the line has {len(cells)} of the {len(header)} columns: truncated?"
        return ParsedRow(line, errors=[RowError(line, header[len(cells)], None, reason)])
    row = build_row(line, dict(zip(header, cells, strict=False)), layout, source)
    extra = [cell for cell in cells[len(header) :] if cell.strip()]
    if extra:
        reason = "more cells than columns: a value may hold an unquoted delimiter"
        row.errors.append(RowError(line, WHOLE_ROW, extra, reason))
    return row


def _json_objects(data: bytes) -> list[Any]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"not JSON in UTF-8: {exc}") from exc
    if isinstance(document, dict) and "data" in document:
        document = document["data"]
    if not isinstance(document, list):
        raise FormatError('expected a list of places, or {"data": [...]}')
    if not document:
        raise FormatError(NO_ROWS)
    return document


def _json_row(index: int, obj: Any, layout: Layout, source: str | None) -> ParsedRow:
    if not isinstance(obj, dict):
        return ParsedRow(index, errors=[RowError(index, WHOLE_ROW, obj, "expected an object")])
    cells: dict[str, Cell] = {}
    errors: list[RowError] = []
    for key, value in obj.items():
        try:
            cells[key] = _json_cell(value)
        except ValueError as exc:
            errors.append(RowError(index, key, value, str(exc)))
    row = build_row(index, cells, layout, source)
    # A value of the wrong type is reported once, not again as an empty required cell.
    bad = {error.field for error in errors}
    row.errors = errors + [error for error in row.errors if error.field not in bad]
    return row


def _json_cell(value: Any) -> Cell:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list):
        return [_json_scalar(item) for item in value]
    return _json_scalar(value)


def _json_scalar(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    raise ValueError("expected text, a number or a list of them")


def _result(rows: list[ParsedRow], layout: Layout, syntax: str) -> ReadResult:
    if not rows:
        raise FormatError(NO_ROWS)
    flag_duplicate_ids(rows, layout)
    name = f"lieux-mediation-numerique v{layout.version} {syntax}"
    return ReadResult(rows=rows, format_name=name, unknown_columns=list(layout.unknown))
