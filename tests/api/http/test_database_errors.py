"""Issue 17, items 4 and 8: a busy or gone database answers 503 with Retry-After, logged once
per incident (api/http/database_errors.py); SQLite's busy timeout is PANDA_SQLITE_BUSY_TIMEOUT_S.

In-process on a SQLite file that another connection holds with BEGIN IMMEDIATE; through
`panda serve` on SQLite the same way; through `panda serve` on PostgreSQL (marker `postgres`)
whose database is dropped under it."""

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session

from api.app import create_app
from api.auth.keys import create_key
from api.database import make_engine
from api.http.database_errors import DatabaseBusy, DatabaseUnavailable, Incidents, trouble
from api.settings import Settings
from api.stewards import links as stewards
from models.api_key import Scope
from tests.conftest import add_places, bearer, make_access_point
from tests.live_server import UNTHROTTLED, live_server, temporary_database

BUSY_DETAIL = (
    "la base de données est occupée par une autre écriture (un import, par exemple) ; "
    "réessayez dans quelques secondes"
)
GONE_DETAIL = "la base de données ne répond pas ; réessayez dans un moment"


def busy(response: Any) -> tuple[int, str | None, Any]:
    """Status, Retry-After and body (of an httpx or a TestClient answer)."""
    return response.status_code, response.headers.get("retry-after"), response.json()


@contextmanager
def writer_holding(path: Path) -> Iterator[None]:
    """Another connection holding SQLite's write lock, as an import does."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def secrets_of(url: str, place_id: int) -> tuple[str, str]:
    """An all-scope key and a steward token for this place, stored in the database at `url`."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            _key, secret = create_key(session, "probe", list(Scope))
            _link, token = stewards.issue(session, place_id, "Camille Martin")
    finally:
        engine.dispose()
    return secret, token


def writes(secret: str, token: str, place_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    """A write per family: a key-checked place write, a workshop, a steward's save."""
    key = bearer(secret) | {"If-Match": "*"}
    workshop = {"title": "Atelier", "organiser_id": place_id, "venue_id": place_id}
    return [
        ("PATCH", f"/v1/access-points/{place_id}", {"json": {"name": "Lieu"}, "headers": key}),
        ("POST", "/v1/workshops", {"json": workshop, "headers": key}),
        (
            "PUT",
            f"/v1/steward/{token}/places/{place_id}",
            {"json": {"phone": "03 80 48 84 14"}, "headers": {"If-Match": "*"}},
        ),
    ]


# -- what counts as busy or gone ------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (sqlite3.OperationalError("database is locked"), DatabaseBusy),
        (sqlite3.OperationalError("unable to open database file"), DatabaseUnavailable),
        (sqlite3.OperationalError("no such table: x"), None),
        (psycopg.errors.LockNotAvailable("lock timeout"), DatabaseBusy),
        (psycopg.OperationalError("connection refused"), DatabaseUnavailable),
        (psycopg.errors.AdminShutdown("terminating connection"), DatabaseUnavailable),
        (psycopg.errors.UniqueViolation("duplicate"), None),
        (ValueError("database is locked"), None),
    ],
)
def test_trouble_tells_busy_from_gone(error: Exception, expected: type | None) -> None:
    wrapped = DBAPIError.instance("SELECT 1", {}, error, type(error))
    assert trouble(error) is expected
    if isinstance(error, sqlite3.Error | psycopg.Error):
        assert trouble(wrapped) is expected


def test_trouble_of_an_invalidated_connection_is_gone() -> None:
    error = DBAPIError("SELECT 1", {}, Exception(), connection_invalidated=True)
    assert trouble(error) is DatabaseUnavailable
    assert trouble(IntegrityError("INSERT", {}, Exception())) is None


def test_incident_is_logged_when_it_begins_and_once_quiet(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [100.0]
    incidents = Incidents(quiet_s=3600, clock=lambda: now[0])
    error = sqlite3.OperationalError("database is locked")
    with caplog.at_level(logging.WARNING, logger="api.http.database_errors"):
        for _ in range(50):
            incidents.note("database_busy", error, "/v1/workshops")
            now[0] += 1
        now[0] += 3600
        incidents.note("database_busy", error, "/v1/workshops")
    assert [record.getMessage() for record in caplog.records] == [
        "incident base de données : database_busy (OperationalError), d'abord vu par "
        "/v1/workshops ; une ligne à sa fin",
        "fin de l'incident base de données database_busy : 50 requête(s) refusée(s) en 503 "
        "en 49.0 s",
        "incident base de données : database_busy (OperationalError), d'abord vu par "
        "/v1/workshops ; une ligne à sa fin",
    ]


def test_incident_end_is_logged_without_another_request(caplog: pytest.LogCaptureFixture) -> None:
    incidents = Incidents(quiet_s=0.05)
    with caplog.at_level(logging.WARNING, logger="api.http.database_errors"):
        incidents.note("database_unavailable", OSError(), "unmatched")
        deadline = time.monotonic() + 5
        while len(caplog.records) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    assert (
        caplog.records[-1]
        .getMessage()
        .startswith(
            "fin de l'incident base de données database_unavailable : 1 requête(s) refusée(s)"
        )
    )


def test_busy_timeout_is_a_setting_applied_to_each_sqlite_connection(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'panda.db'}", busy_timeout_s=0.25)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 250
    engine.dispose()
    assert Settings(sqlite_busy_timeout_s=1.5).sqlite_busy_timeout_s == 1.5


# -- in process, a SQLite file whose write lock another connection holds ------------------


@pytest.fixture
def locked_app(tmp_path: Path) -> Iterator[tuple[TestClient, Path, int]]:
    path = tmp_path / "panda.db"
    settings = Settings(
        database_url=f"sqlite:///{path}",
        load_seed_when_empty=False,
        snapshot_refresh_s=3600,
        sqlite_busy_timeout_s=0.2,
        rate_limit_enabled=False,
    )
    with TestClient(create_app(settings)) as client:
        add_places(client, [make_access_point(source="city", source_id="p-1")])
        place_id = client.get("/v1/access-points").json()["items"][0]["id"]
        yield client, path, place_id


def test_writes_under_a_held_write_lock_answer_503_with_retry_after(
    locked_app: tuple[TestClient, Path, int], caplog: pytest.LogCaptureFixture
) -> None:
    client, path, place_id = locked_app
    secret, token = secrets_of(f"sqlite:///{path}", place_id)
    with caplog.at_level(logging.INFO), writer_holding(path):
        answers = [
            busy(client.request(method, url, **options))
            for method, url, options in writes(secret, token, place_id)
        ]
        read = client.get(f"/v1/access-points/{place_id}")
    assert answers == [(503, "5", {"error": "database_busy", "detail": BUSY_DETAIL})] * 3
    assert read.status_code == 200
    server = [r.getMessage() for r in caplog.records if not r.name.startswith("httpx")]
    assert [m for m in server if "incident" in m] == [
        "incident base de données : database_busy (OperationalError), d'abord vu par "
        "PATCH /v1/access-points/{access_point_id} ; une ligne à sa fin"
    ]
    assert not any(token in m or secret in m or "Traceback" in m for m in server)


def test_busy_answer_speaks_english_when_asked(locked_app: tuple[TestClient, Path, int]) -> None:
    client, path, place_id = locked_app
    secret, token = secrets_of(f"sqlite:///{path}", place_id)
    method, url, options = writes(secret, token, place_id)[0]
    options["headers"] = options["headers"] | {"Accept-Language": "en"}
    with writer_holding(path):
        answer = client.request(method, url, **options)
    assert answer.json()["detail"] == (
        "the database is busy with another write (an import, say); retry in a few seconds"
    )


def test_writes_go_through_again_once_the_lock_is_released(
    locked_app: tuple[TestClient, Path, int],
) -> None:
    client, path, place_id = locked_app
    secret, token = secrets_of(f"sqlite:///{path}", place_id)
    method, url, options = writes(secret, token, place_id)[0]
    with writer_holding(path):
        assert client.request(method, url, **options).status_code == 503
    assert client.request(method, url, **options).status_code == 200


# -- through `panda serve` ----------------------------------------------------------------


def server_log(workdir: Path) -> str:
    return "\n".join(path.read_text() for path in workdir.glob("server-*.log"))


def test_served_writes_under_a_held_sqlite_lock_answer_503(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'panda.db'}"
    env = UNTHROTTLED | {"PANDA_SQLITE_BUSY_TIMEOUT_S": "0.3", "PANDA_SNAPSHOT_REFRESH_S": "0.2"}
    with live_server(tmp_path, url, **env) as server:
        place_id = httpx.get(f"{server.base}/v1/access-points").json()["items"][0]["id"]
        secret, token = secrets_of(url, place_id)
        with writer_holding(tmp_path / "panda.db"), httpx.Client(base_url=server.base) as client:
            answers = [
                busy(client.request(method, path, **options))
                for method, path, options in writes(secret, token, place_id) * 3
            ]
            reads = [client.get(path).status_code for path in ("/v1/access-points", "/health")]
            time.sleep(1)  # the pollers run under the lock too
    assert answers == [(503, "5", {"error": "database_busy", "detail": BUSY_DETAIL})] * 9
    assert reads == [200, 200]
    logged = server_log(tmp_path)
    assert logged.count("incident base de données : database_busy") == 1
    assert token not in logged and secret not in logged and "Traceback" not in logged


@pytest.mark.postgres
def test_served_routes_answer_503_once_the_postgres_database_is_gone(tmp_path: Path) -> None:
    server_url = PostgresServer.url()
    with temporary_database(server_url, "panda_gone") as url:
        env = UNTHROTTLED | {"PANDA_SNAPSHOT_REFRESH_S": "0.2"}
        with live_server(tmp_path, url, **env) as server:
            place_id = httpx.get(f"{server.base}/v1/access-points").json()["items"][0]["id"]
            secret, token = secrets_of(url, place_id)
            PostgresServer.drop(server_url, make_url(url).database or "")
            with httpx.Client(base_url=server.base, timeout=30) as client:
                started = len(server_log(tmp_path))
                gone = [
                    busy(client.request(method, path, **options))
                    for method, path, options in writes(secret, token, place_id)
                ]
                reads = [
                    busy(client.get(path, headers=bearer(secret)))
                    for path in (
                        f"/v1/access-points/{place_id}/history",
                        "/v1/sessions",
                        "/v1/stale",
                        "/v1/stewards",
                    )
                ]
                health = client.get("/health").status_code
                snapshot = client.get("/v1/access-points").status_code
                time.sleep(2)  # ten rounds of the pollers
                grown = len(server_log(tmp_path)) - started
    expected = (503, "15", {"error": "database_unavailable", "detail": GONE_DETAIL})
    assert gone == [expected] * 3
    assert [answer[:2] for answer in reads] == [(503, "15")] * 4
    assert (health, snapshot) == (503, 200)
    logged = server_log(tmp_path)
    assert token not in logged and secret not in logged
    assert grown < 4000, logged[-4000:]


class PostgresServer:
    """The PostgreSQL server of PANDA_TEST_DATABASE_URL, and a database dropped under a client."""

    @staticmethod
    def url() -> str:
        server = os.environ.get("PANDA_TEST_DATABASE_URL", "")
        if not server.startswith("postgresql"):
            pytest.skip("needs PostgreSQL: set PANDA_TEST_DATABASE_URL")
        return server

    @staticmethod
    def drop(server: str, name: str) -> None:
        conninfo = make_url(server).set(drivername="postgresql").render_as_string(False)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
