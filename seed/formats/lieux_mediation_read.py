"""Read "Lieux de médiation numérique" files (v1.x and v0.1.x) as cities publish them."""

import io
import json
from typing import Any

from seed.collector import collector_paused
from seed.formats.base import FormatError, ParsedRow, ReadResult, RowError, check_depth
from seed.formats.lieux_mediation_rows import Layout, build_row, detect_layout, flag_duplicate_ids
from seed.formats.lieux_mediation_stream import NO_ROWS, WHOLE_ROW, stream_lieux_mediation_csv
from seed.formats.lieux_mediation_values import Cell


def read_lieux_mediation_csv(data: bytes, source: str | None) -> ReadResult:
    """Read a CSV file; `source`, when given, is the import source of every row.

    The whole file at once; imports read it row by row (lieux_mediation_stream).
    """
    with collector_paused():
        stream = stream_lieux_mediation_csv(io.BytesIO(data), source)
        rows = list(stream.rows)
    return ReadResult(rows, stream.format_name, stream.unknown_columns)


def read_lieux_mediation_json(data: bytes, source: str | None) -> ReadResult:
    """Read the JSON form: a list of objects, or `{"data": [...]}`; line = object's index."""
    with collector_paused():
        objects = _json_objects(data)
        keys = list(dict.fromkeys(k for obj in objects if isinstance(obj, dict) for k in obj))
        layout = detect_layout(keys)
        rows = [_json_row(i, obj, layout, source) for i, obj in enumerate(objects, start=1)]
        return _result(rows, layout, "json")


def _json_objects(data: bytes) -> list[Any]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError("le fichier n'est pas du JSON valide en UTF-8") from exc
    except RecursionError:
        raise FormatError("JSON illisible ici : imbriqué trop profondément") from None
    check_depth(document)
    if isinstance(document, dict) and "data" in document:
        document = document["data"]
    if not isinstance(document, list):
        raise FormatError('une liste de lieux est attendue, ou {"data": [...]}')
    if not document:
        raise FormatError(NO_ROWS)
    return document


def _json_row(index: int, obj: Any, layout: Layout, source: str | None) -> ParsedRow:
    if not isinstance(obj, dict):
        return ParsedRow(
            index,
            errors=[RowError(index, WHOLE_ROW, obj, "un objet JSON est attendu pour chaque lieu")],
        )
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
    raise ValueError("du texte, un nombre ou une liste de ceux-ci est attendu")


def _result(rows: list[ParsedRow], layout: Layout, syntax: str) -> ReadResult:
    if not rows:
        raise FormatError(NO_ROWS)
    flag_duplicate_ids(rows, layout)
    name = f"lieux-mediation-numerique v{layout.version} {syntax}"
    return ReadResult(rows=rows, format_name=name, unknown_columns=list(layout.unknown))
