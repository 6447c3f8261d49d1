"""What the place reads share: the filters' mask and the rendering of hits."""

import bisect
from typing import Any

from fastapi import Request
from starlette.responses import Response

from api import clock
from api.http.caching import conditional
from api.http.errors import InvalidParameter
from api.http.paging import page_start
from api.http.responses import GeoJSONBytes, wants_geojson
from api.read_model import Hit, Snapshot
from api.read_model.commune_index import commune_codes
from api.read_model.filters import ListParams, PlaceFilters
from api.read_model.freshness import stale_flags
from api.read_model.serialise import answer_bytes, answer_geojson
from api.read_model.spatial_index import Mask
from api.transit.filters import transit_mask
from api.workshops.session_board import next_sessions_meta


def place_mask(snapshot: Snapshot, filters: PlaceFilters) -> Mask | None:
    """The places the filters keep (None: all), after the checks between parameters."""
    if filters.open_at is not None and filters.open_now:
        raise InvalidParameter(
            "open_at et open_now s'excluent : donnez l'un ou l'autre "
            "(exemple : open_at=2025-07-15T10:00:00+02:00)",
            en="give open_at or open_now, not both",
        )
    insee_codes: tuple[str, ...] = ()
    if filters.commune is not None:
        # 422 naming some candidates when unknown or ambiguous, never all 35,000 communes.
        # Paris, Lyon and Marseille come with their arrondissements' codes.
        insee_codes = commune_codes(snapshot, filters.commune)
    mask = snapshot.static_mask(filters, insee_codes)
    mask = transit_mask(snapshot.transit, filters.near_transit, filters.near_transit_line, mask)
    return recent_only(snapshot, filters, mask)


def recent_only(snapshot: Snapshot, filters: PlaceFilters, mask: Mask | None) -> Mask | None:
    """`mask` narrowed to places confirmed within `confirmed_within_days` of today (Paris)."""
    if filters.confirmed_within_days is None:
        return mask
    recent = snapshot.confirmed_within(clock.today_paris(), filters.confirmed_within_days)
    return recent if mask is None else mask & recent


def listing_page(
    snapshot: Snapshot, matching: list[Hit], params: ListParams
) -> tuple[list[Hit], str | None]:
    """The hits of the page asked (by number, or after a cursor) and the cursor after it."""
    key = params.after_key()
    if key is None:
        start = page_start(len(matching), params.page, params.size)
    elif params.page != 1:
        raise InvalidParameter(
            "after et page s'excluent : donnez l'un ou l'autre (page 1 mise à part)",
            en="give after or page, not both (page 1 aside)",
        )
    else:
        start = bisect.bisect_right(matching, key, key=lambda hit: snapshot.name_key(hit.index))
    hits = matching[start : start + params.size]
    if not hits or start + params.size >= len(matching):
        return hits, None
    name, place_id = snapshot.name_key(hits[-1].index)
    return hits, f"{place_id}:{name}"


def render(
    request: Request, fmt: str, snapshot: Snapshot, hits: list[Hit], meta: dict[str, Any]
) -> Response:
    """Hits as JSON or GeoJSON, with their coming sessions, answered conditionally."""
    stale = stale_flags(request, snapshot)
    # Their coming workshop sessions with seats left, by place id (api.workshops.session_board).
    meta["next_sessions"] = next_sessions_meta(
        request.app, [snapshot.places[h.index].id for h in hits]
    )
    if wants_geojson(request.headers.get("accept"), fmt):
        body = answer_geojson(snapshot, hits, meta, stale)
        return conditional(request, body, cls=GeoJSONBytes)
    return conditional(request, answer_bytes(snapshot, hits, meta, stale))
