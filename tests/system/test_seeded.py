"""Acceptance checks on the bundled Dijon seed, through the HTTP API."""

from collections import Counter
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from models.geo import geodesic_distance_m
from models.opening_hours import PARIS
from tests.api.migrations.test_upgrade import HEAD

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
    communes = seeded_client.get("/v1/communes").json()["items"]
    assert {c["insee_code"] for c in communes} == METROPOLE_CODES


def test_seed_health_counts_places(seeded_client: TestClient) -> None:
    assert seeded_client.get("/health").json() == {
        "status": "ok",
        "places": 68,
        "data_version": 1,
        "database": "ok",
        "schema": "head",
        "revision": HEAD,
        "head_revision": HEAD,
        # No transit feed is imported with the seed alone.
        "transit": None,
    }


@pytest.mark.parametrize("moment", ["2025-07-14T10:00:00+02:00", "2025-11-11T10:00:00+01:00"])
def test_seed_open_at_public_holiday_lists_no_place(seeded_client: TestClient, moment: str) -> None:
    # No seed place has a PH rule: a holiday's hours are not confirmed, so none is "open".
    listed = seeded_client.get("/v1/access-points", params={"open_at": moment}).json()
    near = {"lat": 47.3216, "lon": 5.0415, "limit": 50, "open_at": moment}
    nearest = seeded_client.get("/v1/access-points/nearest", params=near).json()
    assert (listed["total"], listed["items"], nearest["count"]) == (0, [], 0)


def test_seed_statuses_on_bastille_day_are_unknown(seeded_client: TestClient) -> None:
    snapshot = seeded_client.app.state.runtime.read_model.current  # type: ignore[attr-defined]
    at = datetime(2025, 7, 14, 10, 0, tzinfo=PARIS)
    labels = Counter(hit.status.label for hit in snapshot.listing(None, at, False))
    assert labels == {"Horaires non renseignés": 45, "Jour férié : horaires non confirmés": 23}


def test_seed_open_at_the_day_after_bastille_day_lists_13(seeded_client: TestClient) -> None:
    params = {"open_at": "2025-07-15T10:00:00+02:00"}
    assert seeded_client.get("/v1/access-points", params=params).json()["total"] == 13
