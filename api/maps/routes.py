"""GET /v1/map/outlines: the commune outlines a map draws as its base (no tile server needed)."""

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from api.http.caching import conditional
from api.http.errors import ERROR_RESPONSES
from api.http.responses import GEOJSON
from api.maps.outlines import bundled_outlines, feature_collection, within

router = APIRouter(prefix="/v1/map", tags=["map"])


def _degrees(low: float, high: float, what: str) -> Any:
    return Query(ge=low, le=high, allow_inf_nan=False, description=what)


@router.get(
    "/outlines",
    operation_id="mapOutlines",
    response_class=Response,
    responses={
        200: {
            "content": {GEOJSON: {"schema": {"type": "object"}}},
            "description": "GeoJSON FeatureCollection of MultiPolygons, with `attribution` and "
            "`licence`; properties `insee_code` and `name`.",
        },
        422: ERROR_RESPONSES[422],
    },
)
async def map_outlines(
    request: Request,
    west: Annotated[float, _degrees(-180, 180, "West edge of the box (longitude).")],
    south: Annotated[float, _degrees(-90, 90, "South edge of the box (latitude).")],
    east: Annotated[float, _degrees(-180, 180, "East edge of the box (longitude).")],
    north: Annotated[float, _degrees(-90, 90, "North edge of the box (latitude).")],
) -> Response:
    """Outlines of the communes meeting the box (edges in any order); Côte-d'Or is bundled."""
    box = (min(west, east), min(south, north), max(west, east), max(south, north))
    outlines = bundled_outlines()
    body = orjson.dumps(feature_collection(within(box, outlines), outlines.header))
    return conditional(request, body, cls=Response, media_type=GEOJSON)
