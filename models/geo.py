"""Distances on the WGS84 ellipsoid (Karney's geodesic, through PROJ)."""

import numpy as np
import numpy.typing as npt
from pyproj import Geod

# PROJ's C implementation: about 1 µs a pair, against ~100 µs for pure-Python geographiclib.
_WGS84 = Geod(ellps="WGS84")


def geodesic_distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres between two WGS84 points."""
    _fwd, _back, distance = _WGS84.inv(lon1, lat1, lon2, lat2)
    return float(distance)


def geodesic_distances_m(
    latitude: float,
    longitude: float,
    latitudes: npt.NDArray[np.float64],
    longitudes: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Geodesic distances in metres from one point to many, in one call."""
    origin_lat = np.full(len(latitudes), latitude)
    origin_lon = np.full(len(longitudes), longitude)
    _fwd, _back, distances = _WGS84.inv(origin_lon, origin_lat, longitudes, latitudes)
    return np.asarray(distances)


def geodesic_distances_list(
    latitude: float, longitude: float, latitudes: list[float], longitudes: list[float]
) -> list[float]:
    """Geodesic distances in metres from one point to a few, one PROJ call per pair: for a
    dozen points this beats the array call's set-up (the same C function, the same values)."""
    inverse = _WGS84.inv
    return [
        inverse(longitude, latitude, lon, lat, return_back_azimuth=False)[2]
        for lat, lon in zip(latitudes, longitudes, strict=True)
    ]
