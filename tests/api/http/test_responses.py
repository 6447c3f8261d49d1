"""Responses (api/http/responses.py): orjson bodies that never fail on a lone surrogate, GeoJSON
chosen by parameter or Accept, and the answer models that document the read routes."""

import orjson
import pytest
from fastapi.testclient import TestClient

from api.http.responses import (
    GEOJSON,
    GeoJSONBytes,
    JSONBytes,
    NearestAnswer,
    PlaceAnswer,
    PlacePage,
    wants_geojson,
    without_surrogates,
)


def test_json_is_rendered_with_orjson() -> None:
    response = JSONBytes({"name": "PANDA Grésilles", "id": 1})
    assert response.body == orjson.dumps({"name": "PANDA Grésilles", "id": 1})
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-length"] == str(len(response.body))


def test_bytes_already_serialised_go_out_as_they_are() -> None:
    assert JSONBytes(b'{"a":1}', status_code=201).body == b'{"a":1}'


def test_a_lone_surrogate_goes_out_as_a_replacement_character() -> None:
    response = JSONBytes({"detail": "q : « \ud800 » refusé", "\udfff": ["\ud83d", 1, None]})
    assert orjson.loads(response.body) == {
        "detail": "q : « \ufffd » refusé",
        "\ufffd": ["\ufffd", 1, None],
    }


def test_without_surrogates_keeps_everything_else() -> None:
    value = {"a": ("x\ud800y", {"b": "😀"}), "n": 3.5, "t": True}
    assert without_surrogates(value) == {"a": ["x\ufffdy", {"b": "😀"}], "n": 3.5, "t": True}
    assert without_surrogates("Dijon") == "Dijon"


def test_what_orjson_cannot_write_still_fails() -> None:
    with pytest.raises(TypeError):
        JSONBytes({"not json": object()})


def test_geojson_answers_have_their_media_type() -> None:
    response = GeoJSONBytes({"type": "FeatureCollection", "features": []})
    assert response.headers["content-type"] == GEOJSON == "application/geo+json"


@pytest.mark.parametrize(
    ("accept", "fmt", "expected"),
    [
        (None, "json", False),
        (None, "geojson", True),
        ("application/geo+json", "json", True),
        ("application/json, application/geo+json;q=0.9", "json", True),
        ("application/json", "json", False),
        ("*/*", "json", False),
        ("application/json", "geojson", True),
    ],
)
def test_geojson_asked_by_parameter_or_accept(accept: str | None, fmt: str, expected: bool) -> None:
    assert wants_geojson(accept, fmt) is expected


def test_the_models_describe_the_answers_of_the_read_routes(seeded_client: TestClient) -> None:
    page = PlacePage.model_validate(seeded_client.get("/v1/access-points?size=3").json())
    assert len(page.items) == 3 and page.total >= 3
    place = seeded_client.get(f"/v1/access-points/{page.items[0].id}").json()
    assert PlaceAnswer.model_validate(place).name == page.items[0].name
    nearest = seeded_client.get("/v1/access-points/nearest?lat=47.3216&lon=5.0415&limit=2")
    answer = NearestAnswer.model_validate(nearest.json())
    assert answer.count == len(answer.items) == 2
    assert answer.items[0].distance_m <= answer.items[1].distance_m
