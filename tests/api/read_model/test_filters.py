"""The place filters' document says what the server takes: equipment lists, ISO moments."""

import re

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.read_model.filters import EQUIPMENT_PATTERN, ListParams


@pytest.mark.parametrize(
    "equipment",
    ["computer", "computer,printer", " wifi , ,webcam,", ",tablet", "laptop,\u00a0scanner"],
)
def test_equipment_pattern_takes_what_the_filter_takes(equipment: str) -> None:
    assert re.search(EQUIPMENT_PATTERN, equipment)
    assert ListParams.model_validate({"equipment": equipment}).equipment


@pytest.mark.parametrize("equipment", ["", ",", "j", "computer,j", "Computer", "wifi\tscanner"])
def test_equipment_pattern_refuses_what_the_filter_refuses(equipment: str) -> None:
    assert not re.search(EQUIPMENT_PATTERN, equipment)
    with pytest.raises(ValidationError):
        ListParams.model_validate({"equipment": equipment})


def test_open_at_as_a_number_is_refused_like_the_document_says(seeded_client: TestClient) -> None:
    answer = seeded_client.get("/v1/access-points", params={"open_at": "0.5"})
    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid_request"
    assert "pas un nombre" in answer.json()["detail"]


def test_document_lists_import_formats_and_mappings(seeded_client: TestClient) -> None:
    operation = seeded_client.get("/openapi.json").json()["paths"]["/v1/imports"]["post"]
    schemas = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert schemas["format"]["enum"] == [
        "lieux-mediation",
        "lieux-mediation-json",
        "geojson",
        "mapped",
    ]
    assert schemas["mapping"]["enum"] == ["bfc-ternum"]


@pytest.mark.parametrize(
    ("start", "status"),
    [("1970-01-01", 200), ("2100-12-25", 200), ("1969-12-31", 422), ("2100-12-26", 422)],
)
def test_week_start_pattern_and_server_agree(
    seeded_client: TestClient, start: str, status: int
) -> None:
    operation = seeded_client.get("/openapi.json").json()["paths"][
        "/v1/access-points/{access_point_id}/week"
    ]["get"]
    pattern = next(p for p in operation["parameters"] if p["name"] == "start")["schema"]["pattern"]
    answer = seeded_client.get("/v1/access-points/1/week", params={"start": start})
    assert (answer.status_code, bool(re.search(pattern, start))) == (status, status == 200)
