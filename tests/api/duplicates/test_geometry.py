"""api.duplicates.geometry: metres between points, and points a k-d tree can hold."""

import numpy as np

from api.duplicates.geometry import distance_m, to_xyz_m


def test_distance_m_known_length() -> None:
    # One thousandth of a degree of latitude is about 111 m.
    assert round(distance_m(47.0, 5.0, 47.001, 5.0)) == 111
    assert distance_m(47.32968, 5.069047, 47.32968, 5.069047) == 0.0


def test_to_xyz_m_chord_equals_distance_nearby() -> None:
    xyz = to_xyz_m(np.array([47.3297, 47.3310]), np.array([5.0690, 5.0712]))
    chord = float(np.linalg.norm(xyz[0] - xyz[1]))
    assert abs(chord - distance_m(47.3297, 5.0690, 47.3310, 5.0712)) < 0.01
