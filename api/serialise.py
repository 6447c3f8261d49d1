"""Answers assembled from the snapshot's pre-serialised rows: no model built per request."""

from typing import Any

import numpy as np
import orjson

from api import geojson
from api.snapshot import Hit, Snapshot


def hit_bytes(snapshot: Snapshot, hit: Hit, stale: np.ndarray) -> bytes:
    """One item: opening status, distance and staleness spliced in front of the stored row."""
    head = b'{"opening_status":' + orjson.dumps(hit.status.as_dict())
    if hit.distance_m is not None:
        head += b',"distance_m":' + orjson.dumps(round(hit.distance_m, 1))
    head += b',"stale":true,' if stale[hit.index] else b',"stale":false,'
    return head + snapshot.rows[hit.index][1:]


def hit_dict(snapshot: Snapshot, hit: Hit, stale: np.ndarray) -> dict[str, Any]:
    """One item as a dict, for GeoJSON."""
    item: dict[str, Any] = {"opening_status": hit.status.as_dict()}
    if hit.distance_m is not None:
        item["distance_m"] = round(hit.distance_m, 1)
    item["stale"] = bool(stale[hit.index])
    return item | snapshot.dicts[hit.index]


def answer_bytes(
    snapshot: Snapshot, hits: list[Hit], meta: dict[str, Any], stale: np.ndarray
) -> bytes:
    """A JSON object holding `meta`, the credits and `items`; `stale` from api.freshness."""
    head = orjson.dumps(meta | credits(snapshot))
    items = b",".join(hit_bytes(snapshot, hit, stale) for hit in hits)
    return head[:-1] + b',"items":[' + items + b"]}"


def answer_geojson(
    snapshot: Snapshot, hits: list[Hit], meta: dict[str, Any], stale: np.ndarray
) -> bytes:
    """A FeatureCollection holding the same items and metadata."""
    return geojson.feature_collection(
        [hit_dict(snapshot, hit, stale) for hit in hits], meta | credits(snapshot)
    )


def credits(snapshot: Snapshot) -> dict[str, Any]:
    """Attribution and licence of the data served."""
    return {"attribution": snapshot.attribution, "licence": snapshot.licence}
