"""The API form of geocoder candidates, shared by the geocode and search routes."""

from pydantic import BaseModel, Field

from api.geocoding.base import Candidate


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
