"""Nearest-neighbour index over WGS84 points: a k-d tree on the unit sphere."""

import math
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

# Per place: whether a filter lets it through.
Mask = npt.NDArray[np.bool_]
# Positions of places in a snapshot.
Indices = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float64]

EARTH_RADIUS_M = 6_371_008.8
# Sphere and ellipsoid disagree by < 0.5 %: widen chord bounds so no true match is cut.
_SLACK = 1.01


def to_unit_vectors(latitudes: Floats, longitudes: Floats) -> Floats:
    """Points as (n, 3) unit vectors; chord length orders like great-circle distance."""
    lat = np.radians(latitudes)
    lon = np.radians(longitudes)
    cos_lat = np.cos(lat)
    return np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)))


def chord_for_metres(distance_m: float) -> float:
    """Chord length on the unit sphere for a surface distance, widened by the slack."""
    angle = min(distance_m * _SLACK / EARTH_RADIUS_M, math.pi)
    return 2.0 * math.sin(angle / 2.0)


# Below this many places (or members of a filter), one vectorised scan beats the tree.
_SCAN_ALL = 2_048
_SCAN_MEMBERS = 4_096


def _chords(vectors: Floats, point: Floats) -> Floats:
    """Chord lengths from `point` to each of `vectors` (a few: a plain sum of squares)."""
    difference = vectors - point
    squares: Floats = np.einsum("ij,ij->i", difference, difference)
    return np.sqrt(squares)


def _unit_vector(latitude: float, longitude: float) -> Floats:
    lat, lon = math.radians(latitude), math.radians(longitude)
    return np.array((math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)))


class SpatialIndex:
    """Immutable index answering "indices by increasing distance from a point"."""

    def __init__(self, latitudes: Floats, longitudes: Floats) -> None:
        self._vectors = to_unit_vectors(latitudes, longitudes)
        self._size = len(latitudes)
        self._tree = cKDTree(self._vectors) if self._size else None

    def __len__(self) -> int:
        return self._size

    def nearest(
        self,
        latitude: float,
        longitude: float,
        radius_m: float,
        mask: Mask | None,
        batch: int,
    ) -> Iterator[int]:
        """Yield indices (allowed by `mask`) in increasing distance, up to `radius_m`."""
        if self._tree is None:
            return
        lat, lon = math.radians(latitude), math.radians(longitude)
        point = np.array(
            (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))
        )
        bound = chord_for_metres(radius_m)
        if mask is not None and int(mask.sum()) <= _SCAN_MEMBERS:
            # A selective filter: scanning its few members beats walking the tree past others.
            yield from self._scan(point, bound, np.flatnonzero(mask))
            return
        yield from self._walk(point, bound, mask, batch)

    def closest(
        self, latitude: float, longitude: float, radius_m: float, mask: Mask | None, k: int
    ) -> Indices:
        """Up to `k` indices (allowed by `mask`) in increasing distance, as one array.

        The same order as `nearest`, without a Python step per candidate.
        """
        return self.closest_with_chords(latitude, longitude, radius_m, mask, k)[0]

    def closest_with_chords(
        self, latitude: float, longitude: float, radius_m: float, mask: Mask | None, k: int
    ) -> tuple[Indices, Floats]:
        """`closest`, with each index's chord from the point on the unit sphere."""
        if self._tree is None:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        point = _unit_vector(latitude, longitude)
        bound = chord_for_metres(radius_m)
        if self._size <= _SCAN_ALL or (mask is not None and int(mask.sum()) <= _SCAN_MEMBERS):
            members = None if mask is None else np.flatnonzero(mask)
            vectors = self._vectors if members is None else self._vectors[members]
            # The largest dot products are the shortest chords (|a - b|² = 2 - 2 a·b): one
            # matrix-vector product orders them; exact chords are taken for the k kept only.
            dots: Floats = vectors @ point
            order = np.argsort(-dots, kind="stable")[:k]
            chords = _chords(vectors[order], point)
            near = chords <= bound
            chosen = order[near] if members is None else members[order[near]]
            return chosen, chords[near]
        wanted = min(k, self._size)
        while True:
            found_chords, indices = self._tree.query(point, k=wanted, distance_upper_bound=bound)
            found_chords, indices = np.atleast_1d(found_chords), np.atleast_1d(indices)
            finite = np.isfinite(found_chords)
            # scipy types the tree's answer as Any: it is positions, as intp.
            found: Indices = indices[finite]
            found_chords = found_chords[finite]
            if mask is not None:
                allowed = mask[found]
                found, found_chords = found[allowed], found_chords[allowed]
            if len(found) >= k or int(finite.sum()) < wanted or wanted >= self._size:
                return found[:k], found_chords[:k]
            wanted = min(wanted * 4, self._size)

    def _scan(self, point: Floats, bound: float, members: Indices) -> Iterator[int]:
        chords = np.linalg.norm(self._vectors[members] - point, axis=1)
        order = np.argsort(chords, kind="stable")
        for position in order:
            if chords[position] > bound:
                return
            yield int(members[position])

    def _walk(self, point: Floats, bound: float, mask: Mask | None, batch: int) -> Iterator[int]:
        assert self._tree is not None
        seen = 0
        k = min(batch, self._size)
        while True:
            chords, indices = self._tree.query(point, k=k, distance_upper_bound=bound)
            # With k == 1 the tree answers scalars.
            chords, indices = np.atleast_1d(chords), np.atleast_1d(indices)
            for chord, index in zip(chords[seen:], indices[seen:], strict=True):
                if not math.isfinite(chord):
                    return
                if mask is None or mask[index]:
                    yield int(index)
            if k >= self._size:
                return
            seen, k = k, min(k * 4, self._size)
