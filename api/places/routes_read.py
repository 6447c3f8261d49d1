"""Read endpoints for access points: list, nearest, one by id."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.clock import moment_for
from api.deps import SnapshotDep
from api.http.caching import conditional
from api.http.errors import ERROR_RESPONSES, NotFound
from api.http.lean_route import LeanRoute
from api.http.path_ids import PlaceId
from api.http.query_model import openapi_parameters, parse_query
from api.http.responses import GEOJSON, NearestAnswer, PlaceAnswer, PlacePage
from api.places.answers import listing_page, place_mask, render
from api.read_model import Hit, Snapshot
from api.read_model.filters import ListParams, NearestParams
from api.read_model.freshness import stale_flags
from api.read_model.serialise import hit_bytes
from api.workshops.session_board import workshop_mask

router = APIRouter(prefix="/v1/access-points", tags=["access points"])

_GEOJSON_DOC = {GEOJSON: {"schema": {"type": "object", "description": "FeatureCollection"}}}


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
    snapshot: Snapshot = request.app.state.runtime.read_model.current
    mask = place_mask(snapshot, params)
    at = moment_for(params.open_at)
    matching = list(snapshot.listing(mask, at, params.open_now or params.open_at is not None))
    hits, next_after = listing_page(snapshot, matching, params)
    meta = {
        "total": len(matching),
        "page": params.page,
        "size": params.size,
        "next_after": next_after,
        "at": at.isoformat(),
        "query": params.model_dump(mode="json", exclude_none=True),
    }
    return render(request, params.format, snapshot, hits, meta)


async def nearest_access_points(request: Request) -> Response:
    """Access points nearest to a point, by geodesic distance, with their opening status."""
    params = parse_query(request, NearestParams)
    snapshot: Snapshot = request.app.state.runtime.read_model.current
    mask = place_mask(snapshot, params)
    days = params.workshop_within_days
    mask = workshop_mask(request.app, snapshot.places, mask, days, moment_for(None))
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


# The hottest read: answered without FastAPI's per-request machinery (api.http.lean_route).
router.add_api_route(
    "/nearest",
    nearest_access_points,
    methods=["GET"],
    route_class_override=LeanRoute,
    response_model=NearestAnswer,
    operation_id="nearestAccessPoints",
    responses={**ERROR_RESPONSES, 200: {"content": _GEOJSON_DOC}},
    openapi_extra=openapi_parameters(NearestParams),
)


@router.get(
    "/{access_point_id:int}",
    response_model=PlaceAnswer,
    operation_id="getAccessPoint",
    responses={404: ERROR_RESPONSES[404], 422: ERROR_RESPONSES[422]},
)
async def get_access_point(
    request: Request,
    access_point_id: PlaceId,
    snapshot: SnapshotDep,
) -> Response:
    """One access point, with its opening status now."""
    index = snapshot.by_id.get(access_point_id)
    if index is None:
        raise NotFound(
            f"aucun lieu n'a l'identifiant {access_point_id}",
            en=f"no access point with id {access_point_id}",
        )
    at = moment_for(None)
    hit = Hit(index, snapshot.status(index, at, {}))
    body = hit_bytes(snapshot, hit, stale_flags(request, snapshot))
    # The place's own tag, so that a client can send it back as If-Match when it writes.
    return conditional(request, body, etag=snapshot.etags[index])
