"""Each place's nearest stops within the walking radius, kept in 18 bytes a place.

`PlaceStops` holds, per place of a snapshot, up to three stop positions in the network
(int32, -1 for none) and their straight-line distances in metres (uint16), nearest first:
a few bytes per place, while the stops' names and lines live once in the `Network`.
Distances are great-circle (the sphere differs from the ellipsoid by < 0.5 %, well inside
what a walking estimate can claim).

For the sheet's map and other callers: `nearest_stop_for(snapshot_transit, index)` gives the
nearest stop of the place at `index` as (name, latitude, longitude, metres), or None; most
callers should read the place answer's `transit` field instead (api.transit.answers).
"""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from api.transit.network import Floats, Network, chord_metres, metres_chord, unit_vectors

STOPS_PER_PLACE = 3
# The default walking radius (PANDA_TRANSIT_RADIUS_M).
RADIUS_M = 600.0
Positions = npt.NDArray[np.int32]
Metres = npt.NDArray[np.uint16]
Flags = npt.NDArray[np.bool_]


class PlaceStops:
    """Per place: its nearest stops within `radius_m`, for one network and one snapshot."""

    def __init__(
        self, network: Network | None, radius_m: float, stops: Positions, metres: Metres
    ) -> None:
        self.network = network
        self.radius_m = radius_m
        self.stops = stops
        self.metres = metres

    @classmethod
    def none(cls, radius_m: float = RADIUS_M) -> "PlaceStops":
        """No feed imported: no place has a stop."""
        return cls(None, radius_m, *_empty(0))

    @classmethod
    def build(
        cls, network: Network | None, radius_m: float, latitudes: Floats, longitudes: Floats
    ) -> "PlaceStops":
        """Every place's nearest stops, in one vectorised query of the stops' tree."""
        if network is None or network.tree is None:
            return cls(network, radius_m, *_empty(len(latitudes)))
        stops, metres = _nearest(network, radius_m, latitudes, longitudes)
        return cls(network, radius_m, stops, metres)

    def moved(
        self,
        gone: Sequence[int],
        before: tuple[Floats, Floats],
        after: tuple[Floats, Floats],
    ) -> "PlaceStops":
        """After a copy-on-write change: slots in `gone` dropped, the rest renumbered, new
        places appended; only places whose point changed or came are queried again."""
        if self.network is None:
            return self  # no feed: nothing per place to carry
        old_lat, old_lon = before
        new_lat, new_lon = after
        stops, metres = self.stops, self.metres
        if len(gone):
            keep = np.ones(len(old_lat), dtype=bool)
            keep[list(gone)] = False
            stops, metres, old_lat, old_lon = (
                stops[keep],
                metres[keep],
                old_lat[keep],
                old_lon[keep],
            )
        kept, size = len(old_lat), len(new_lat)
        changed = np.flatnonzero((new_lat[:kept] != old_lat) | (new_lon[:kept] != old_lon))
        slots = np.concatenate([changed, np.arange(kept, size)]).astype(np.intp)
        fresh_stops, fresh_metres = _empty(size - kept)
        stops = np.concatenate([stops, fresh_stops])  # a copy: the old snapshot's stays as is
        metres = np.concatenate([metres, fresh_metres])
        if len(slots) and self.network.tree is not None:
            found, distances = _nearest(self.network, self.radius_m, new_lat[slots], new_lon[slots])
            stops[slots], metres[slots] = found, distances
        return PlaceStops(self.network, self.radius_m, stops, metres)

    def near(self, within_m: float, members: Flags | None) -> Flags:
        """Per place: one of its stops lies within `within_m` (and, given `members` from
        Network.line_members, is served by that line)."""
        close: Flags = (self.stops >= 0) & (self.metres <= within_m)
        if members is not None:
            close &= members[self.stops]  # -1 reads the last member: False
        return np.asarray(close.any(axis=1), dtype=bool)

    def __len__(self) -> int:
        return len(self.stops)


def _empty(places: int) -> tuple[Positions, Metres]:
    return (
        np.full((places, STOPS_PER_PLACE), -1, dtype=np.int32),
        np.zeros((places, STOPS_PER_PLACE), dtype=np.uint16),
    )


def _nearest(
    network: Network, radius_m: float, latitudes: Floats, longitudes: Floats
) -> tuple[Positions, Metres]:
    assert network.tree is not None
    k = min(STOPS_PER_PLACE, len(network))
    chords, found = network.tree.query(
        unit_vectors(latitudes, longitudes), k=k, distance_upper_bound=metres_chord(radius_m)
    )
    chords = np.asarray(chords, dtype=float).reshape(len(latitudes), k)
    found = np.asarray(found).reshape(len(latitudes), k)
    within = np.isfinite(chords)
    metres = np.where(within, np.rint(chord_metres(np.where(within, chords, 0.0))), 0)
    stops, distances = _empty(len(latitudes))
    stops[:, :k] = np.where(within, found, -1)
    distances[:, :k] = np.minimum(metres, np.iinfo(np.uint16).max)
    return stops, distances


def nearest_stop_for(transit: PlaceStops, index: int) -> tuple[str, float, float, int] | None:
    """The nearest stop of the place at `index`: (name, latitude, longitude, metres), or None."""
    network = transit.network
    if network is None or index >= len(transit) or transit.stops[index, 0] < 0:
        return None
    stop = int(transit.stops[index, 0])
    lat, lon = float(network.latitudes[stop]), float(network.longitudes[stop])
    return network.names[stop], lat, lon, int(transit.metres[index, 0])
