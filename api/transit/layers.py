"""The feed's lines and stops as GeoJSON, serialised once per imported feed."""

from datetime import date
from functools import lru_cache
from typing import Any

import orjson

from api.transit.network import Network


def _line_geometry(parts: list[list[list[float]]]) -> dict[str, Any] | None:
    """LineString for one path, MultiLineString for several; null when nothing can be drawn."""
    drawn = [part for part in parts if len(part) >= 2]
    if not drawn:
        return None
    if len(drawn) == 1:
        return {"type": "LineString", "coordinates": drawn[0]}
    return {"type": "MultiLineString", "coordinates": drawn}


@lru_cache(maxsize=4)
def lines_geojson(network: Network, today: date) -> bytes:
    """One feature per line: its path (shapes, else a trip's stops) and names, mode, colour."""
    features = [
        {
            "type": "Feature",
            "id": line.id,
            "geometry": _line_geometry(line.geometry),
            "properties": {
                "id": line.id,
                "short_name": line.short_name,
                "long_name": line.long_name,
                "mode": line.mode,
                "color": line.color,
            },
        }
        for line in network.lines
    ]
    head = {"type": "FeatureCollection", **_feed(network, today)}
    return orjson.dumps(head | {"features": features})


@lru_cache(maxsize=4)
def stops_geojson(network: Network, today: date) -> bytes:
    """One point per stop, with the short names of the lines stopping there."""
    features = [
        {
            "type": "Feature",
            "id": network.stop_ids[stop],
            "geometry": {
                "type": "Point",
                "coordinates": [float(network.longitudes[stop]), float(network.latitudes[stop])],
            },
            "properties": {
                "id": network.stop_ids[stop],
                "name": network.names[stop],
                "lines": [network.lines[ln].short_name for ln in network.stop_lines[stop]],
            },
        }
        for stop in range(len(network))
    ]
    head = {"type": "FeatureCollection", **_feed(network, today)}
    return orjson.dumps(head | {"features": features})


def _feed(network: Network, today: date) -> dict[str, Any]:
    feed = network.feed
    return {
        "feed": {
            "name": feed.name,
            "start_date": feed.start_date.isoformat(),
            "end_date": feed.end_date.isoformat(),
            "expired": feed.expired(today),
        }
    }
