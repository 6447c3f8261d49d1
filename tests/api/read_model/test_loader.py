"""Snapshot reloads: new data is served, the geocoder is rebuilt only when addresses change."""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from api.read_model import Snapshot, holder, load_snapshot
from models.address import AddressRecord
from seed.address_import import replace_addresses
from seed.upsert import bump_data_version
from tests.conftest import bearer, make_access_point, make_key

# A real address and position (Onlineformapro Dijon in the MedNum BFC census).
GIROUD_38 = AddressRecord(
    "38", "", "Avenue Françoise Giroud", "21000", "21231", "Dijon", 47.364205, 5.049559
)


def test_edit_of_hours_keeps_the_geocoder(client_factory: Callable[..., TestClient]) -> None:
    client = client_factory(places=[make_access_point()])
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    before = runtime.read_model.current.geocoder
    place_id = client.get("/v1/access-points").json()["items"][0]["id"]
    etag = client.get(f"/v1/access-points/{place_id}").headers["etag"]
    headers = bearer(make_key(client, "write")) | {"If-Match": etag}
    client.patch(
        f"/v1/access-points/{place_id}", json={"opening_hours": "Mo 10:00-12:00"}, headers=headers
    )
    assert runtime.read_model.current.geocoder is before
    assert client.get(f"/v1/access-points/{place_id}").json()["opening_hours"] == "Mo 10:00-12:00"


def test_address_import_rebuilds_the_geocoder(client_factory: Callable[..., TestClient]) -> None:
    client = client_factory(places=[make_access_point()])
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with Session(runtime.engine) as session:
        replace_addresses(session, [GIROUD_38], None)
    runtime.read_model.refresh()
    query = {"q": "38 av Françoise Giroud Dijon"}
    item = client.get("/v1/geocode", params=query).json()["items"][0]
    assert (item["label"], item["precision"]) == (
        "38 Avenue Françoise Giroud 21000 Dijon",
        "housenumber",
    )


def test_refreshes_at_once_build_one_snapshot(
    client_factory: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_factory(places=[make_access_point()])
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    builds: list[int] = []

    def slow_load(engine: Engine, previous: Snapshot | None = None) -> Snapshot:
        builds.append(1)
        time.sleep(0.2)  # long enough for the other refresh to arrive while this one builds
        return load_snapshot(engine, previous)

    monkeypatch.setattr(holder, "load_snapshot", slow_load)
    with Session(runtime.engine) as session:
        version = bump_data_version(session)
        session.commit()
    with ThreadPoolExecutor(2) as pool:
        installed = list(pool.map(lambda _: runtime.read_model.refresh(), range(2)))
    # On PostgreSQL the change listener may be the one that installs it: still one build.
    assert (installed.count(True) <= 1, len(builds)) == (True, 1)
    assert runtime.read_model.current.version == version
