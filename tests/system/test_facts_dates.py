"""Dates told as they are: each place's facts date, `stale`, and the export's `date_maj`."""

import csv
import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api import clock
from models.access_point import AccessPoint
from models.data_source import DataSource
from models.opening_hours import PARIS
from seed.loader import ACCESS_POINTS_FILE, read_seed_file
from seed.upsert import bump_data_version
from tests.conftest import bearer, make_access_point, make_key

SEED = read_seed_file(ACCESS_POINTS_FILE)
PUBLISHED = "2022-12-30"  # the seed header's `source_last_changed`
CSV_URL = "/v1/export/lieux-mediation-numerique.csv"


def fixed_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """Make api.clock's "now" noon of `day` in Paris."""
    moment = datetime(day.year, day.month, day.day, 12, 0, tzinfo=PARIS)
    monkeypatch.setattr(clock, "now_paris", lambda: moment)


def export_rows(client: TestClient) -> dict[str, dict[str, str]]:
    text = client.get(CSV_URL).text
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text))}


def seed_dates() -> dict[str, str]:
    """Each seed place's source date, else the data set's publication date."""
    return {p["source_id"]: p["source_updated_on"] or PUBLISHED for p in SEED["access_points"]}


def all_items(client: TestClient) -> list[dict[str, Any]]:
    return [
        item
        for page in (1, 2, 3, 4)
        for item in client.get("/v1/access-points", params={"page": page, "size": 20}).json()[
            "items"
        ]
    ]


def test_export_date_maj_of_seed_is_source_date_or_publication(seeded_client: TestClient) -> None:
    rows = export_rows(seeded_client)
    assert {key: row["date_maj"] for key, row in rows.items()} == seed_dates()
    assert clock.today_paris().isoformat() not in {row["date_maj"] for row in rows.values()}


def test_seed_answers_carry_facts_date_basis_and_stale(seeded_client: TestClient) -> None:
    items = all_items(seeded_client)
    expected = {
        p["source_id"]: (
            p["source_updated_on"] or PUBLISHED,
            "source" if p["source_updated_on"] else "publication",
        )
        for p in SEED["access_points"]
    }
    assert {i["source_id"]: (i["facts_date"], i["facts_date_basis"]) for i in items} == expected
    assert {(i["stale"], i["confirmed_on"]) for i in items} == {(True, None)}
    assert {i["source_attribution"] for i in items} == {SEED["attribution"]}


def test_seed_source_row_is_stored_and_credits_answers(seeded_client: TestClient) -> None:
    engine = seeded_client.app.state.runtime.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        row = session.get(DataSource, "mednum-bfc")
    assert row is not None
    assert (row.attribution, row.licence, row.published_on) == (
        SEED["attribution"],
        SEED["licence"],
        date(2022, 12, 30),
    )
    body = seeded_client.get("/v1/access-points", params={"size": 1}).json()
    assert (body["attribution"], body["licence"]) == (SEED["attribution"], SEED["licence"])


def test_single_place_carries_stale_and_its_etag_still_allows_a_write(
    seeded_client: TestClient,
) -> None:
    read = seeded_client.get("/v1/access-points/1")
    body = read.json()
    assert (body["stale"], body["facts_date_basis"]) == (True, "source")
    headers = bearer(make_key(seeded_client, "write")) | {"If-Match": read.headers["etag"]}
    written = seeded_client.patch(
        "/v1/access-points/1", json={"phone": "+33380000001"}, headers=headers
    )
    assert written.status_code == 200, written.text
    assert seeded_client.get("/v1/access-points/1").headers["etag"] == written.headers["etag"]


def test_write_answer_tells_the_facts_date_a_read_tells(seeded_client: TestClient) -> None:
    undated = next(i for i in all_items(seeded_client) if i["facts_date_basis"] == "publication")
    url = f"/v1/access-points/{undated['id']}"
    headers = bearer(make_key(seeded_client, "write")) | {"If-Match": "*"}
    written = seeded_client.patch(url, json={"phone": "+33380000002"}, headers=headers).json()
    read = seeded_client.get(url).json()
    fields = ("facts_date", "facts_date_basis", "source_attribution", "confirmed_on")
    assert [written[f] for f in fields] == [read[f] for f in fields]
    assert (written["facts_date"], written["facts_date_basis"]) == (PUBLISHED, "publication")


def test_geojson_properties_carry_stale(seeded_client: TestClient) -> None:
    body = seeded_client.get("/v1/access-points", params={"format": "geojson", "size": 3}).json()
    assert [f["properties"]["stale"] for f in body["features"]] == [True, True, True]
    export = seeded_client.get("/v1/export/access-points.geojson").json()
    assert {f["properties"]["stale"] for f in export["features"]} == {True}


def test_facts_within_a_year_are_not_stale_on_a_fixed_day(
    monkeypatch: pytest.MonkeyPatch, seeded_client: TestClient
) -> None:
    fixed_today(monkeypatch, date(2023, 1, 10))
    items = {i["source_id"]: i for i in all_items(seeded_client)}
    assert items["mednumBFC_TL_697_"]["stale"] is False  # source date 2022-05-17
    assert items["mednumBFC_TL_1_"]["stale"] is True  # source date 2021-03-02
    assert items["mednumBFC_TL_69_"]["stale"] is False  # publication 2022-12-30


def test_stale_after_days_setting_moves_the_threshold(
    monkeypatch: pytest.MonkeyPatch, client_factory: Callable[..., TestClient]
) -> None:
    fixed_today(monkeypatch, date(2023, 1, 10))
    client = client_factory(seed=True, stale_after_days=30)
    items = {i["source_id"]: i for i in all_items(client)}
    assert items["mednumBFC_TL_697_"]["stale"] is True
    assert items["mednumBFC_TL_69_"]["stale"] is False  # 11 days after its publication


def test_steward_confirmation_is_the_facts_date(
    monkeypatch: pytest.MonkeyPatch, seeded_client: TestClient
) -> None:
    fixed_today(monkeypatch, date(2026, 12, 2))
    runtime = seeded_client.app.state.runtime  # type: ignore[attr-defined]
    with Session(runtime.engine) as session:
        place = session.get(AccessPoint, 1)
        assert place is not None
        place.confirmed_on = date(2026, 11, 20)
        session.add(place)
        bump_data_version(session)
        session.commit()
    runtime.read_model.refresh()
    body = seeded_client.get("/v1/access-points/1").json()
    assert (body["confirmed_on"], body["facts_date"], body["facts_date_basis"], body["stale"]) == (
        "2026-11-20",
        "2026-11-20",
        "steward",
        False,
    )
    assert export_rows(seeded_client)[body["source_id"]]["date_maj"] == "2026-11-20"


def test_place_written_by_the_api_alone_is_exported_with_its_write_day(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory()
    sent = make_access_point(source="ville-test", source_id="api-1")
    headers = bearer(make_key(client, "write"))
    created = client.post("/v1/access-points", json=sent.model_dump(mode="json"), headers=headers)
    assert created.status_code == 201, created.text
    body = client.get(created.headers["location"]).json()
    assert (body["facts_date"], body["facts_date_basis"], body["stale"]) == (None, None, True)
    written_on = datetime.fromisoformat(body["updated_at"]).astimezone(PARIS).date()
    assert export_rows(client)["api-1"]["date_maj"] == written_on.isoformat()


def test_loaded_place_without_any_date_is_left_out_of_the_standard_export(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory()
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with Session(runtime.engine) as session:
        session.add(DataSource(name="ville-test", attribution="Ville d'essai", licence="test"))
        place = make_access_point(source="ville-test", source_id="loaded-1")
        session.add(AccessPoint.model_validate(place))
        bump_data_version(session)
        session.commit()
    runtime.read_model.refresh()
    listed = client.get("/v1/access-points").json()["items"]
    assert [(i["source_id"], i["facts_date"], i["stale"]) for i in listed] == [
        ("loaded-1", None, True)
    ]
    assert export_rows(client) == {}
