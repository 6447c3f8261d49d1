"""Choosing a reader: by the format named, else by the file's name and first bytes."""

from pathlib import Path
from typing import BinaryIO

from seed.formats import lieux_mediation
from seed.formats.base import FormatError, ReadResult, RowStream
from seed.formats.geojson import read_geojson
from seed.formats.mapping import load_mapping, read_mapped_csv

FORMATS = ("lieux-mediation", "lieux-mediation-json", "geojson", "mapped")
MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "mappings"


def detect_format(data: bytes, filename: str | None) -> str:
    """Guess a format: JSON documents by content, anything else as the standard's CSV."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"{") and b"FeatureCollection" in data[:4096]:
        return "geojson"
    if head.startswith((b"[", b"{")):
        return "lieux-mediation-json"
    if filename and filename.lower().endswith((".geojson",)):
        return "geojson"
    return "lieux-mediation"


def shipped_mappings() -> list[str]:
    """The names of the mappings shipped in seed/mappings/."""
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.toml"))


def shipped_mapping(name: str) -> Path:
    """A mapping shipped in seed/mappings/, by name without extension.

    The name is looked up in the list, never joined to a path first: no other file can be
    named, and the error says nothing about files outside the list.
    """
    known = shipped_mappings()
    if name not in known:
        raise FormatError(
            f"aucune correspondance livrée ne s'appelle « {name} » ; connues : {', '.join(known)}",
            en=f"no shipped mapping {name!r}; known: {', '.join(known)}",
        )

    return MAPPINGS_DIR / f"{name}.toml"


def read_file(
    data: bytes,
    fmt: str | None = None,
    filename: str | None = None,
    mapping: Path | str | None = None,
    source: str | None = None,
) -> ReadResult:
    """Read a file in any supported format; FormatError for what cannot be read at all."""
    if not data.strip():
        raise FormatError("le fichier est vide")
    fmt = fmt or ("mapped" if mapping else detect_format(data, filename))
    if fmt not in FORMATS:
        raise FormatError(f"format inconnu « {fmt} » ; formats connus : {', '.join(FORMATS)}")
    if fmt == "mapped":
        if mapping is None:
            raise FormatError(
                "le format « mapped » demande un fichier de correspondance (--mapping)"
            )
        return read_mapped_csv(data, load_mapping(mapping), source)
    if fmt == "geojson":
        return read_geojson(data, source)
    if fmt == "lieux-mediation-json":
        return lieux_mediation.read_lieux_mediation_json(data, source)
    return lieux_mediation.read_lieux_mediation_csv(data, source)


# Enough of a file's start to guess its format (detect_format looks at 4,096 bytes).
HEAD_BYTES = 1 << 20


def stream_file(
    file: BinaryIO,
    fmt: str | None = None,
    filename: str | None = None,
    mapping: Path | str | None = None,
    source: str | None = None,
) -> ReadResult | RowStream:
    """`read_file` for a seekable binary file: the standard's CSV is read row by row, as the
    rows are asked for, so that the file is never held in memory; other formats are read
    whole (their readers parse whole documents)."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    blank = not head.strip()
    while blank and (chunk := file.read(HEAD_BYTES)):
        blank = not chunk.strip()
    if blank:
        raise FormatError("le fichier est vide")
    fmt = fmt or ("mapped" if mapping else detect_format(head, filename))
    if fmt == "lieux-mediation":
        return lieux_mediation.stream_lieux_mediation_csv(file, source)
    file.seek(0)
    return read_file(file.read(), fmt, filename, mapping, source)
