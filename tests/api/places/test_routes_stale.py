"""GET /v1/stale: places to reconfirm, oldest facts first, with their steward links."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api import clock
from models.opening_hours import PARIS
from models.steward import StewardLink


def fixed_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    moment = datetime(day.year, day.month, day.day, 12, 0, tzinfo=PARIS)
    monkeypatch.setattr(clock, "now_paris", lambda: moment)


def add_link(
    client: TestClient,
    place_id: int,
    prefix: str,
    expires_at: datetime | None = None,
    revoked_at: datetime | None = None,
) -> None:
    """A steward link row for a place (the hash is never checked here)."""
    link = StewardLink(
        access_point_id=place_id,
        steward_name="Camille Essai",
        token_prefix=prefix,
        token_hash="0" * 64,
        expires_at=expires_at or datetime.now(UTC) + timedelta(days=30),
        revoked_at=revoked_at,
    )
    with Session(client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        session.add(link)
        session.commit()


def test_stale_lists_every_seed_place_oldest_facts_first(seeded_client: TestClient) -> None:
    body = seeded_client.get("/v1/stale", params={"size": 100}).json()
    dates = [item["facts_date"] for item in body["items"]]
    assert (body["total"], len(dates), body["stale_after_days"]) == (68, 68, 365)
    assert dates == sorted(dates)
    assert body["items"][0] == {
        "id": body["items"][0]["id"],
        "name": "Bibliothèque municipale de Chenôve",
        "commune": "Chenôve",
        "insee_code": "21166",
        "facts_date": "2020-06-14",
        "facts_date_basis": "source",
        "source": "mednum-bfc",
        "steward_link_active": False,
    }
    assert {i["facts_date_basis"] for i in body["items"][12:]} == {"publication"}


def test_stale_filters_by_commune_and_source(seeded_client: TestClient) -> None:
    quetigny = seeded_client.get("/v1/stale", params={"commune": "Quetigny", "size": 100}).json()
    assert {i["commune"] for i in quetigny["items"]} == {"Quetigny"}
    by_code = seeded_client.get("/v1/stale", params={"commune": "21515", "size": 100}).json()
    assert by_code["items"] == quetigny["items"]
    other = seeded_client.get("/v1/stale", params={"source": "autre"}).json()
    assert (other["total"], other["items"]) == (0, [])


def test_stale_pages_and_past_the_last_is_404(seeded_client: TestClient) -> None:
    first = seeded_client.get("/v1/stale", params={"size": 50}).json()
    second = seeded_client.get("/v1/stale", params={"size": 50, "page": 2}).json()
    assert (len(first["items"]), len(second["items"])) == (50, 18)
    past = seeded_client.get("/v1/stale", params={"size": 50, "page": 3})
    assert (past.status_code, past.json()["error"]) == (404, "page_out_of_range")


def test_stale_unknown_commune_or_parameter_is_422(seeded_client: TestClient) -> None:
    unknown = seeded_client.get("/v1/stale", params={"commune": "Paris"})
    assert (unknown.status_code, unknown.json()["error"]) == (422, "invalid_parameter")
    extra = seeded_client.get("/v1/stale", params={"colour": "red"})
    assert extra.status_code == 422


def test_stale_leaves_out_recent_places(
    monkeypatch: pytest.MonkeyPatch, seeded_client: TestClient
) -> None:
    fixed_today(monkeypatch, date(2023, 1, 10))
    body = seeded_client.get("/v1/stale", params={"size": 100}).json()
    assert body["today"] == "2023-01-10"
    # Facts of 2022-05-17 (ORE) and 2022-12-30 (the publication) are less than a year old.
    assert body["total"] == 11
    assert {i["facts_date_basis"] for i in body["items"]} == {"source"}
    assert max(i["facts_date"] for i in body["items"]) == "2021-03-19"


def test_stale_tells_which_places_have_an_active_steward_link(seeded_client: TestClient) -> None:
    first = seeded_client.get("/v1/stale", params={"size": 3}).json()["items"]
    now = datetime.now(UTC)
    add_link(seeded_client, first[0]["id"], "active01")
    add_link(seeded_client, first[1]["id"], "revoked1", revoked_at=now)
    add_link(seeded_client, first[2]["id"], "expired1", expires_at=now - timedelta(days=1))
    items = seeded_client.get("/v1/stale", params={"size": 3}).json()["items"]
    assert [i["steward_link_active"] for i in items] == [True, False, False]


def test_stale_is_cacheable_with_etag_and_304(seeded_client: TestClient) -> None:
    first = seeded_client.get("/v1/stale")
    assert first.headers["cache-control"] == "public, max-age=60"
    again = seeded_client.get("/v1/stale", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_stale_threshold_follows_the_setting(
    monkeypatch: pytest.MonkeyPatch, client_factory: Callable[..., TestClient]
) -> None:
    fixed_today(monkeypatch, date(2023, 1, 10))
    client = client_factory(seed=True, stale_after_days=3650)
    assert client.get("/v1/stale").json()["total"] == 0
