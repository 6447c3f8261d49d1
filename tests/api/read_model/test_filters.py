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


def _items_pattern(name: str) -> str:
    schema = ListParams.model_json_schema()["properties"][name]
    assert schema["type"] == "array"
    return str(schema["items"]["pattern"])


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("service", "Aide aux démarches administratives"),
        ("service", "Aide aux démarches administratives, Loisirs et créations numériques"),
        ("audience", "Familles et/ou enfants,Seniors"),
        ("national_programme", "Relais numérique (Emmaüs Connect),France Services"),
        ("access_mode", "Ce lieu n'accueille pas de public"),
        ("support_mode", "  À distance "),
        ("fees", "Gratuit sous condition"),
        ("source", "mednum-bfc"),
        ("source", " a b , c"),
    ],
)
def test_multi_valued_pattern_takes_what_the_filter_takes(name: str, value: str) -> None:
    assert re.search(_items_pattern(name), value)
    assert getattr(ListParams.model_validate({name: [value]}), name)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("service", ""),
        ("service", "Aide aux démarches administratives,"),
        ("service", "Aide aux démarches administratives,,Loisirs et créations numériques"),
        ("service", "aide aux démarches administratives"),
        ("audience", "Familles et\\/ou enfants"),
        ("national_programme", "Relais numérique \\(Emmaüs Connect\\)"),
        ("fees", "Gratuit\tPayant"),
        ("source", " "),
        ("source", "a,"),
        ("support_mode", "\u00a0À distance"),
        ("service", "Aide aux démarches administratives," * 5),
    ],
)
def test_multi_valued_pattern_refuses_what_the_filter_refuses(name: str, value: str) -> None:
    assert not re.search(_items_pattern(name), value)
    with pytest.raises(ValidationError):
        ListParams.model_validate({name: [value]})


def test_repeated_and_comma_separated_values_are_one_list_without_repeats() -> None:
    params = ListParams.model_validate(
        {
            "service": [
                "Aide aux démarches administratives , Loisirs et créations numériques",
                "Loisirs et créations numériques",
            ],
            "service_match": "all",
        }
    )
    assert params.chosen() == {
        "service": (
            ["Aide aux démarches administratives", "Loisirs et créations numériques"],
            "all",
        )
    }


def test_more_repeats_than_the_document_allows_are_refused() -> None:
    with pytest.raises(ValidationError):
        ListParams.model_validate({"source": ["a"] * 6})
    assert ListParams.model_validate({"source": ["a"] * 5}).source == ["a"]


def test_match_is_any_unless_all_is_asked() -> None:
    params = ListParams.model_validate(
        {"fees": "Gratuit", "audience": "Seniors", "audience_match": "all"}
    )
    assert params.chosen() == {"fees": (["Gratuit"], "any"), "audience": (["Seniors"], "all")}
