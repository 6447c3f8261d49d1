"""A place's `transit` field: its nearest stops with their lines and an estimated walk.

The walk is estimated, never routed: the straight line times DETOUR_FACTOR, at
WALKING_SPEED_KMH, minutes rounded up. Answers say so (`detour_factor`, `estimate: true`), and
people read « Tram T1, arrêt République : 4 min à pied ».
"""

import math
from datetime import date
from functools import lru_cache
from typing import Any

import orjson

from api.transit.nearest import PlaceStops
from api.transit.network import FeedInfo

# Streets are not straight lines: 1.3 is the usual ratio of walked to straight-line distance
# in a European city centre (stated in every answer and in docs/transit.md).
DETOUR_FACTOR = 1.3
WALKING_SPEED_KMH = 4.5
_METRES_PER_MINUTE = WALKING_SPEED_KMH * 1000 / 60
EXPIRED_NOTICE = "horaires de transport expirés"


def walk(distance_m: int) -> tuple[int, int]:
    """(walked metres, minutes rounded up, at least 1) for a straight-line distance."""
    walked = round(distance_m * DETOUR_FACTOR)
    return walked, max(1, math.ceil(walked / _METRES_PER_MINUTE))


@lru_cache(maxsize=8)
def _feed_head(feed: FeedInfo, today: date) -> bytes:
    """Everything before the stops: one per feed and day (`expired` turns with the date)."""
    fields = {
        "feed": {
            "name": feed.name,
            "start_date": feed.start_date.isoformat(),
            "end_date": feed.end_date.isoformat(),
            "expired": feed.expired(today),
        },
        "detour_factor": DETOUR_FACTOR,
        "estimate": True,
    }
    return orjson.dumps(fields)[:-1] + b',"stops":['


def transit_bytes(transit: PlaceStops, index: int, today: date) -> bytes:
    """The place's `transit` as JSON: null when no feed or no stop within the radius."""
    network = transit.network
    if network is None or index >= len(transit) or transit.stops[index, 0] < 0:
        return b"null"
    parts = []
    for stop, metres in zip(
        transit.stops[index].tolist(), transit.metres[index].tolist(), strict=True
    ):
        if stop < 0:
            break
        walked, minutes = walk(metres)
        label = f"{network.stop_phrases[stop]}, arrêt {network.names[stop]} : {minutes} min à pied"
        head = b'{"distance_m":%d,"walk_m":%d,"walk_minutes":%d,"label":' % (
            metres,
            walked,
            minutes,
        )
        parts.append(head + orjson.dumps(label) + b"," + network.stop_heads[stop][1:])
    return _feed_head(network.feed, today) + b",".join(parts) + b"]}"


def transit_dict(transit: PlaceStops, index: int, today: date) -> dict[str, Any] | None:
    """The same field as a dict (GeoJSON properties, the widget, the SMS)."""
    parsed: dict[str, Any] | None = orjson.loads(transit_bytes(transit, index, today))
    return parsed


def transit_phrase(field: dict[str, Any] | None) -> str | None:
    """What a person reads: the nearest stop's label, and when the timetable has expired."""
    if not field:
        return None
    label: str = field["stops"][0]["label"]
    if field["feed"]["expired"]:
        label += f" ({EXPIRED_NOTICE})"
    return label
