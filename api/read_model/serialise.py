"""Answers assembled from the snapshot's pre-serialised rows: no model built per request."""

from datetime import date
from functools import lru_cache
from typing import Any

import orjson

from api import clock
from api.http import geojson
from api.read_model import Hit, Snapshot
from api.read_model.spatial_index import Mask
from api.transit.answers import transit_bytes, transit_dict
from models.opening_hours import OpeningStatus


@lru_cache(maxsize=4096)
def status_bytes(status: OpeningStatus) -> bytes:
    """A status as JSON; statuses are shared per hours and minute, so mostly a cache hit."""
    return orjson.dumps(status.as_dict())


def hit_bytes(snapshot: Snapshot, hit: Hit, stale: Mask) -> bytes:
    """One item: opening status, distance and staleness spliced in front of the stored row."""
    head = b'{"opening_status":' + status_bytes(hit.status)
    if hit.distance_m is not None:
        # "%.1f" rounds as round(x, 1) does and prints what orjson prints for that value.
        head += b',"distance_m":%.1f' % hit.distance_m
    head += b',"stale":true,' if stale[hit.index] else b',"stale":false,'
    head += b'"transit":' + transit_bytes(snapshot.transit, hit.index, _today()) + b","
    return head + snapshot.rows[hit.index][1:]


def hit_dict(snapshot: Snapshot, hit: Hit, stale: Mask) -> dict[str, Any]:
    """One item as a dict, for GeoJSON."""
    item: dict[str, Any] = {"opening_status": hit.status.as_dict()}
    if hit.distance_m is not None:
        item["distance_m"] = round(hit.distance_m, 1)
    item["stale"] = bool(stale[hit.index])
    item["transit"] = transit_dict(snapshot.transit, hit.index, _today())
    return item | snapshot.dict_of(hit.index)


def answer_bytes(snapshot: Snapshot, hits: list[Hit], meta: dict[str, Any], stale: Mask) -> bytes:
    """A JSON object holding `meta`, the credits and `items`; `stale` from
    api.read_model.freshness."""
    head = orjson.dumps(meta | credits(snapshot))
    items = b",".join(hit_bytes(snapshot, hit, stale) for hit in hits)
    return head[:-1] + b',"items":[' + items + b"]}"


def answer_geojson(snapshot: Snapshot, hits: list[Hit], meta: dict[str, Any], stale: Mask) -> bytes:
    """A FeatureCollection holding the same items and metadata."""
    return geojson.feature_collection(
        [hit_dict(snapshot, hit, stale) for hit in hits], meta | credits(snapshot)
    )


def credits(snapshot: Snapshot) -> dict[str, Any]:
    """Attribution and licence of the data served."""
    return {"attribution": snapshot.attribution, "licence": snapshot.licence}


def _today() -> date:
    """Today in Paris: a feed whose calendar ended before it is answered `expired`."""
    return clock.today_paris()
