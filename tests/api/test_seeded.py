"""Acceptance checks on the bundled Dijon seed, through the HTTP API."""

import pytest
from fastapi.testclient import TestClient

from models.geo import geodesic_distance_m

METROPOLE_CODES = {
    "21003", "21105", "21106", "21166", "21171", "21192", "21223", "21231",
    "21263", "21270", "21278", "21315", "21355", "21370", "21390", "21452",
    "21473", "21481", "21485", "21515", "21540", "21605", "21617",
}  # fmt: skip


def all_places(client: TestClient) -> list[dict[str, object]]:
    return client.get("/v1/access-points", params={"size": 100}).json()["items"]  # type: ignore[no-any-return]


def test_seed_serves_68_places_all_in_the_23_communes(seeded_client: TestClient) -> None:
    places = all_places(seeded_client)
    assert len(places) == 68
    assert {p["insee_code"] for p in places} <= METROPOLE_CODES


def test_seed_has_ten_panda_points(seeded_client: TestClient) -> None:
    body = seeded_client.get("/v1/access-points", params={"network": "PANDA"}).json()
    assert body["total"] == 10


def test_seed_panda_open_on_tuesday_morning(seeded_client: TestClient) -> None:
    params = {"network": "PANDA", "open_at": "2025-07-15T10:00:00+02:00", "size": 100}
    names = [
        p["name"] for p in seeded_client.get("/v1/access-points", params=params).json()["items"]
    ]
    assert names == ["PANDA 1er mai", "PANDA Fontaine d'Ouche", "PANDA Grésilles"]


def test_seed_nearest_distances_are_geodesic(seeded_client: TestClient) -> None:
    params = {"lat": 47.3216, "lon": 5.0415, "limit": 50}
    items = seeded_client.get("/v1/access-points/nearest", params=params).json()["items"]
    distances = [i["distance_m"] for i in items]
    assert distances == sorted(distances) and len(items) == 50
    for item in items:
        exact = geodesic_distance_m(47.3216, 5.0415, item["latitude"], item["longitude"])
        assert item["distance_m"] == pytest.approx(exact, abs=0.1)


def test_seed_communes_endpoint_lists_23(seeded_client: TestClient) -> None:
    communes = seeded_client.get("/v1/communes").json()
    assert {c["insee_code"] for c in communes} == METROPOLE_CODES


def test_seed_health_counts_places(seeded_client: TestClient) -> None:
    assert seeded_client.get("/health").json() == {
        "status": "ok",
        "places": 68,
        "data_version": 1,
        "database": "ok",
        "schema": "head",
        "revision": "0002",
        "head_revision": "0002",
    }
