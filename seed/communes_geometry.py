"""Centroids of commune shapes given as (E)WKB polygons, in plain Python (build time only)."""

import struct
from collections.abc import Iterable

# One ring: x0, y0, x1, y1, ... (longitude, latitude), closed (the last point is the first).
Ring = tuple[float, ...]
Polygon = list[Ring]

_POLYGON = 3
_MULTI_POLYGON = 6
_HAS_SRID = 0x20000000


def polygons(hex_wkb: str) -> list[Polygon]:
    """The polygons of a hex (E)WKB Polygon or MultiPolygon, outer ring first in each."""
    reader = _Reader(bytes.fromhex(hex_wkb))
    found = reader.geometry()
    if reader.position != len(reader.data):
        raise ValueError("trailing bytes after the geometry")
    return found


class _Reader:
    """Walks WKB bytes; each geometry names its own byte order."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0

    def unpack(self, order: str, fmt: str) -> tuple[float | int, ...]:
        values = struct.unpack_from(order + fmt, self.data, self.position)
        self.position += struct.calcsize(order + fmt)
        return values

    def geometry(self) -> list[Polygon]:
        order = "<" if self.data[self.position] == 1 else ">"
        self.position += 1
        (kind,) = self.unpack(order, "I")
        if int(kind) & _HAS_SRID:
            self.unpack(order, "I")
        kind = int(kind) & 0xFFFF
        if kind == _POLYGON:
            return [self.polygon(order)]
        if kind == _MULTI_POLYGON:
            (count,) = self.unpack(order, "I")
            return [part for _ in range(int(count)) for part in self.geometry()]
        raise ValueError(f"geometry type {kind} is not a polygon")

    def polygon(self, order: str) -> Polygon:
        (rings,) = self.unpack(order, "I")
        found: Polygon = []
        for _ in range(int(rings)):
            (points,) = self.unpack(order, "I")
            found.append(tuple(float(v) for v in self.unpack(order, f"{2 * int(points)}d")))
        return found


def centroid(parts: Iterable[Polygon]) -> tuple[float, float]:
    """(latitude, longitude) of the area-weighted centroid; holes count against their polygon."""
    area = moment_x = moment_y = 0.0
    for polygon in parts:
        for position, ring in enumerate(polygon):
            ring_area, ring_x, ring_y = _ring_moments(ring)
            # Outer rings add, holes subtract, whatever way each ring is wound.
            sign = 1.0 if position == 0 else -1.0
            area += sign * ring_area
            moment_x += sign * ring_x
            moment_y += sign * ring_y
    if area <= 0:
        raise ValueError("the shape has no area")
    return moment_y / area, moment_x / area


def _ring_moments(ring: Ring) -> tuple[float, float, float]:
    """Unsigned area of a closed ring and its first moments (shoelace formula)."""
    xs, ys = ring[0::2], ring[1::2]
    area = moment_x = moment_y = 0.0
    for i in range(len(xs) - 1):
        cross = xs[i] * ys[i + 1] - xs[i + 1] * ys[i]
        area += cross
        moment_x += (xs[i] + xs[i + 1]) * cross
        moment_y += (ys[i] + ys[i + 1]) * cross
    if area < 0:
        area, moment_x, moment_y = -area, -moment_x, -moment_y
    return area / 2, moment_x / 6, moment_y / 6
