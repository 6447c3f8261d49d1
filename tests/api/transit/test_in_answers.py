"""Every place answer carries `transit` once a feed is imported: list, detail, nearest,
search, JSON and GeoJSON; null where no stop lies within the radius."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.transit.answers import DETOUR_FACTOR
from api.transit.reader import read_feed
from api.transit.store import replace_feed
from models.geo import geodesic_distance_m
from tests.transit_feed import divia_feed

GIROUD = (47.365278, 5.049444)


def import_feed(client: TestClient, path: Path) -> None:
    """Store a feed in the client's database and let its read model take it in."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with Session(runtime.engine) as session:
        replace_feed(session, read_feed(path))
    runtime.read_model.refresh()


@pytest.fixture
def client(client_factory: Callable[..., TestClient], tmp_path: Path) -> TestClient:
    client = client_factory(seed=True)
    import_feed(client, divia_feed(tmp_path / "divia.zip"))
    return client


def test_a_seed_place_near_a_tram_stop_answers_the_stop_its_line_and_the_walk(
    client: TestClient,
) -> None:
    items = client.get(
        "/v1/access-points/nearest", params={"lat": 47.364205, "lon": 5.049559, "limit": 1}
    ).json()["items"]
    place = items[0]
    assert place["name"] == "Onlineformapro Dijon"
    stop = place["transit"]["stops"][0]
    assert (stop["name"], [line["short_name"] for line in stop["lines"]]) == ("Giroud", ["T2"])
    assert stop["lines"][0]["mode"] == "tram"
    straight = geodesic_distance_m(place["latitude"], place["longitude"], *GIROUD)
    # Within 20 % of the straight line (on the ellipsoid) times the stated factor.
    assert abs(stop["walk_m"] - straight * DETOUR_FACTOR) <= 0.2 * straight * DETOUR_FACTOR
    assert stop["walk_minutes"] == 3
    assert place["transit"]["detour_factor"] == DETOUR_FACTOR
    # The same field in the detail, the list, the search and GeoJSON.
    detail = client.get(f"/v1/access-points/{place['id']}").json()
    assert detail["transit"] == place["transit"]
    geojson = client.get(
        "/v1/access-points/nearest",
        params={"lat": 47.364205, "lon": 5.049559, "limit": 1, "format": "geojson"},
    ).json()
    assert geojson["features"][0]["properties"]["transit"] == place["transit"]
    listed = client.get("/v1/access-points", params={"q": "Onlineformapro Dijon"}).json()
    assert listed["items"][0]["transit"] == place["transit"]
    found = client.get(
        "/v1/access-points/search", params={"address": "38 avenue Françoise Giroud Dijon"}
    ).json()
    assert any(item["transit"] == place["transit"] for item in found["items"])


def test_a_place_far_from_every_stop_says_nothing(client: TestClient) -> None:
    items = client.get("/v1/access-points", params={"q": "PANDA Grésilles"}).json()["items"]
    assert items and items[0]["transit"] is None


def test_without_a_feed_every_place_has_transit_null(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory(seed=True)
    items = client.get("/v1/access-points", params={"size": 100}).json()["items"]
    assert {item["transit"] is None for item in items} == {True}


def test_the_sms_and_the_widget_say_the_stop_and_the_walk(client: TestClient) -> None:
    items = client.get(
        "/v1/access-points/nearest", params={"lat": 47.364205, "lon": 5.049559, "limit": 1}
    ).json()["items"]
    sms = client.get(f"/v1/access-points/{items[0]['id']}/sms").json()
    lines = sms["text"].splitlines()
    assert lines[:3] == [
        "Onlineformapro Dijon",
        "38 Avenue Francoise Giroud, 21000 Dijon",  # ç is not in the GSM alphabet
        "Tram T2, arret Giroud : 3 min à pied",
    ]
    assert sms["segments"] <= 2
    page = client.get("/embed", params={"address": "38 avenue Françoise Giroud Dijon"}).text
    assert "Tram T2, arrêt Giroud : 3 min à pied" in page
    assert "(temps estimé)" in page


def test_an_expired_timetable_is_said_in_the_answer_and_the_sms(
    client_factory: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = client_factory(seed=True)
    calendar = "service_id,start_date,end_date\nSEMAINE,20240101,20241231\n"
    import_feed(client, divia_feed(tmp_path / "old.zip", replace={"calendar.txt": calendar}))
    place = client.get(
        "/v1/access-points/nearest", params={"lat": 47.364205, "lon": 5.049559, "limit": 1}
    ).json()["items"][0]
    assert place["transit"]["feed"] == {
        "name": "Divia Mobilités",
        "start_date": "2024-01-01",
        "end_date": "2024-12-31",
        "expired": True,
    }
    sms = client.get(f"/v1/access-points/{place['id']}/sms").json()["text"]
    assert "Tram T2, arret Giroud : 3 min à pied (horaires de transport expirés)" in sms
