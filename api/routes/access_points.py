"""Read endpoints for access points: list, nearest, one by id."""

from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from api.clock import moment_for
from api.deps import SnapshotDep
from api.errors import ERROR_RESPONSES, InvalidParameter, NotFound, PageOutOfRange
from api.filters import ListParams, NearestParams, PlaceFilters
from api.http_cache import conditional
from api.query_model import openapi_parameters, parse_query
from api.responses import GEOJSON, GeoJSONBytes, NearestAnswer, PlaceAnswer, PlacePage
from api.responses import wants_geojson as _wants_geojson
from api.serialise import answer_bytes, answer_geojson, hit_bytes
from api.snapshot import Hit, Snapshot

router = APIRouter(prefix="/v1/access-points", tags=["access points"])

_GEOJSON_DOC = {GEOJSON: {"schema": {"type": "object", "description": "FeatureCollection"}}}


def place_mask(snapshot: Snapshot, filters: PlaceFilters) -> np.ndarray | None:
    if filters.open_at is not None and filters.open_now:
        raise InvalidParameter("give open_at or open_now, not both")
    insee_code = None
    if filters.commune is not None:
        insee_code = snapshot.resolve_commune(filters.commune)
        if insee_code is None:
            names = ", ".join(c.name for c in snapshot.communes)
            raise InvalidParameter(f"unknown commune {filters.commune!r}; known: {names}")
    return snapshot.static_mask(filters, insee_code)


def render(
    request: Request, fmt: str, snapshot: Snapshot, hits: list[Hit], meta: dict[str, Any]
) -> Response:
    if _wants_geojson(request.headers.get("accept"), fmt):
        return conditional(request, answer_geojson(snapshot, hits, meta), cls=GeoJSONBytes)
    return conditional(request, answer_bytes(snapshot, hits, meta))


@router.get(
    "",
    response_model=PlacePage,
    operation_id="listAccessPoints",
    responses={**ERROR_RESPONSES, 200: {"content": _GEOJSON_DOC}},
    openapi_extra=openapi_parameters(ListParams),
)
async def list_access_points(request: Request) -> Response:
    """List access points matching the filters, in name order, one page at a time."""
    params = parse_query(request, ListParams)
    snapshot: Snapshot = request.app.state.runtime.snapshots.current
    mask = place_mask(snapshot, params)
    at = moment_for(params.open_at)
    matching = list(snapshot.listing(mask, at, params.open_now or params.open_at is not None))
    start = (params.page - 1) * params.size
    if matching and start >= len(matching):
        last = (len(matching) - 1) // params.size + 1
        raise PageOutOfRange(f"page {params.page} is past the last page ({last})")
    meta = {
        "total": len(matching),
        "page": params.page,
        "size": params.size,
        "at": at.isoformat(),
        "query": params.model_dump(mode="json", exclude_none=True),
    }
    return render(request, params.format, snapshot, matching[start : start + params.size], meta)


@router.get(
    "/nearest",
    response_model=NearestAnswer,
    operation_id="nearestAccessPoints",
    responses={**ERROR_RESPONSES, 200: {"content": _GEOJSON_DOC}},
    openapi_extra=openapi_parameters(NearestParams),
)
async def nearest_access_points(request: Request) -> Response:
    """Access points nearest to a point, by geodesic distance, with their opening status."""
    params = parse_query(request, NearestParams)
    snapshot: Snapshot = request.app.state.runtime.snapshots.current
    mask = place_mask(snapshot, params)
    at = moment_for(params.open_at)
    open_only = params.open_now or params.open_at is not None
    hits = snapshot.nearest(
        params.lat, params.lon, params.limit, params.radius_m, mask, at, open_only
    )
    meta = {
        "count": len(hits),
        "at": at.isoformat(),
        "query": params.model_dump(mode="json", exclude_none=True),
    }
    return render(request, params.format, snapshot, hits, meta)


@router.get(
    "/{access_point_id}",
    response_model=PlaceAnswer,
    operation_id="getAccessPoint",
    responses={404: ERROR_RESPONSES[404], 422: ERROR_RESPONSES[422]},
)
async def get_access_point(
    request: Request,
    access_point_id: Annotated[int, Path(ge=1, le=2_147_483_647, description="Place id.")],
    snapshot: SnapshotDep,
) -> Response:
    """One access point, with its opening status now."""
    index = snapshot.by_id.get(access_point_id)
    if index is None:
        raise NotFound(f"no access point with id {access_point_id}")
    at = moment_for(None)
    body = hit_bytes(snapshot, Hit(index, snapshot.status(index, at, {})))
    # The place's own tag, so that a client can send it back as If-Match when it writes.
    return conditional(request, body, etag=snapshot.etags[index])
