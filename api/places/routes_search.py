"""GET /v1/access-points/search: geocode an address, then answer as `nearest` does."""

from typing import Any

from fastapi import APIRouter, Request
from pydantic import Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.clock import moment_for
from api.geocoding.answers import CandidateOut, candidate_out
from api.geocoding.base import Candidate
from api.geocoding.service import GeocodingService, commune_suggestions
from api.http.errors import ERROR_RESPONSES, AddressNotFound, ErrorBody
from api.http.query_model import openapi_parameters, parse_query
from api.http.responses import GEOJSON, NearestAnswer
from api.places.answers import place_mask, render
from api.read_model import Snapshot
from api.read_model.commune_index import index_of
from api.read_model.filters import PlaceFilters

router = APIRouter(prefix="/v1/access-points", tags=["access points"])


class SearchParams(PlaceFilters):
    """An address, how many places, how far, and the filters."""

    address: str = Field(
        min_length=1,
        max_length=200,
        description="Postal address as typed: misspelt, abbreviated or partial is fine.",
        examples=["14 rue Camille Claudel 21000 Dijon"],
    )
    limit: int = Field(default=10, ge=1, le=50, description="How many places, at most.")
    radius_m: float = Field(
        default=100_000, gt=0, le=100_000, description="Search radius in metres (max 100 km)."
    )


class SearchAnswer(NearestAnswer):
    """Nearest places to the resolved address."""

    location: CandidateOut
    alternatives: list[CandidateOut] = Field(
        description="Other readings of an ambiguous address (e.g. the same street elsewhere); "
        "when `street_not_found`, the commune's known streets with the nearest names."
    )
    street_not_found: bool = Field(
        description="True when the street is unknown in the commune: `location` is the "
        "commune's centre."
    )
    outside_service_area: bool = Field(
        description="True when the address is not in the 23 communes."
    )
    commune_not_found: bool = Field(
        default=False,
        description="True when the address names a commune or postcode the geocoder does not "
        "know: `location` ignores it. Otherwise `location` lies in the commune named.",
    )


def _alternatives(candidates: list[Candidate]) -> list[Candidate]:
    best = candidates[0]
    if best.street_not_found:
        return list(best.alternatives)
    # Close runners-up are other readings the user may have meant; weak ones are noise.
    return [c for c in candidates[1:] if c.score >= best.score * 0.9]


@router.get(
    "/search",
    response_model=SearchAnswer,
    operation_id="searchAccessPointsByAddress",
    responses={
        **ERROR_RESPONSES,
        200: {"content": {GEOJSON: {"schema": {"type": "object"}}}},
        404: {"model": ErrorBody, "description": "Address not found; `suggestions` may help."},
        503: {"model": ErrorBody, "description": "Address service down; see Retry-After."},
    },
    openapi_extra=openapi_parameters(SearchParams),
)
async def search_access_points(request: Request) -> Response:
    """Access points nearest to an address, with the address as understood."""
    params = parse_query(request, SearchParams)
    runtime = request.app.state.runtime
    snapshot: Snapshot = runtime.read_model.current
    geocoding: GeocodingService = runtime.geocoding
    mask = place_mask(snapshot, params)
    if geocoding.blocks:
        candidates = await run_in_threadpool(
            geocoding.geocode, snapshot.geocoder, params.address, 5
        )
    else:
        candidates = geocoding.geocode(snapshot.geocoder, params.address, 5)
    if not candidates:
        suggestions = commune_suggestions(snapshot.geocoder, params.address)
        raise AddressNotFound(
            f"aucune adresse ne correspond à « {params.address} » ; ajoutez la commune ou "
            "le code postal",
            extra={"suggestions": suggestions},
            en=f"no address matches {params.address!r}; add the commune or the postcode",
        )

    best = candidates[0]
    at = moment_for(params.open_at)
    open_only = params.open_now or params.open_at is not None
    hits = snapshot.nearest(
        best.latitude, best.longitude, params.limit, params.radius_m, mask, at, open_only
    )
    communes = index_of(snapshot)
    meta: dict[str, Any] = {
        "count": len(hits),
        "at": at.isoformat(),
        "query": params.model_dump(mode="json", exclude_none=True),
        "location": candidate_out(best).model_dump(),
        "alternatives": [candidate_out(c).model_dump() for c in _alternatives(candidates)],
        "street_not_found": best.street_not_found,
        "outside_service_area": communes.get(best.citycode or "") is None,
        "commune_not_found": best.commune_not_found,
    }
    return render(request, params.format, snapshot, hits, meta)
