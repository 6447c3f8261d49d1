"""GET /v1/transit/lines and /v1/transit/stops: the imported feed as GeoJSON, for maps."""

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, Response

from api import clock
from api.http.caching import conditional
from api.http.errors import ErrorBody, TransitNotImported
from api.http.responses import GEOJSON
from api.read_model import Snapshot
from api.transit.layers import lines_geojson, stops_geojson
from api.transit.network import Network
from api.transit.schema import TransitLinesAnswer, TransitStopsAnswer

router = APIRouter(prefix="/v1/transit", tags=["transit"])


class GeoJSONDocument(JSONResponse):
    """Bytes already serialised, sent as GeoJSON; a JSONResponse so that OpenAPI documents
    the response model under application/geo+json."""

    media_type = GEOJSON

    def render(self, content: Any) -> bytes:
        """The bytes as they are."""
        assert isinstance(content, bytes)
        return content


_NOT_IMPORTED: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No feed imported (`transit_not_imported`)."}
}


def _network(request: Request) -> Network:
    snapshot: Snapshot = request.app.state.runtime.read_model.current
    network = snapshot.transit.network
    if network is None:
        raise TransitNotImported(
            "aucun réseau de transport n'est importé (panda transit import FLUX.zip)",
            en="no public-transport feed is imported",
        )
    return network


@router.get(
    "/lines",
    response_model=TransitLinesAnswer,
    response_class=GeoJSONDocument,
    operation_id="transitLines",
    responses=_NOT_IMPORTED,
)
async def transit_lines(request: Request) -> Response:
    """Every line of the imported GTFS feed, drawn from its shapes (else a trip's stops)."""
    body = lines_geojson(_network(request), clock.today_paris())
    return conditional(request, body, cls=GeoJSONDocument)


@router.get(
    "/stops",
    response_model=TransitStopsAnswer,
    response_class=GeoJSONDocument,
    operation_id="transitStops",
    responses=_NOT_IMPORTED,
)
async def transit_stops(request: Request) -> Response:
    """Every stop of the imported GTFS feed some line serves, with those lines' short names."""
    body = stops_geojson(_network(request), clock.today_paris())
    return conditional(request, body, cls=GeoJSONDocument)
