"""`confirmed_within_days` (api/places/answers.py): list, nearest, search and GeoJSON keep only
places whose facts date is recent enough; the widget takes it as a preset."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from api.clock import today_paris
from tests.conftest import make_access_point


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    today = today_paris()
    places = [
        make_access_point(name="Récent", source_id="a", source_updated_on=today - timedelta(10)),
        make_access_point(name="Ancien", source_id="b", source_updated_on=today - timedelta(400)),
        make_access_point(name="Sans date", source_id="c"),
    ]
    return client_factory(places=places)


def names(answer: dict[str, object]) -> list[str]:
    if "features" in answer:
        return sorted(f["properties"]["name"] for f in answer["features"])  # type: ignore[attr-defined]
    return sorted(item["name"] for item in answer["items"])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (None, ["Ancien", "Récent", "Sans date"]),
        (30, ["Récent"]),
        (10, ["Récent"]),
        (9, []),
        (400, ["Ancien", "Récent"]),
    ],
)
def test_list_keeps_places_confirmed_within_the_days(
    client: TestClient, days: int | None, expected: list[str]
) -> None:
    params = {} if days is None else {"confirmed_within_days": days}
    answer = client.get("/v1/access-points", params=params)
    assert answer.status_code == 200
    assert names(answer.json()) == expected


def test_nearest_search_and_geojson_take_the_filter(client: TestClient) -> None:
    point = {"lat": 47.32968, "lon": 5.069047, "confirmed_within_days": 30}
    assert names(client.get("/v1/access-points/nearest", params=point).json()) == ["Récent"]
    geojson = client.get("/v1/access-points/nearest", params=point | {"format": "geojson"})
    assert names(geojson.json()) == ["Récent"]
    search = {"address": "14 rue Camille Claudel Dijon", "confirmed_within_days": 30}
    assert names(client.get("/v1/access-points/search", params=search).json()) == ["Récent"]


@pytest.mark.parametrize("value", ["-1", "36501", "soon", "1.5"])
def test_bad_confirmed_within_days_is_422(client: TestClient, value: str) -> None:
    answer = client.get("/v1/access-points", params={"confirmed_within_days": value})
    assert answer.status_code == 422
    assert "confirmed_within_days" in answer.json()["detail"]


def test_widget_preset_keeps_recent_places_only(client: TestClient) -> None:
    query = {"address": "14 rue Camille Claudel Dijon", "limit": "5"}
    page = client.get("/embed", params=query | {"confirmed_within_days": "30"})
    assert page.status_code == 200
    assert "Récent" in page.text and "Ancien" not in page.text
    refused = client.get("/embed", params=query | {"confirmed_within_days": "bientôt"})
    assert refused.status_code == 422
    assert "confirmed_within_days" in refused.text
