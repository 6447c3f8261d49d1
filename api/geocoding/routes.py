"""GET /v1/geocode: address suggestions as the user types."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.deps import GeocodingDep, SnapshotDep
from api.geocoding.base import Candidate
from api.http.caching import conditional
from api.http.errors import ERROR_RESPONSES, ErrorBody

router = APIRouter(prefix="/v1/geocode", tags=["geocoding"])


class CandidateOut(BaseModel):
    """A place an address may mean."""

    label: str = Field(examples=["14 Rue Camille Claudel 21000 Dijon"])
    latitude: float
    longitude: float
    score: float = Field(ge=0, le=1)
    precision: str = Field(description="housenumber, street or municipality.")
    citycode: str = Field(description="INSEE code of the commune.")
    postcode: str
    geocoder: str = Field(description="offline or ban: which geocoder answered.")
    commune_not_found: bool = Field(
        default=False,
        description="True when the query named a commune or postcode the geocoder does not "
        "know: this answer ignores it and may lie in any commune. Otherwise every answer lies "
        "in the commune (or postcode) the query names.",
    )


class GeocodeAnswer(BaseModel):
    """Candidates, best first."""

    query: str
    items: list[CandidateOut]


def candidate_out(candidate: Candidate) -> CandidateOut:
    """The API form of a candidate."""
    return CandidateOut.model_validate(candidate, from_attributes=True)


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
            "commune, unless the answer says `commune_not_found`.",
        ),
    ],
    snapshot: SnapshotDep,
    geocoding: GeocodingDep,
    limit: Annotated[int, Query(ge=1, le=20, description="How many candidates.")] = 5,
) -> Response:
    """Addresses, streets or communes matching what the user typed."""
    if geocoding.blocks:
        found = await run_in_threadpool(geocoding.geocode, snapshot, q, limit)
    else:
        found = geocoding.geocode(snapshot, q, limit)
    answer = GeocodeAnswer(query=q, items=[candidate_out(c) for c in found])
    return conditional(request, answer.model_dump_json().encode())
