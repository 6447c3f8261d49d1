"""GeoJSON serialisation: the only place where coordinates are written [lon, lat]."""

from typing import Any

import orjson


def feature(properties: dict[str, Any]) -> dict[str, Any]:
    """A Point feature; latitude and longitude move into the geometry."""
    props = {k: v for k, v in properties.items() if k not in ("latitude", "longitude")}
    return {
        "type": "Feature",
        "id": properties.get("id"),
        "geometry": {
            "type": "Point",
            "coordinates": [properties["longitude"], properties["latitude"]],
        },
        "properties": props,
    }


def feature_collection(items: list[dict[str, Any]], meta: dict[str, Any]) -> bytes:
    """A FeatureCollection with the answer's metadata as foreign members."""
    return orjson.dumps(
        {"type": "FeatureCollection", **meta, "features": [feature(i) for i in items]}
    )
