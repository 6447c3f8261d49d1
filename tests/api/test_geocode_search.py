"""GET /v1/geocode and /v1/access-points/search with the offline geocoder and the seed."""

import pytest
from fastapi.testclient import TestClient

from models.geo import geodesic_distance_m

GRESILLES = (47.329680, 5.069047)


def test_geocode_finds_gresilles_address(seeded_client: TestClient) -> None:
    item = seeded_client.get("/v1/geocode", params={"q": "14 rue Camille Claudel Dijon"}).json()[
        "items"
    ][0]
    assert item["precision"] == "housenumber"
    assert geodesic_distance_m(*GRESILLES, item["latitude"], item["longitude"]) < 50


@pytest.mark.parametrize(("q", "citycode"), [("quetigny", "21515"), ("neuilly les dijon", "21452")])
def test_geocode_commune_names(seeded_client: TestClient, q: str, citycode: str) -> None:
    item = seeded_client.get("/v1/geocode", params={"q": q}).json()["items"][0]
    assert (item["precision"], item["citycode"], item["geocoder"]) == (
        "municipality",
        citycode,
        "offline",
    )


@pytest.mark.parametrize("q", ["   ", "!!!", "a\x00b", "x" * 201])
def test_geocode_unusable_query_is_422(seeded_client: TestClient, q: str) -> None:
    response = seeded_client.get("/v1/geocode", params={"q": q})
    assert response.status_code == 422
    assert response.json()["error"] in ("invalid_parameter", "invalid_request")


@pytest.mark.parametrize("q", ["<script>alert(1)</script>", "'; DROP TABLE address; --", "🏠🏠"])
def test_geocode_hostile_text_is_never_500(seeded_client: TestClient, q: str) -> None:
    assert seeded_client.get("/v1/geocode", params={"q": q}).status_code in (200, 422)


def test_search_lists_gresilles_first(seeded_client: TestClient) -> None:
    params = {"address": "14 rue Camille Claudel 21000 Dijon", "limit": 3}
    body = seeded_client.get("/v1/access-points/search", params=params).json()
    assert body["items"][0]["name"] == "PANDA Grésilles"
    assert (body["location"]["precision"], body["outside_service_area"]) == ("housenumber", False)


def test_search_applies_filters(seeded_client: TestClient) -> None:
    params = {"address": "quetigny", "network": "PANDA", "limit": 1}
    body = seeded_client.get("/v1/access-points/search", params=params).json()
    assert body["items"][0]["networks"][0] == "PANDA"
    assert body["location"]["citycode"] == "21515"


def test_search_unknown_street_falls_back_to_commune(seeded_client: TestClient) -> None:
    params = {"address": "rue imaginaire quetigni"}
    location = seeded_client.get("/v1/access-points/search", params=params).json()["location"]
    assert (location["label"], location["precision"]) == ("Quetigny", "municipality")


def test_search_nothing_found_is_404(seeded_client: TestClient) -> None:
    response = seeded_client.get("/v1/access-points/search", params={"address": "zzqx wvvk"})
    assert (response.status_code, response.json()["error"]) == (404, "address_not_found")
    assert response.json()["suggestions"] == []


def test_search_missing_address_is_422(seeded_client: TestClient) -> None:
    assert seeded_client.get("/v1/access-points/search").status_code == 422


def test_search_geojson(seeded_client: TestClient) -> None:
    params = {"address": "quetigny", "format": "geojson", "limit": 2}
    body = seeded_client.get("/v1/access-points/search", params=params).json()
    assert (body["type"], len(body["features"]), body["location"]["citycode"]) == (
        "FeatureCollection",
        2,
        "21515",
    )
