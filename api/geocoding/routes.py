"""GET /v1/geocode: address suggestions as the user types."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.deps import GeocodingDep, SnapshotDep
from api.geocoding.answers import GeocodeAnswer, candidate_out
from api.http.caching import conditional
from api.http.errors import ERROR_RESPONSES, ErrorBody

router = APIRouter(prefix="/v1/geocode", tags=["geocoding"])


@router.get(
    "",
    response_model=GeocodeAnswer,
    operation_id="geocode",
    responses={**ERROR_RESPONSES, 503: {"model": ErrorBody, "description": "Service down."}},
)
async def geocode(
    request: Request,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="Typed address. A commune or postcode in it keeps every answer in that "
            "commune, unless the answer says `commune_not_found`. A text with nothing to look "
            "up is a 422: no letter or digit once HTML tags, emoji, punctuation and postal "
            "boxes (BP, CS, TSA, CEDEX and their numbers) are set aside.",
        ),
    ],
    snapshot: SnapshotDep,
    geocoding: GeocodingDep,
    limit: Annotated[int, Query(ge=1, le=20, description="How many candidates.")] = 5,
) -> Response:
    """Addresses, streets or communes matching what the user typed."""
    if geocoding.blocks:
        found = await run_in_threadpool(geocoding.geocode, snapshot.geocoder, q, limit)
    else:
        found = geocoding.geocode(snapshot.geocoder, q, limit)
    answer = GeocodeAnswer(query=q, items=[candidate_out(c) for c in found])
    return conditional(request, answer.model_dump_json().encode())
