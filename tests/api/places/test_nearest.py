"""GET /v1/access-points/nearest: order, distances, filters, formats and bad input."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from api.http.responses import NearestAnswer
from models.geo import geodesic_distance_m
from tests.conftest import make_access_point

LIBERATION = {"lat": 47.3216, "lon": 5.0415}
NEAR = make_access_point(name="PANDA Grésilles")
FAR = make_access_point(
    name="PANDA Fontaine d'Ouche",
    address="2 allée de Grenoble",
    latitude=47.3196,
    longitude=5.0031,
    opening_hours=None,
    networks=["Réseau Dijon métropole"],
    equipment=None,
)


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(places=[FAR, NEAR])


def test_nearest_sorts_by_geodesic_distance(client: TestClient) -> None:
    items = client.get("/v1/access-points/nearest", params=LIBERATION).json()["items"]
    assert [i["name"] for i in items] == ["PANDA Grésilles", "PANDA Fontaine d'Ouche"]


def test_nearest_distance_matches_geodesic(client: TestClient) -> None:
    item = client.get("/v1/access-points/nearest", params=LIBERATION).json()["items"][0]
    expected = geodesic_distance_m(47.3216, 5.0415, 47.329680, 5.069047)
    assert item["distance_m"] == pytest.approx(expected, abs=0.1)


def test_nearest_answer_matches_documented_model(client: TestClient) -> None:
    body = client.get("/v1/access-points/nearest", params=LIBERATION).json()
    assert NearestAnswer.model_validate(body).count == 2


def test_nearest_echoes_query_and_credits(client: TestClient) -> None:
    body = client.get("/v1/access-points/nearest", params={**LIBERATION, "limit": 1}).json()
    assert (body["query"]["lat"], body["query"]["limit"], body["count"]) == (47.3216, 1, 1)
    assert (body["attribution"], body["licence"]) == ("test", "see source")


def test_nearest_radius_excludes_farther_places(client: TestClient) -> None:
    body = client.get("/v1/access-points/nearest", params={**LIBERATION, "radius_m": 2500}).json()
    assert [i["name"] for i in body["items"]] == ["PANDA Grésilles"]


def test_nearest_open_at_keeps_only_open_places(client: TestClient) -> None:
    params = {**LIBERATION, "open_at": "2025-07-15T10:00:00+02:00"}
    items = client.get("/v1/access-points/nearest", params=params).json()["items"]
    assert [(i["name"], i["opening_status"]["label"]) for i in items] == [
        ("PANDA Grésilles", "Ouvert jusqu'à 12:00")
    ]


def test_nearest_place_without_hours_is_not_open(client: TestClient) -> None:
    params = {**LIBERATION, "open_at": "2025-07-15T10:00", "q": "ouche"}
    assert client.get("/v1/access-points/nearest", params=params).json()["items"] == []


def test_nearest_place_without_hours_is_unknown(client: TestClient) -> None:
    params = {**LIBERATION, "q": "ouche"}
    item = client.get("/v1/access-points/nearest", params=params).json()["items"][0]
    assert item["opening_status"] == {
        "state": "unknown",
        "next_change": None,
        "label": "Horaires non renseignés",
    }


def test_nearest_equipment_filter_requires_all(client: TestClient) -> None:
    params = {**LIBERATION, "equipment": "computer,printer"}
    assert client.get("/v1/access-points/nearest", params=params).json()["items"] == []


def test_nearest_geojson_by_accept_header(client: TestClient) -> None:
    response = client.get(
        "/v1/access-points/nearest", params=LIBERATION, headers={"Accept": "application/geo+json"}
    )
    body = response.json()
    assert response.headers["content-type"] == "application/geo+json"
    assert body["features"][0]["geometry"] == {"type": "Point", "coordinates": [5.069047, 47.32968]}


def test_nearest_geojson_by_format_parameter(client: TestClient) -> None:
    body = client.get(
        "/v1/access-points/nearest", params={**LIBERATION, "format": "geojson"}
    ).json()
    assert body["type"] == "FeatureCollection"
    assert "latitude" not in body["features"][0]["properties"]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"lat": 91, "lon": 5}, "lat : « 91 » doit être au plus 90 (exemple : 47.3216)"),
        ({"lat": 47, "lon": -181}, "lon : « -181 » doit être au moins -180 (exemple : 5.0415)"),
        ({**LIBERATION, "limit": 51}, "limit : « 51 » doit être au plus 50 (exemple : 10)"),
        (
            {**LIBERATION, "radius_m": 0},
            "radius_m : « 0 » doit être supérieur à 0 (exemple : 2000)",
        ),
        ({**LIBERATION, "radius_m": 100001}, "radius_m : « 100001 » doit être au plus 100000"),
        (
            {**LIBERATION, "equipment": "fax"},
            "equipment : équipement inconnu « fax » ; valeurs possibles : computer, laptop",
        ),
        (
            {**LIBERATION, "service": "Cuisine"},
            "service : « Cuisine » n'est pas une valeur connue ; valeurs possibles : 'Aide aux",
        ),
        (
            {**LIBERATION, "open_at": "mardi 10h"},
            "open_at : « mardi 10h » n'est pas une date et heure ISO 8601 "
            "(exemple : 2025-07-15T10:00:00+02:00)",
        ),
        ({**LIBERATION, "colour": "red"}, "colour : paramètre inconnu"),
        ({"lon": 5}, "lat : obligatoire, mais absent (exemple : lat=47.3216)"),
        ({**LIBERATION, "lat": "abc"}, "lat : « abc » n'est pas un nombre (exemple : 47.3216)"),
    ],
)
def test_nearest_bad_input_is_422_with_detail(
    client: TestClient, params: dict[str, object], fragment: str
) -> None:
    response = client.get("/v1/access-points/nearest", params=params)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert fragment in response.json()["detail"]
    assert response.headers["content-language"] == "fr"


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"lat": 91, "lon": 5}, "lat: Input should be less than or equal to 90"),
        ({**LIBERATION, "equipment": "fax"}, "unknown equipment 'fax'; valid: computer, laptop"),
        ({**LIBERATION, "open_at": "mardi 10h"}, "open_at: Input should be a valid datetime"),
        ({**LIBERATION, "colour": "red"}, "colour: unknown parameter"),
        ({"lon": 5}, "lat: Field required"),
    ],
)
def test_nearest_bad_input_is_told_in_english_when_asked(
    client: TestClient, params: dict[str, object], fragment: str
) -> None:
    english = {"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"}
    response = client.get("/v1/access-points/nearest", params=params, headers=english)
    assert (response.status_code, response.json()["error"]) == (422, "invalid_request")
    assert fragment in response.json()["detail"]
    assert response.headers["content-language"] == "en"


def test_nearest_open_at_with_open_now_is_422(client: TestClient) -> None:
    params = {**LIBERATION, "open_at": "2025-07-15T10:00", "open_now": "true"}
    response = client.get("/v1/access-points/nearest", params=params)
    assert (response.status_code, response.json()["error"]) == (422, "invalid_parameter")


def test_nearest_unknown_commune_is_422_saying_what_to_give(client: TestClient) -> None:
    response = client.get("/v1/access-points/nearest", params={**LIBERATION, "commune": "Paris"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith(
        "commune : « Paris » ne désigne aucune commune connue ; donnez son nom, un ancien nom"
    )


def test_nearest_on_empty_database_returns_no_items(
    client_factory: Callable[..., TestClient],
) -> None:
    body = client_factory().get("/v1/access-points/nearest", params=LIBERATION).json()
    assert (body["count"], body["items"]) == (0, [])


def test_nearest_precision_leaves_out_places_located_less_precisely(
    client_factory: Callable[..., TestClient],
) -> None:
    vague = make_access_point(
        name="Lieu à l'adresse non localisée",
        address="99 rue Inexistante",
        latitude=47.3216,
        longitude=5.0415,
        location_precision="municipality",
    )
    client = client_factory(places=[NEAR, vague])
    kept = client.get("/v1/access-points/nearest", params=LIBERATION).json()["items"]
    assert [i["name"] for i in kept] == ["Lieu à l'adresse non localisée", "PANDA Grésilles"]
    params = {**LIBERATION, "precision": "street"}
    body = client.get("/v1/access-points/nearest", params=params).json()
    assert [i["name"] for i in body["items"]] == ["PANDA Grésilles"]
    assert body["query"]["precision"] == "street"
    searched = client.get(
        "/v1/access-points/search", params={"address": "Dijon", "precision": "housenumber"}
    ).json()
    assert [i["name"] for i in searched["items"]] == ["PANDA Grésilles"]


def test_nearest_rejects_an_unknown_precision(client: TestClient) -> None:
    response = client.get("/v1/access-points/nearest", params={**LIBERATION, "precision": "rue"})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert "precision" in response.json()["detail"]
