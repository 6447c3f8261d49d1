"""The k-d tree on the unit sphere: order, radius, masks, tiny and empty sets."""

import itertools

import numpy as np
import pytest

from api.read_model.spatial_index import SpatialIndex
from models.geo import geodesic_distance_m


def test_index_with_one_point_finds_it() -> None:
    index = SpatialIndex(np.array([47.32968]), np.array([5.069047]))
    assert list(index.nearest(47.3216, 5.0415, 10_000, None, batch=28)) == [0]


def test_index_empty_yields_nothing() -> None:
    index = SpatialIndex(np.array([]), np.array([]))
    assert list(index.nearest(47.3216, 5.0415, 10_000, None, batch=8)) == []


def test_index_respects_radius() -> None:
    index = SpatialIndex(np.array([47.32968, 47.0]), np.array([5.069047, 5.0]))
    assert list(index.nearest(47.3216, 5.0415, 5_000, None, batch=8)) == [0]


def test_index_walks_past_batches_in_distance_order() -> None:
    rng = np.random.default_rng(7)
    lats, lons = rng.uniform(46, 48, 500), rng.uniform(4, 6, 500)
    index = SpatialIndex(lats, lons)
    found = list(index.nearest(47.0, 5.0, 1e6, None, batch=4))
    distances = [geodesic_distance_m(47.0, 5.0, lats[i], lons[i]) for i in found]
    assert len(found) == 500
    # Sphere order may swap near-ties on the ellipsoid; never by more than 0.5 %.
    assert all(b >= a * 0.995 for a, b in itertools.pairwise(distances))


def test_index_mask_keeps_only_members() -> None:
    rng = np.random.default_rng(3)
    index = SpatialIndex(rng.uniform(46, 48, 10_000), rng.uniform(4, 6, 10_000))
    mask = np.zeros(10_000, dtype=bool)
    mask[[5, 50, 500]] = True
    assert sorted(index.nearest(47.0, 5.0, 1e6, mask, batch=8)) == [5, 50, 500]


@pytest.mark.parametrize("size", [50, 5_000])
def test_closest_gives_the_first_of_nearest_in_one_array(size: int) -> None:
    rng = np.random.default_rng(size)
    latitudes, longitudes = rng.uniform(42, 51, size), rng.uniform(-4, 8, size)
    index = SpatialIndex(latitudes, longitudes)
    for trial in range(30):
        lat, lon = rng.uniform(42, 51), rng.uniform(-4, 8)
        mask = None if trial % 3 == 0 else rng.random(size) < (0.5 if trial % 3 == 1 else 0.01)
        radius = float(rng.choice([5_000.0, 100_000.0, 2_000_000.0]))
        k = int(rng.integers(1, 40))
        walked = list(index.nearest(lat, lon, radius, mask, batch=k))[:k]
        assert index.closest(lat, lon, radius, mask, k).tolist() == walked
