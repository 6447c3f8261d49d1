"""seed.build_outlines, its pure parts: simplification that keeps shared borders as one line.

Shapes are made-up rectangles near Dijon, so what is kept or dropped is known exactly.
"""

import gzip
import json
import math

from seed.build_outlines import (
    douglas_peucker,
    header,
    outlines,
    render,
    simplified_ring,
)
from seed.communes_geometry import Polygon
from seed.outlines import COLUMNS, FORMAT

COS = math.cos(math.radians(47.3))
# About 1 m and 30 m of latitude, in degrees.
ONE_M, THIRTY_M = 1 / 111_320, 30 / 111_320


def test_douglas_peucker_keeps_the_ends_and_a_bend_past_the_tolerance() -> None:
    # The second point is 1 m off the line from the first to the third, which is 30 m high.
    points = [(5.0, 47.3), (5.001, 47.3 + 16 * ONE_M), (5.002, 47.3 + THIRTY_M), (5.003, 47.3)]
    assert douglas_peucker(points, 10.0, COS) == {0, 2, 3}


def test_douglas_peucker_drops_every_point_within_the_tolerance() -> None:
    points = [(5.0 + i / 1000, 47.3 + (ONE_M if i % 2 else 0)) for i in range(10)]
    assert douglas_peucker(points, 10.0, COS) == {0, 9}


def two_neighbours() -> dict[str, list[Polygon]]:
    """West and east rectangles sharing the edge x=5.01 with a 30 m bend, and a point 1 m off
    the line from the south corner to that bend."""
    bend_big = (5.01 + THIRTY_M / COS, 47.31)
    bend_small = (5.01 + 16 * ONE_M / COS, 47.305)
    west = (5.0, 47.3, 5.01, 47.3, *bend_small, *bend_big, 5.01, 47.32, 5.0, 47.32, 5.0, 47.3)
    east = (5.01, 47.3, 5.02, 47.3, 5.02, 47.32, 5.01, 47.32, *bend_big, *bend_small, 5.01, 47.3)
    return {"21231": [[west]], "21452": [[east]]}


def test_shared_border_is_the_same_line_in_both_communes() -> None:
    rows = outlines({"21231": "Dijon", "21452": "Neuilly-Crimolois"}, two_neighbours())
    (west,), (east,) = rows[0][2][0], rows[1][2][0]
    west_points = set(zip(west[0::2], west[1::2], strict=True))
    east_points = set(zip(east[0::2], east[1::2], strict=True))
    shared = {p for p in west_points | east_points if abs(p[0] - 5.01) < 0.001}
    assert shared <= west_points and shared <= east_points
    # The 30 m bend stays (in both), the 1 m one goes (from both).
    assert (round(5.01 + THIRTY_M / COS, 5), 47.31) in shared
    assert len(shared) == 3


def test_ring_is_rounded_to_five_decimals_and_closed() -> None:
    ring = (5.000001, 47.3, 5.01, 47.3, 5.01, 47.31, 5.000001, 47.3)
    kept = {(5.000001, 47.3), (5.01, 47.3), (5.01, 47.31)}
    assert simplified_ring(ring, kept) == [5.0, 47.3, 5.01, 47.3, 5.01, 47.31, 5.0, 47.3]


def test_ring_of_fewer_than_three_kept_points_is_dropped() -> None:
    ring = (5.0, 47.3, 5.01, 47.3, 5.01, 47.31, 5.0, 47.3)
    assert simplified_ring(ring, {(5.0, 47.3), (5.01, 47.3)}) is None


def test_render_gives_stable_bytes_our_reader_understands() -> None:
    rows = outlines({"21231": "Dijon", "21452": "Neuilly-Crimolois"}, two_neighbours())
    first, second = render(header(["21"]), rows), render(header(["21"]), rows)
    assert first == second
    document = json.loads(gzip.decompress(first))
    assert document["format"] == FORMAT and document["columns"] == list(COLUMNS)
    assert document["count"] == 2 and document["licence"] == "Licence Ouverte (Etalab)"
    assert [row[:2] for row in document["communes"]] == [
        ["21231", "Dijon"],
        ["21452", "Neuilly-Crimolois"],
    ]
