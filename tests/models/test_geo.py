"""models/geo.py: WGS84 geodesic distances, one pair at a time or one point to many."""

import math

import numpy as np
import pytest
from geopy.distance import geodesic

from models.geo import geodesic_distance_m, geodesic_distances_list, geodesic_distances_m
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

# WGS84: semi-major axis 6,378,137 m; a degree of the equator is a·π/180.
EQUATOR_DEGREE_M = 6_378_137 * math.pi / 180
# Pole to pole along a meridian (half the meridional circumference, Karney 2013).
POLE_TO_POLE_M = 20_003_931.4586


def seed_places() -> list[dict]:
    return read_seed_file(ACCESS_POINTS_FILE)["access_points"]


def place(name: str) -> tuple[float, float]:
    found = next(p for p in seed_places() if p["name"] == name)
    return found["latitude"], found["longitude"]


def test_a_degree_along_the_equator_is_a_times_pi_over_180() -> None:
    assert geodesic_distance_m(0, 0, 0, 1) == pytest.approx(EQUATOR_DEGREE_M, abs=1e-6)


def test_a_degree_of_meridian_is_shorter_at_the_equator_ellipsoid_not_sphere() -> None:
    meridian = geodesic_distance_m(0, 0, 1, 0)
    assert meridian == pytest.approx(110_574.389, abs=1e-3)
    assert meridian < EQUATOR_DEGREE_M


def test_pole_to_pole() -> None:
    assert geodesic_distance_m(90, 0, -90, 0) == pytest.approx(POLE_TO_POLE_M, abs=1e-3)


def test_same_point_is_zero_and_the_distance_is_symmetric() -> None:
    gresilles, online = place("PANDA Grésilles"), place("Onlineformapro Dijon")
    assert geodesic_distance_m(*gresilles, *gresilles) == 0.0
    there = geodesic_distance_m(*gresilles, *online)
    back = geodesic_distance_m(*online, *gresilles)
    assert there == pytest.approx(back, abs=1e-9)


def test_crossing_the_antimeridian_takes_the_short_way() -> None:
    assert geodesic_distance_m(0, 179.5, 0, -179.5) == pytest.approx(EQUATOR_DEGREE_M, abs=1e-6)


def test_seed_places_agree_with_geographiclib_through_geopy() -> None:
    gresilles, online = place("PANDA Grésilles"), place("Onlineformapro Dijon")
    ours = geodesic_distance_m(*gresilles, *online)
    assert ours == pytest.approx(geodesic(gresilles, online).m, abs=1e-6)
    assert 4_100 < ours < 4_120  # about 4.1 km across Dijon
    assert isinstance(ours, float)


def test_arguments_are_latitude_then_longitude() -> None:
    gresilles, online = place("PANDA Grésilles"), place("Onlineformapro Dijon")
    swapped = geodesic_distance_m(gresilles[1], gresilles[0], online[1], online[0])
    assert swapped != pytest.approx(geodesic_distance_m(*gresilles, *online), rel=0.01)


def test_one_to_many_equals_the_pairwise_distances_for_every_seed_place() -> None:
    places = seed_places()
    latitudes = np.array([p["latitude"] for p in places])
    longitudes = np.array([p["longitude"] for p in places])
    origin = place("PANDA Grésilles")
    many = geodesic_distances_m(*origin, latitudes, longitudes)
    pairs = zip(latitudes, longitudes, strict=True)
    one_by_one = [geodesic_distance_m(*origin, lat, lon) for lat, lon in pairs]
    assert isinstance(many, np.ndarray) and many.shape == (68,)
    np.testing.assert_allclose(many, one_by_one, rtol=0, atol=1e-6)
    assert many.min() == 0.0  # PANDA Grésilles itself
    assert many.max() < 30_000  # the métropole is about 20 km across


def test_one_to_none_is_an_empty_array() -> None:
    distances = geodesic_distances_m(47.3, 5.0, np.array([]), np.array([]))
    assert distances.shape == (0,)


def test_distances_one_call_a_pair_equal_the_array_call() -> None:
    rng = np.random.default_rng(5)
    latitudes, longitudes = rng.uniform(-60, 60, 40), rng.uniform(-170, 170, 40)
    listed = geodesic_distances_list(47.3, 5.04, latitudes.tolist(), longitudes.tolist())
    assert listed == geodesic_distances_m(47.3, 5.04, latitudes, longitudes).tolist()
