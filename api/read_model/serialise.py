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
def _status_json(status: OpeningStatus) -> bytes:
    return orjson.dumps(status.as_dict())


# Statuses are shared per hours string and minute (Snapshot.status), so most lookups meet the
# very object seen before: found by identity, without hashing its moment (a zone lookup).
_BY_IDENTITY: dict[int, tuple[OpeningStatus, bytes]] = {}
_IDENTITIES_KEPT = 4096


def status_bytes(status: OpeningStatus) -> bytes:
    """A status as JSON; statuses are shared per hours and minute, so mostly a cache hit."""
    entry = _BY_IDENTITY.get(id(status))
    if entry is not None and entry[0] is status:
        return entry[1]
    data = _status_json(status)
    if len(_BY_IDENTITY) >= _IDENTITIES_KEPT:
        _BY_IDENTITY.clear()
    # The entry holds the status, so its id cannot be reused by another while it is kept.
    _BY_IDENTITY[id(status)] = (status, data)
    return data


def _hit_parts(snapshot: Snapshot, hit: Hit, stale: Mask, today: date) -> tuple[bytes, ...]:
    """An item's pieces: opening status, distance, staleness, transit, then the stored row."""
    status = b'{"opening_status":' + status_bytes(hit.status)
    # "%.1f" rounds as round(x, 1) does and prints what orjson prints for that value.
    distance = b"" if hit.distance_m is None else b',"distance_m":%.1f' % hit.distance_m
    flag = b',"stale":true,' if stale[hit.index] else b',"stale":false,'
    transit = b'"transit":' + transit_bytes(snapshot.transit, hit.index, today) + b","
    return status, distance, flag, transit, snapshot.rows[hit.index]


def hit_bytes(snapshot: Snapshot, hit: Hit, stale: Mask) -> bytes:
    """One item: opening status, distance and staleness spliced in front of the stored row."""
    *head, row = _hit_parts(snapshot, hit, stale, _today())
    return b"".join((*head, memoryview(row)[1:]))


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
    opening = orjson.dumps(meta | credits(snapshot))
    parts: list[bytes | memoryview] = [memoryview(opening)[:-1], b',"items":[']
    today = _today()
    for hit in hits:
        *item, row = _hit_parts(snapshot, hit, stale, today)
        # The row's bytes are joined once, into the answer, never copied per item first.
        parts += (*item, memoryview(row)[1:], b",")
    if hits:
        parts.pop()
    parts.append(b"]}")
    return b"".join(parts)


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
