"""The commune outlines in memory: those within a box, the one holding a point, as GeoJSON."""

from functools import cache
from typing import Any

from seed.communes_geometry import Ring
from seed.outlines import CommuneOutline, OutlinesFile, read_outlines_file

# west, south, east, north in degrees
Box = tuple[float, float, float, float]


@cache
def bundled_outlines() -> OutlinesFile:
    """The shipped outlines file, read once per process (about 700 communes, 20,000 points)."""
    return read_outlines_file()


def within(box: Box, outlines: OutlinesFile | None = None) -> list[CommuneOutline]:
    """The communes whose bounding box meets `box`."""
    west, south, east, north = box
    found = outlines or bundled_outlines()
    return [
        o
        for o in found.outlines
        if o.bbox[0] <= east and o.bbox[2] >= west and o.bbox[1] <= north and o.bbox[3] >= south
    ]


def containing(
    latitude: float, longitude: float, outlines: OutlinesFile | None = None
) -> CommuneOutline | None:
    """The commune whose outline holds the point, if any (even-odd rule, holes count)."""
    box = (longitude, latitude, longitude, latitude)
    for outline in within(box, outlines):
        for polygon in outline.polygons:
            inside = sum(_crosses(ring, longitude, latitude) for ring in polygon) % 2 == 1
            if inside:
                return outline
    return None


def _crosses(ring: Ring, x: float, y: float) -> int:
    """How many edges of the ring a ray from (x, y) towards the east crosses."""
    count = 0
    xs, ys = ring[0::2], ring[1::2]
    for i in range(len(xs) - 1):
        (x1, y1), (x2, y2) = (xs[i], ys[i]), (xs[i + 1], ys[i + 1])
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            count += 1
    return count


def feature_collection(found: list[CommuneOutline], header: dict[str, Any]) -> dict[str, Any]:
    """GeoJSON of the outlines (MultiPolygons), with the file's source and licence."""
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [
                    [[list(p) for p in zip(r[0::2], r[1::2], strict=True)] for r in polygon]
                    for polygon in outline.polygons
                ],
            },
            "properties": {"insee_code": outline.insee_code, "name": outline.name},
        }
        for outline in found
    ]
    return {
        "type": "FeatureCollection",
        "attribution": header.get("source"),
        "licence": header.get("licence"),
        "features": features,
    }
