"""The standard's CSV read from a binary file one row at a time, in bounded memory.

The whole file is never held: its encoding is found by decoding it chunk by chunk (and the
decoded text dropped), then the rows are parsed from a text wrapper over the file as the
import engine asks for them. A row is exactly what reading the whole file would give, line
numbers, errors and duplicate ids included (seed.formats.lieux_mediation_read).
"""

import codecs
import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from seed.formats.base import FormatError, ParsedRow, RowError, RowStream
from seed.formats.lieux_mediation_fast import compile_csv_row
from seed.formats.lieux_mediation_rows import Layout, build_row, detect_layout, flag_duplicate_ids

UTF8_BOM = b"\xef\xbb\xbf"
NO_ROWS = "le fichier ne contient aucune ligne de données"
# Stands for the whole row in a RowError when no single column is at fault.
WHOLE_ROW = "(row)"
CHUNK = 1 << 20
HEAD = 4096

Record = tuple[int, list[str]]  # (physical line where the record starts, its cells)


def stream_lieux_mediation_csv(file: BinaryIO, source: str | None) -> RowStream:
    """The rows of a CSV file, read as they are asked for; the header is read now.

    FormatError now for what the header shows (encoding, columns), and later, while the rows
    are read, for a broken record or a file without rows. `file` must be seekable.
    """
    offset, encoding = file_encoding(file)
    file.seek(offset)
    delimiter = _delimiter(_first_line(file, encoding))
    file.seek(offset)
    text = io.TextIOWrapper(file, encoding=encoding, newline="")
    records = _records(text, delimiter)
    try:
        first = next(records, None)
        if first is None:
            raise FormatError(NO_ROWS)
        header = [name.strip() for name in first[1]]
        layout = detect_layout(header)
    except BaseException:
        text.detach()  # the file stays open: it belongs to the caller
        raise
    name = f"lieux-mediation-numerique v{layout.version} csv"
    rows = _rows(text, records, header, layout, source)
    return RowStream(rows=rows, format_name=name, unknown_columns=list(layout.unknown))


def file_encoding(file: BinaryIO) -> tuple[int, str]:
    """(where the text starts, its encoding): UTF-8 (with or without BOM), else
    Windows-1252; FormatError when neither fits or the text holds NUL characters."""
    file.seek(0)
    offset = len(UTF8_BOM) if file.read(len(UTF8_BOM)) == UTF8_BOM else 0
    for encoding in ("utf-8", "cp1252"):
        file.seek(offset)
        decoder = codecs.getincrementaldecoder(encoding)()
        nul = False
        try:
            while chunk := file.read(CHUNK):
                decoder.decode(chunk)
                nul = nul or b"\x00" in chunk
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if nul:
            raise FormatError(
                "le fichier contient des caractères NUL : ce n'est pas du texte UTF-8 "
                "ni Windows-1252"
            )
        return offset, encoding
    raise FormatError("le fichier n'est ni du texte UTF-8 ni du Windows-1252")


def _delimiter(header: str) -> str:
    """`;` or `,`, whichever the header line uses more (`,` when neither)."""
    return ";" if header.count(";") > header.count(",") else ","


def _first_line(file: BinaryIO, encoding: str) -> str:
    """The first line of the text from the file's position (as `str.splitlines` ends it)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    text, size = "", HEAD
    while True:
        chunk = file.read(size)
        text += decoder.decode(chunk, final=not chunk)
        lines = text.splitlines()
        if len(lines) > 1 or not chunk:  # a line break before the end: line 1 is whole
            return lines[0] if lines else ""
        size *= 4


def _records(text: io.TextIOWrapper, delimiter: str) -> Iterator[Record]:
    """The records that hold a value, each with the physical line it starts on."""
    # strict: an unterminated quote raises instead of swallowing the rest of the file.
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            if any(map(str.strip, cells)):
                yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise FormatError(
                f"ligne {line} : une valeur entre guillemets n'est jamais refermée "
                "(fichier tronqué ?)"
            ) from exc
        raise FormatError(
            f"ligne {line} : CSV illisible (guillemets ou séparateurs mal placés)"
        ) from exc


def _rows(
    text: io.TextIOWrapper,
    records: Iterator[Record],
    header: list[str],
    layout: Layout,
    source: str | None,
) -> Iterator[ParsedRow]:
    fast = compile_csv_row(header, layout, source)
    first_line: dict[str, int] = {}
    count = 0
    try:
        for line, cells in records:
            try:
                row = fast(line, cells)
            except ValueError:  # a row with an error, or one the fast builder cannot vouch for
                row = csv_row(line, cells, header, layout, source)
            flag_duplicate_ids((row,), layout, first_line)
            count += 1
            yield row
    finally:
        text.detach()  # the file stays open: it belongs to the caller
    if not count:
        raise FormatError(NO_ROWS)


def csv_row(
    line: int, cells: list[str], header: list[str], layout: Layout, source: str | None
) -> ParsedRow:
    """A row the careful way (build_row), with its errors."""
    if len(cells) < len(header):
        reason = f"la ligne a {len(cells)} des {len(header)} colonnes : tronquée ?"
        return ParsedRow(line, errors=[RowError(line, header[len(cells)], None, reason)])
    row = build_row(line, dict(zip(header, cells, strict=False)), layout, source)
    extra = [cell for cell in cells[len(header) :] if cell.strip()]
    if extra:
        reason = (
            "plus de cellules que de colonnes : une valeur contient peut-être un séparateur "
            "sans guillemets"
        )
        row.errors.append(RowError(line, WHOLE_ROW, extra, reason))
    return row
