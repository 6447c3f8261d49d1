"""Commune outlines for the maps: our data file (built by seed.build_outlines), read and checked.

The file is read whole and checked before use; a bad file raises OutlinesFileError in French.
Each ring is flat (x0, y0, x1, y1, ...: longitude, latitude) and closed, as in
seed.communes_geometry.
"""

import gzip
import json
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from seed.communes_geometry import Polygon, Ring

FILE_NAME = "commune-outlines.json.gz"
FORMAT = 1
COLUMNS = ("insee_code", "name", "polygons")
DECIMALS = 5


class OutlinesFileError(ValueError):
    """The outlines file cannot be read or is not in our format."""


@dataclass(frozen=True)
class CommuneOutline:
    """One commune's outline: its polygons (outer ring first) and bounding box."""

    insee_code: str
    name: str
    polygons: tuple[Polygon, ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class OutlinesFile:
    """The file's header (sources, licence) and its outlines."""

    header: dict[str, Any]
    outlines: tuple[CommuneOutline, ...]


def bundled_path() -> Path:
    """The data file shipped with the package."""
    return Path(str(resources.files("seed").joinpath("data", FILE_NAME)))


def read_outlines_file(path: Path | None = None) -> OutlinesFile:
    """The file's outlines, each checked; OutlinesFileError says what is wrong."""
    path = path or bundled_path()
    where = f"fichier des contours de communes {path}"
    try:
        document = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as exc:
        raise OutlinesFileError(f"{where} : illisible ({type(exc).__name__})") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise OutlinesFileError(f"{where} : format inconnu (attendu : format {FORMAT})")
    if document.get("columns") != list(COLUMNS) or not isinstance(document.get("communes"), list):
        raise OutlinesFileError(f"{where} : colonnes attendues {', '.join(COLUMNS)}")
    outlines = tuple(_outline(row, where) for row in document["communes"])
    header = {k: v for k, v in document.items() if k != "communes"}
    return OutlinesFile(header, outlines)


def _outline(row: Any, where: str) -> CommuneOutline:
    try:
        code, name, raw = row
        polygons = tuple([_ring(ring) for ring in polygon] for polygon in raw)
        if not isinstance(code, str) or not isinstance(name, str) or not polygons:
            raise ValueError("code, name or polygons missing")
    except (TypeError, ValueError) as exc:
        raise OutlinesFileError(f"{where} : commune mal formée ({str(row)[:40]}…)") from exc
    xs = [x for polygon in polygons for x in polygon[0][0::2]]
    ys = [y for polygon in polygons for y in polygon[0][1::2]]
    return CommuneOutline(code, name, polygons, (min(xs), min(ys), max(xs), max(ys)))


def _ring(values: Any) -> Ring:
    ring = tuple(float(v) for v in values)
    if len(ring) < 8 or len(ring) % 2 or ring[:2] != ring[-2:]:
        raise ValueError("a ring needs at least four points, the last equal to the first")
    if not all(-180 <= x <= 180 for x in ring[0::2]) or not all(-90 <= y <= 90 for y in ring[1::2]):
        raise ValueError("coordinates out of range")
    return ring
