"""api/deps.py: what the routes are given. The runtime the lifespan built, its settings and
geocoding service, the read model's current snapshot (the same object for a whole request,
a new one after a write) and a session on the runtime's engine, closed after the answer."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from api.deps import GeocodingDep, RuntimeDep, SessionDep, SettingsDep, SnapshotDep
from models.access_point import AccessPoint
from tests.conftest import bearer, make_key

SEEN: dict[str, Any] = {}


def probe_app(runtime: object) -> FastAPI:
    """An app whose routes report what each dependency gave them."""
    app = FastAPI()
    app.state.runtime = runtime

    @app.get("/runtime")
    async def runtime_route(runtime: RuntimeDep, settings: SettingsDep) -> dict[str, Any]:
        SEEN["runtime"], SEEN["settings"] = runtime, settings
        return {"stale_after_days": settings.stale_after_days}

    @app.get("/snapshot")
    async def snapshot_route(first: SnapshotDep, geocoding: GeocodingDep) -> dict[str, Any]:
        SEEN["snapshot"], SEEN["geocoding"] = first, geocoding
        return {"version": first.version, "places": len(first)}

    @app.get("/places")
    def places_route(session: SessionDep) -> dict[str, Any]:
        SEEN["session"] = session
        return {"count": session.exec(select(func.count()).select_from(AccessPoint)).one()}

    return app


@pytest.fixture
def app_client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(seed=True, stale_after_days=90)


@pytest.fixture
def probe(app_client: TestClient) -> TestClient:
    SEEN.clear()
    return TestClient(probe_app(app_client.app.state.runtime))  # type: ignore[attr-defined]


def test_runtime_and_settings_are_the_ones_the_lifespan_built(
    app_client: TestClient, probe: TestClient
) -> None:
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    assert probe.get("/runtime").json() == {"stale_after_days": 90}
    assert SEEN["runtime"] is runtime
    assert SEEN["settings"] is runtime.settings


def test_the_snapshot_is_the_read_models_current_one(
    app_client: TestClient, probe: TestClient
) -> None:
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    answer = probe.get("/snapshot").json()
    assert answer == {"version": runtime.read_model.current.version, "places": 68}
    assert SEEN["snapshot"] is runtime.read_model.current
    assert SEEN["geocoding"] is runtime.geocoding


def test_a_write_gives_later_requests_a_newer_snapshot(
    app_client: TestClient, probe: TestClient
) -> None:
    before = probe.get("/snapshot").json()
    first = SEEN["snapshot"]
    probe.get("/snapshot")
    assert SEEN["snapshot"] is first  # nothing changed: the same object
    place = app_client.get("/v1/access-points", params={"q": "PANDA Grésilles"}).json()
    place_id = place["items"][0]["id"]
    url = f"/v1/access-points/{place_id}"
    key = bearer(make_key(app_client, "write"))
    etag = app_client.get(url).headers["etag"]
    patched = app_client.patch(
        url, json={"phone": "+33380488415"}, headers=key | {"If-Match": etag}
    )
    assert patched.status_code == 200, patched.text
    after = probe.get("/snapshot").json()
    assert after["version"] == before["version"] + 1
    assert SEEN["snapshot"] is not first
    assert first.version == before["version"]  # the old snapshot was left as it was


def test_the_session_reads_the_runtimes_database_and_is_closed_after(
    app_client: TestClient, probe: TestClient
) -> None:
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    assert probe.get("/places").json() == {"count": 68}
    session: Session = SEEN["session"]
    assert session.get_bind() is runtime.engine
    assert not session.in_transaction()
    assert list(session.identity_map.values()) == []
