"""No read path writes (issue 17): every GET answers while a writer holds SQLite's lock, no GET
sends a statement that changes data, and loading sessions leaves the ORM session clean."""

import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlmodel import Session

from api.app import create_app
from api.settings import Settings
from api.workshops.queries import seat_counts, sessions_between, sessions_of
from api.workshops.session_board import SessionBoard, board_of
from models.opening_hours import PARIS
from models.workshop import Workshop, WorkshopSession
from tests.api.transit.test_in_answers import import_feed
from tests.app_routes import get_paths
from tests.conftest import bearer, make_key
from tests.transit_feed import divia_feed

ADDRESS = "14 rue Camille Claudel 21000 Dijon"
HERE = "lat=47.3216&lon=5.0415"
# Queries each route is read with ("" is the bare route; a route not listed is read bare): the
# ones a route needs to answer 200, and the variants that take other paths through the reads.
QUERIES = {
    "/v1/access-points": ["", "?format=geojson&size=5"],
    "/v1/access-points/search": [f"?address={ADDRESS}"],
    "/v1/access-points/nearest": [f"?{HERE}", f"?{HERE}&workshop_within_days=30"],
    "/v1/access-points/{access_point_id}/week": ["", "?start=2025-07-14"],
    "/v1/geocode": ["?q=14 rue Camille Claudel"],
    "/embed": [f"?address={ADDRESS}", f"?address={ADDRESS}&limit=5&equipment=printer"],
    "/v1/sessions": [
        "",
        "?format=geojson",
        f"?{HERE}&sort=distance&seats_available=true",
        f"?address={ADDRESS}&commune=Dijon&topic=recherche d'emploi",
    ],
    "/v1/workshops": ["", "?commune=Dijon"],
    "/v1/stale": ["", "?page=2"],
    "/v1/map/outlines": ["?west=4.9&south=47.2&east=5.2&north=47.4"],
}
NAMES = {
    "/static/{name}": "counsellor.css",
    "/static/docs/{name}": "swagger-ui.css",
    "/static/leaflet/{name}": "leaflet.js",
}
# The one GET that writes, on purpose: a list of people's names and phones records who read
# it (RegistrationListRead), for the city's accountability. It needs a key, so it is not a
# public read; under a writer's lock it waits like any write.
RECORDED_READS = {"/v1/sessions/{session_id}/registrations": "INSERT INTO registration_list_read"}
# A key's and a steward link's requests count in the rate limits' shared storage: on PostgreSQL
# an UNLOGGED table, one autocommitted statement, and the limiter fails open when it cannot
# count (api.http.rate_limits). Public reads count in this process's memory (RATE_LIMIT_SHARED_READS
# is off by default), so they send none.
KEY_COUNTER = "INSERT INTO rate_limit_counter"
PERSON = {
    "first_name": "Nadia",
    "last_initial": "B",
    "phone": "06 12 34 56 78",
    "counsellor_name": "Claire Martin",
    "counsellor_agency": "France Travail Dijon Ouest",
    "consent": True,
}
# What a read may send: SELECT, and on SQLite the PRAGMAs of a new connection. Anything else
# (INSERT, UPDATE, DELETE, SELECT … FOR UPDATE) writes or locks.
_READ = re.compile(r"^\s*(SELECT|PRAGMA)\b(?!.*\bFOR\s+(NO\s+KEY\s+)?UPDATE\b)", re.I | re.S)


class Walk:
    """An app holding the seed, a workshop of three sessions (one cancelled), a booking and a
    steward link; every GET route of it with real ids."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.admin = bearer(make_key(client, "admin"))
        self.place = int(client.get("/v1/access-points?size=1").json()["items"][0]["id"])
        self.workshop = self._post("/v1/workshops", _workshop(self.place))["id"]
        # Soon, so that the board, the listings and the calendars all show them.
        starts = (datetime.now(PARIS) + timedelta(days=2)).replace(hour=10, minute=0)
        times = {
            "starts_at": starts.replace(tzinfo=None, microsecond=0).isoformat(),
            "ends_at": (starts + timedelta(hours=2))
            .replace(tzinfo=None, microsecond=0)
            .isoformat(),
            "rrule": "FREQ=WEEKLY;COUNT=3",
        }
        sessions = self._post(f"/v1/workshops/{self.workshop}/sessions", times)["items"]
        self.session = sessions[0]["id"]
        cancel = {"status": "cancelled", "cancel_reason": "Salle indisponible"}
        cancelled = client.patch(
            f"/v1/sessions/{sessions[2]['id']}", headers=self.admin, json=cancel
        )
        assert cancelled.status_code == 200, cancelled.text
        counsellor = bearer(make_key(client, "register"))
        path = f"/v1/sessions/{self.session}/registrations"
        booked = client.post(path, headers=counsellor, json=PERSON)
        assert booked.status_code == 201, booked.text
        link = {"access_point_id": self.place, "steward_name": "Camille Martin"}
        self.token = self._post("/v1/stewards", link)["url"].rsplit("/", 1)[-1]
        # The transit layers answer 404 until a feed is imported: import the fixture's.
        with tempfile.TemporaryDirectory() as folder:
            import_feed(client, divia_feed(Path(folder) / "divia.zip"))
        reported = client.post(f"/v1/access-points/{self.place}/reports", json={"kind": "hours"})
        assert reported.status_code == 202, reported.text
        self.keyed = _keyed_reads(client.app.openapi())  # type: ignore[attr-defined]

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        answer = self.client.post(path, headers=self.admin, json=body)
        assert answer.status_code == 201, answer.text
        return answer.json()

    def urls(self) -> list[tuple[str, str]]:
        """(route, URL) of every GET route of the app, with each of its queries."""
        values = {
            "access_point_id": str(self.place),
            "workshop_id": str(self.workshop),
            "session_id": str(self.session),
            "token": self.token,
            "name": "{name}",
            "report_id": "1",
        }
        app = self.client.app
        return [
            (route, path.replace("{name}", NAMES.get(route, "")) + query)
            for route, path in get_paths(app, values)  # type: ignore[arg-type]
            for query in QUERIES.get(route, [""])
        ]

    def get(self, route: str, url: str, **headers: str) -> Any:
        """GET with the admin key where the route documents a 401 (it needs one)."""
        return self.client.get(
            url, headers={**headers, **(self.admin if route in self.keyed else {})}
        )


def _workshop(place: int) -> dict[str, Any]:
    return {
        "title": "Je recherche, je me connecte",
        "organiser_id": place,
        "venue_id": place,
        "services": ["Insertion professionnelle via le numérique"],
        "topics": ["recherche d'emploi"],
    }


def _keyed_reads(document: dict[str, Any]) -> set[str]:
    return {
        path
        for path, operations in document["paths"].items()
        if "401" in operations.get("get", {}).get("responses", {})
    }


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement the engine sends while the block runs."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def writes(sent: list[str]) -> list[str]:
    """The statements that are not plain reads, shortened for a readable failure."""
    return [" ".join(s.split())[:80] for s in sent if not _READ.match(s)]


@contextmanager
def writer_holding_the_lock(database: Path) -> Iterator[None]:
    """Another connection holds SQLite's write lock (as an import does) while the block runs."""
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        writer.rollback()
        writer.close()


def test_every_get_answers_while_a_writer_holds_sqlites_lock(tmp_path: Path) -> None:
    database = tmp_path / "panda.db"
    settings = Settings(
        database_url=f"sqlite:///{database}",
        load_seed_when_empty=True,
        snapshot_refresh_s=3600,
        # Counters in memory (the default on SQLite, which cannot hold them): none is a write.
        rate_limit_storage="memory",
    )
    with TestClient(create_app(settings)) as client:
        walk = Walk(client)
        runtime = client.app.state.runtime  # type: ignore[attr-defined]
        urls = [(r, u) for r, u in walk.urls() if r not in RECORDED_READS]
        answers: dict[str, int] = {}
        with writer_holding_the_lock(database), statements(runtime.engine) as sent:
            # The lock is real: a write would wait for it.
            with (
                closing(sqlite3.connect(database, timeout=0)) as other,
                pytest.raises(sqlite3.OperationalError, match="locked"),
            ):
                other.execute("BEGIN IMMEDIATE")
            for route, url in urls:
                answer = walk.get(route, url)
                answers[url] = answer.status_code
                if "etag" in answer.headers:
                    again = walk.get(route, url, **{"If-None-Match": answer.headers["etag"]})
                    answers[f"{url} (If-None-Match)"] = again.status_code
            assert {url: status for url, status in answers.items() if status >= 400} == {}
            # The pollers of this process reload while the writer holds on, too.
            board_of(client.app).refresh(runtime.engine)  # type: ignore[arg-type]
            runtime.read_model.refresh()
    assert writes(sent) == []
    assert board_of(client.app).sessions(walk.place)  # type: ignore[arg-type]
    # Every GET route was read, the data routes with real rows behind them.
    assert {route for route, _url in urls} >= {
        "/v1/sessions",
        "/v1/workshops",
        "/v1/access-points/{access_point_id}/history",
        "/v1/access-points/{access_point_id}/workshops.ics",
        "/v1/workshops/{workshop_id}/calendar.ics",
        "/v1/stale",
        "/v1/communes",
        "/embed",
    }


def test_no_get_sends_a_statement_that_writes(client_factory: Callable[..., TestClient]) -> None:
    # On the suite's database: in-memory SQLite, or PostgreSQL with PANDA_TEST_DATABASE_URL.
    walk = Walk(client_factory(seed=True))
    engine = walk.client.app.state.runtime.engine  # type: ignore[attr-defined]
    found: dict[str, list[str]] = {}
    for route, url in walk.urls():
        with statements(engine) as sent:
            answer = walk.get(route, url)
        assert answer.status_code < 400, (url, answer.status_code, answer.text[:300])
        allowed = (RECORDED_READS.get(route), KEY_COUNTER if route in walk.keyed else None)
        found[url] = [w for w in writes(sent) if not w.startswith(tuple(filter(None, allowed)))]
    assert {url: written for url, written in found.items() if written} == {}


def _stored_session(session: Session, starts: datetime) -> int:
    owner = Workshop(title="Atelier", organiser_id=1, venue_id=1)
    session.add(owner)
    session.flush()
    stored = WorkshopSession(
        workshop_id=owner.id or 0,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=10,
    )
    session.add(stored)
    session.commit()
    return owner.id or 0


def test_loading_sessions_and_the_board_leaves_the_session_clean(engine: Engine) -> None:
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    with Session(engine) as session:
        workshop_id = _stored_session(session, starts)
    with Session(engine) as session, statements(engine) as sent:
        rows = sessions_between(session, datetime.now(PARIS), None)
        assert (list(session.dirty), list(session.new)) == ([], [])
        seat_counts(session, [stored.id or 0 for stored, _ in rows])
        sessions_of(session, workshop_id)
        board = SessionBoard()
        board.load(session)
        assert (list(session.dirty), list(session.new)) == ([], [])
    assert writes(sent) == []
    assert [item.starts_at for item in board.sessions(1)] == [starts]
    assert rows[0][0].starts_at.tzinfo is UTC


def test_stored_moments_come_back_aware_and_compare_in_utc(engine: Engine) -> None:
    # 10:00 in Paris is 09:00 UTC (winter): a bound of 09:30 Paris time is before it.
    starts = datetime(2030, 1, 15, 10, 0, tzinfo=PARIS)
    with Session(engine) as session:
        _stored_session(session, starts)
    with Session(engine) as session:
        loaded = sessions_between(session, None, None)[0][0]
        before = sessions_between(session, None, datetime(2030, 1, 15, 9, 30, tzinfo=PARIS))
        after = sessions_between(session, None, datetime(2030, 1, 15, 10, 30, tzinfo=PARIS))
    assert (loaded.starts_at, loaded.starts_at.tzinfo) == (starts, UTC)
    assert (before, [stored.id for stored, _ in after]) == ([], [loaded.id])
