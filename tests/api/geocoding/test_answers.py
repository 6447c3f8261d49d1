"""The API form of a geocoder's candidate."""

import pytest
from pydantic import ValidationError

from api.geocoding.answers import CandidateOut, GeocodeAnswer, candidate_out
from api.geocoding.base import Candidate

LIBERATION = Candidate(
    label="1 Place de la Libération 21000 Dijon",
    latitude=47.3216,
    longitude=5.0415,
    score=0.9,
    precision="housenumber",
    citycode="21231",
    postcode="21000",
    geocoder="offline",
)


def test_a_candidate_keeps_every_field_in_its_api_form() -> None:
    out = candidate_out(LIBERATION)
    assert out.model_dump() == {
        "label": "1 Place de la Libération 21000 Dijon",
        "latitude": 47.3216,
        "longitude": 5.0415,
        "score": 0.9,
        "precision": "housenumber",
        "citycode": "21231",
        "postcode": "21000",
        "geocoder": "offline",
        "commune_not_found": False,
    }


def test_a_score_outside_zero_to_one_is_refused() -> None:
    fields = candidate_out(LIBERATION).model_dump() | {"score": 1.5}
    with pytest.raises(ValidationError):
        CandidateOut.model_validate(fields)


def test_an_answer_lists_candidates_best_first_as_given() -> None:
    answer = GeocodeAnswer(query="place liberation", items=[candidate_out(LIBERATION)])
    assert answer.model_dump()["items"][0]["citycode"] == "21231"
