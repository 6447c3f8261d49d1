"""api/read_model/freshness.py: which places of a snapshot are stale today, on the Paris
calendar, with the running app's `stale_after_days`."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from starlette.requests import Request

from api import clock
from api.read_model import Snapshot
from api.read_model.freshness import stale_flags
from api.settings import Settings
from models.access_point import AccessPointCreate, AccessPointPublic
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

ENTRIES = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
GRESILLES_FACTS = date(2021, 3, 5)  # PANDA Grésilles' source_updated_on in the seed


def request_with(stale_after_days: int) -> Request:
    """A request of an app whose runtime holds these settings."""
    settings = Settings(stale_after_days=stale_after_days)
    app = SimpleNamespace(state=SimpleNamespace(runtime=SimpleNamespace(settings=settings)))
    return Request({"type": "http", "app": app})


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    places = [
        AccessPointPublic.model_validate(
            AccessPointCreate.model_validate(e).model_dump()
            | {"id": i, "updated_at": datetime(2025, 1, 1, tzinfo=UTC)}
        )
        for i, e in enumerate(ENTRIES[:6], 1)
    ]
    return Snapshot(1, places, [])


def flags_on(
    monkeypatch: pytest.MonkeyPatch, snapshot: Snapshot, today: date, days: int
) -> dict[str, bool]:
    monkeypatch.setattr(clock, "today_paris", lambda: today)
    flags = stale_flags(request_with(days), snapshot)
    return {p.name: bool(flags[i]) for i, p in enumerate(snapshot.places)}


def test_facts_turn_stale_the_day_after_the_setting_allows(
    monkeypatch: pytest.MonkeyPatch, snapshot: Snapshot
) -> None:
    last_fresh = flags_on(monkeypatch, snapshot, GRESILLES_FACTS + timedelta(days=365), 365)
    assert last_fresh["PANDA Grésilles"] is False
    first_stale = flags_on(monkeypatch, snapshot, GRESILLES_FACTS + timedelta(days=366), 365)
    assert first_stale["PANDA Grésilles"] is True


def test_the_setting_decides_how_old_is_too_old(
    monkeypatch: pytest.MonkeyPatch, snapshot: Snapshot
) -> None:
    today = date(2025, 7, 15)
    strict = flags_on(monkeypatch, snapshot, today, 0)
    lenient = flags_on(monkeypatch, snapshot, today, 36_500)
    assert all(strict.values())
    dated = {p.name for p in snapshot.places if p.facts_date is not None}
    assert dated and {name for name, is_stale in lenient.items() if not is_stale} == dated


def test_places_of_unknown_date_are_always_stale(
    monkeypatch: pytest.MonkeyPatch, snapshot: Snapshot
) -> None:
    flags = flags_on(monkeypatch, snapshot, date(2021, 3, 6), 36_500)
    undated = [p.name for p in snapshot.places if p.facts_date is None]
    assert undated and all(flags[name] for name in undated)


def test_the_day_is_the_paris_calendars(snapshot: Snapshot) -> None:
    flags = stale_flags(request_with(365), snapshot)
    expected = snapshot.stale_flags(clock.today_paris(), 365)
    assert flags.tolist() == expected.tolist()
