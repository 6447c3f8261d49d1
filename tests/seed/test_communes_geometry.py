"""seed.communes_geometry: (E)WKB polygons read in plain Python, and their centroids."""

import struct

import pytest

from seed.communes_geometry import centroid, polygons

# Made-up shapes with centroids known exactly; coordinates are (longitude, latitude) pairs.
UNIT_SQUARE = (0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0)


def ring_bytes(order: str, ring: tuple[float, ...]) -> bytes:
    return struct.pack(order + "I", len(ring) // 2) + struct.pack(order + f"{len(ring)}d", *ring)


def polygon_wkb(order: str, *rings: tuple[float, ...], srid: int | None = None) -> bytes:
    """WKB (EWKB with `srid`) of a Polygon of these rings."""
    flag = b"\x01" if order == "<" else b"\x00"
    kind = 3 | (0x20000000 if srid is not None else 0)
    head = flag + struct.pack(order + "I", kind)
    if srid is not None:
        head += struct.pack(order + "I", srid)
    return (
        head + struct.pack(order + "I", len(rings)) + b"".join(ring_bytes(order, r) for r in rings)
    )


def shifted(ring: tuple[float, ...], dx: float, dy: float, scale: float = 1.0) -> tuple[float, ...]:
    return tuple(v * scale + (dx if i % 2 == 0 else dy) for i, v in enumerate(ring))


def test_polygon_reads_its_ring_as_floats() -> None:
    assert polygons(polygon_wkb("<", UNIT_SQUARE).hex()) == [[UNIT_SQUARE]]


def test_hex_in_upper_case_reads_the_same() -> None:
    wkb = polygon_wkb(">", UNIT_SQUARE).hex()
    assert polygons(wkb.upper()) == [[UNIT_SQUARE]]


def test_polygon_keeps_its_holes_after_the_outer_ring() -> None:
    hole = shifted(UNIT_SQUARE, 0.25, 0.25, 0.5)
    assert polygons(polygon_wkb("<", UNIT_SQUARE, hole).hex()) == [[UNIT_SQUARE, hole]]


def test_multipolygon_parts_may_each_name_their_byte_order() -> None:
    far = shifted(UNIT_SQUARE, 10.0, 0.0)
    parts = polygon_wkb("<", UNIT_SQUARE) + polygon_wkb(">", far)
    multi = b"\x00" + struct.pack(">II", 6, 2) + parts
    assert polygons(multi.hex()) == [[UNIT_SQUARE], [far]]


def test_ewkb_srid_is_skipped() -> None:
    assert polygons(polygon_wkb("<", UNIT_SQUARE, srid=4326).hex()) == [[UNIT_SQUARE]]


def test_trailing_bytes_are_refused() -> None:
    with pytest.raises(ValueError, match="trailing bytes after the geometry"):
        polygons((polygon_wkb("<", UNIT_SQUARE) + b"\x00").hex())


def test_cut_geometry_is_refused() -> None:
    with pytest.raises(struct.error):
        polygons(polygon_wkb("<", UNIT_SQUARE)[:-8].hex())


def test_linestring_is_refused() -> None:
    line = b"\x01" + struct.pack("<II4d", 2, 2, 0.0, 0.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="geometry type 2 is not a polygon"):
        polygons(line.hex())


def test_centroid_is_latitude_then_longitude() -> None:
    # A 2 x 1 rectangle east of Dijon's meridian: longitude 5 to 7, latitude 47 to 48.
    rectangle = (5.0, 47.0, 7.0, 47.0, 7.0, 48.0, 5.0, 48.0, 5.0, 47.0)
    assert centroid([[rectangle]]) == pytest.approx((47.5, 6.0))


def test_centroid_does_not_depend_on_winding() -> None:
    clockwise = (0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0)
    assert centroid([[clockwise]]) == pytest.approx(centroid([[UNIT_SQUARE]]))


def test_centroid_of_a_triangle_is_the_mean_of_its_corners() -> None:
    triangle = (0.0, 0.0, 3.0, 0.0, 0.0, 6.0, 0.0, 0.0)
    assert centroid([[triangle]]) == pytest.approx((2.0, 1.0))


def test_centroid_of_parts_is_weighted_by_area() -> None:
    # A unit square at the origin and a 2 x 2 square at x 3..5: areas 1 and 4.
    big = shifted(UNIT_SQUARE, 3.0, 0.0, 2.0)
    latitude, longitude = centroid([[UNIT_SQUARE], [big]])
    assert (latitude, longitude) == pytest.approx(
        ((1 * 0.5 + 4 * 1.0) / 5, (1 * 0.5 + 4 * 4.0) / 5)
    )


def test_shape_without_area_is_refused() -> None:
    flat = (0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="the shape has no area"):
        centroid([[flat]])


def test_no_shape_at_all_is_refused() -> None:
    with pytest.raises(ValueError, match="the shape has no area"):
        centroid([])


def test_hole_as_large_as_its_polygon_leaves_no_area() -> None:
    with pytest.raises(ValueError, match="the shape has no area"):
        centroid([[UNIT_SQUARE, UNIT_SQUARE]])


def test_round_trip_of_a_real_sized_shape() -> None:
    # A 0.04° square around Dijon's centroid in the seed (47.3228, 5.0374), read back from WKB.
    square = shifted(UNIT_SQUARE, 5.0374 - 0.02, 47.3228 - 0.02, 0.04)
    assert centroid(polygons(polygon_wkb("<", square).hex())) == pytest.approx((47.3228, 5.0374))
