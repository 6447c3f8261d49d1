"""The week's hours and the SMS text of a place."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.conftest import make_access_point


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(places=[make_access_point(opening_hours="Mo-Fr 09:00-12:00; PH off")])


def place_id(client: TestClient) -> int:
    return int(client.get("/v1/access-points").json()["items"][0]["id"])


def test_week_lists_seven_days_with_holiday_closed(client: TestClient) -> None:
    body = client.get(f"/v1/access-points/{place_id(client)}/week?start=2025-07-14").json()
    assert [(d["weekday"], d["label"]) for d in body["days"][:3]] == [
        ("lundi", "Fermé"),
        ("mardi", "09:00–12:00"),
        ("mercredi", "09:00–12:00"),
    ]
    assert (body["known"], len(body["days"])) == (True, 7)


def test_sms_names_place_address_and_phone(client: TestClient) -> None:
    body = client.get(f"/v1/access-points/{place_id(client)}/sms").json()
    assert body["text"].startswith("PANDA Grésilles\n14 rue Camille Claudel, 21000 Dijon\n")
    assert body["text"].endswith("Tél. 03 80 48 84 14")
    assert body["length"] == len(body["text"]) <= 320


def test_sms_unknown_place_is_404(client: TestClient) -> None:
    assert client.get("/v1/access-points/999/sms").status_code == 404
