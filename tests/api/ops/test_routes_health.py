"""GET /health and /v1/health/live (api/ops/routes_health.py): up only at the schema's head."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from api.migrations.upgrade import head_revision
from seed.loader import ACCESS_POINTS_FILE, read_seed_file
from tests.api.transit.test_in_answers import import_feed
from tests.transit_feed import divia_feed

SEED_PLACES = len(read_seed_file(ACCESS_POINTS_FILE)["access_points"])


def set_revision(client: TestClient, revision: str | None) -> None:
    engine = client.app.state.runtime.engine  # type: ignore[attr-defined]
    with engine.begin() as connection:
        if revision is None:
            connection.execute(text("DROP TABLE alembic_version"))
        else:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})


def test_health_at_head_is_ok_with_the_places_served(seeded_client: TestClient) -> None:
    response = seeded_client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "status": "ok",
        "places": SEED_PLACES,
        "data_version": body["data_version"],
        "database": "ok",
        "schema": "head",
        "revision": head_revision(),
        "head_revision": head_revision(),
        "transit": None,
    }
    assert isinstance(body["data_version"], int) and body["data_version"] >= 1


def test_an_empty_database_serves_no_place(client_factory: Callable[..., TestClient]) -> None:
    body = client_factory().get("/health").json()
    assert (body["status"], body["places"]) == ("ok", 0)


@pytest.mark.parametrize(("revision", "state"), [("0007", "behind"), ("9999", "ahead")])
def test_a_schema_not_at_head_is_503(seeded_client: TestClient, revision: str, state: str) -> None:
    set_revision(seeded_client, revision)
    response = seeded_client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["schema"]) == ("unavailable", "ok", state)
    assert (body["revision"], body["head_revision"]) == (revision, head_revision())
    assert body["places"] == SEED_PLACES  # still serving its snapshot


def test_tables_without_a_recorded_revision_read_as_release_0_1_0(
    seeded_client: TestClient,
) -> None:
    set_revision(seeded_client, None)
    response = seeded_client.get("/health")
    assert response.status_code == 503
    assert (response.json()["schema"], response.json()["revision"]) == ("behind", "0001")


@pytest.fixture
def unreachable(seeded_client: TestClient) -> Iterator[TestClient]:
    """The app, its engine swapped for one whose database cannot be opened."""
    runtime = seeded_client.app.state.runtime  # type: ignore[attr-defined]
    engine, broken = runtime.engine, create_engine("sqlite:////nonexistent-folder/panda.db")
    runtime.engine = broken
    try:
        yield seeded_client
    finally:
        runtime.engine = engine
        broken.dispose()


def test_an_unreachable_database_is_503_schema_unknown(unreachable: TestClient) -> None:
    response = unreachable.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["schema"]) == (
        "unavailable",
        "unreachable",
        "unknown",
    )
    assert body["revision"] is None
    assert body["places"] == SEED_PLACES


def test_liveness_does_not_ask_the_database(unreachable: TestClient) -> None:
    response = unreachable.get("/v1/health/live")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_head_on_health_answers_its_status(seeded_client: TestClient) -> None:
    assert seeded_client.head("/health").status_code == 200
    set_revision(seeded_client, "0007")
    response = seeded_client.head("/health")
    assert (response.status_code, response.content) == (503, b"")


def test_health_names_the_transit_feed_and_flags_an_ended_calendar(
    client_factory: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = client_factory()
    calendar = "service_id,start_date,end_date\nSEMAINE,20240101,20241231\n"
    import_feed(client, divia_feed(tmp_path / "old.zip", replace={"calendar.txt": calendar}))
    response = client.get("/health")
    assert response.status_code == 200  # flagged, still serving
    assert response.json()["transit"] == {
        "name": "Divia Mobilités",
        "end_date": "2024-12-31",
        "expired": True,
    }
