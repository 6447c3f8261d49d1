"""The week's hours and the SMS text of a place."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.transit.reader import read_feed
from api.transit.store import replace_feed
from models import gsm7
from tests.conftest import make_access_point
from tests.transit_feed import divia_feed


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(places=[make_access_point(opening_hours="Mo-Fr 09:00-12:00; PH off")])


def place_id(client: TestClient) -> int:
    return int(client.get("/v1/access-points").json()["items"][0]["id"])


def test_week_lists_seven_days_with_holiday_closed(client: TestClient) -> None:
    body = client.get(f"/v1/access-points/{place_id(client)}/week?start=2025-07-14").json()
    assert [(d["weekday"], d["label"], d["holiday"]) for d in body["days"][:3]] == [
        ("lundi", "Fermé", "14 juillet — Fête nationale"),
        ("mardi", "09:00–12:00", None),
        ("mercredi", "09:00–12:00", None),
    ]
    assert (body["known"], body["holidays_stated"], len(body["days"])) == (True, True, 7)


def test_week_without_ph_rule_says_holiday_hours_unconfirmed(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory(places=[make_access_point(opening_hours="Mo-Fr 09:00-12:00")])
    body = client.get(f"/v1/access-points/{place_id(client)}/week?start=2025-11-10").json()
    assert body["days"][:2] == [
        {
            "day": "2025-11-10",
            "weekday": "lundi",
            "intervals": [["09:00", "12:00"]],
            "label": "09:00–12:00",
            "holiday": None,
        },
        {
            "day": "2025-11-11",
            "weekday": "mardi",
            "intervals": [],
            "label": "Jour férié : horaires non confirmés",
            "holiday": "11 novembre — Armistice 1918",
        },
    ]
    assert (body["known"], body["holidays_stated"]) == (True, False)


def test_sms_names_place_address_and_phone(client: TestClient) -> None:
    body = client.get(f"/v1/access-points/{place_id(client)}/sms").json()
    assert body["text"].startswith("PANDA Grésilles\n14 rue Camille Claudel, 21000 Dijon\n")
    assert body["text"].endswith("Tél. 03 80 48 84 14")
    assert body["length"] == len(body["text"]) <= 306
    assert body["segments"] == gsm7.segments(body["text"]) == 1
    assert gsm7.is_gsm7(body["text"])


def test_sms_unknown_place_is_404(client: TestClient) -> None:
    assert client.get("/v1/access-points/999/sms").status_code == 404


@pytest.mark.parametrize("start", ["0.0", "0", "1752451200"])
def test_week_start_as_a_number_is_refused_not_read_as_a_unix_time(
    client: TestClient, start: str
) -> None:
    answer = client.get(f"/v1/access-points/{place_id(client)}/week", params={"start": start})
    assert answer.status_code == 422
    assert "pas un nombre" in answer.json()["detail"]


def test_sheet_map_is_an_svg_of_the_place_and_the_person(client: TestClient) -> None:
    url = f"/v1/access-points/{place_id(client)}/sheet-map.svg"
    answer = client.get(url, params={"lat": 47.3216, "lon": 5.0415})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/svg+xml"
    assert answer.headers["content-security-policy"] == "default-src 'none'"
    assert answer.text.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert '<title id="map-title">Plan : PANDA Grésilles</title>' in answer.text
    assert 'id="map-person"' in answer.text and 'id="map-direct"' in answer.text
    assert "<script" not in answer.text
    again = client.get(
        url,
        params={"lat": 47.3216, "lon": 5.0415},
        headers={"If-None-Match": answer.headers["etag"]},
    )
    assert again.status_code == 304
    alone = client.get(url)
    assert alone.status_code == 200 and 'id="map-person"' not in alone.text


@pytest.mark.parametrize(
    "params",
    [{"lat": "47.3"}, {"lon": "5.04"}, {"lat": "91", "lon": "5"}, {"lat": "nan", "lon": "5"}],
)
def test_sheet_map_refuses_half_or_impossible_points(
    client: TestClient, params: dict[str, str]
) -> None:
    answer = client.get(f"/v1/access-points/{place_id(client)}/sheet-map.svg", params=params)
    assert answer.status_code == 422
    assert answer.json()["error"] in ("invalid_parameter", "invalid_request")


def test_sheet_map_of_unknown_place_is_404(client: TestClient) -> None:
    answer = client.get("/v1/access-points/999999/sheet-map.svg")
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"


def test_sheet_map_shows_the_nearest_stop_of_an_imported_feed(
    client_factory: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = client_factory(seed=True)
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with Session(runtime.engine) as session:
        replace_feed(session, read_feed(divia_feed(tmp_path / "divia.zip")))
    runtime.read_model.refresh()
    place = client.get("/v1/access-points", params={"q": "Onlineformapro Dijon"}).json()
    place_id = place["items"][0]["id"]
    svg = client.get(f"/v1/access-points/{place_id}/sheet-map.svg").text
    assert 'id="map-stop"' in svg and 'id="map-walk"' in svg
    assert "Arrêt Giroud (T2)" in svg
    assert "l'arrêt Giroud (T2), à" in svg  # in the description too
