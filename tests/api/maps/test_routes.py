"""GET /v1/map/outlines over HTTP."""

from fastapi.testclient import TestClient

AROUND_DIJON = {"west": 5.0, "south": 47.3, "east": 5.08, "north": 47.34}


def test_outlines_around_dijon_are_geojson_with_credits(seeded_client: TestClient) -> None:
    answer = seeded_client.get("/v1/map/outlines", params=AROUND_DIJON)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/geo+json"
    body = answer.json()
    assert body["type"] == "FeatureCollection" and body["licence"] == "Licence Ouverte (Etalab)"
    names = {f["properties"]["name"] for f in body["features"]}
    assert {"Dijon", "Talant", "Chenôve"} <= names and "Beaune" not in names
    again = seeded_client.get(
        "/v1/map/outlines", params=AROUND_DIJON, headers={"If-None-Match": answer.headers["etag"]}
    )
    assert again.status_code == 304


def test_edges_may_come_in_any_order(seeded_client: TestClient) -> None:
    swapped = {"west": 5.08, "south": 47.34, "east": 5.0, "north": 47.3}
    first = seeded_client.get("/v1/map/outlines", params=AROUND_DIJON).json()
    assert seeded_client.get("/v1/map/outlines", params=swapped).json() == first


def test_box_far_from_cote_d_or_has_no_outline(seeded_client: TestClient) -> None:
    far = {"west": -3.0, "south": 46.0, "east": -2.0, "north": 47.0}
    assert seeded_client.get("/v1/map/outlines", params=far).json()["features"] == []


def test_missing_or_impossible_edges_are_422(seeded_client: TestClient) -> None:
    assert seeded_client.get("/v1/map/outlines").status_code == 422
    bad = {**AROUND_DIJON, "north": 91}
    answer = seeded_client.get("/v1/map/outlines", params=bad)
    assert answer.status_code == 422 and answer.json()["error"] == "invalid_request"
