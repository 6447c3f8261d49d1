"""Seats under concurrency, through `panda serve` (SQLite file, or PostgreSQL when
PANDA_TEST_DATABASE_URL is set): a session never holds more registrations than its capacity,
the waiting list keeps its order, and a freed seat goes to the first waiting."""

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, select

from api.auth.keys import create_key
from api.database import make_engine
from models.api_key import Scope
from models.workshop_audit import WorkshopAuditEntry
from tests.live_server import UNTHROTTLED, panda_server, server_database

BOOKERS = 50
CAPACITY = 10
TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Live:
    """The running server, an admin key, a counsellor's key, and the server's database."""

    base: str
    admin: dict[str, str]
    counsellor: dict[str, str]
    database_url: str

    def send(self, method: str, path: str, key: dict[str, str], **kw: Any) -> httpx.Response:
        return httpx.request(method, self.base + path, headers=key, timeout=TIMEOUT_S, **kw)

    def new_session(self) -> int:
        place_id = self.send("GET", "/v1/access-points", {}).json()["items"][0]["id"]
        workshop = {"title": "Je recherche, je me connecte", "organiser_id": place_id}
        created = self.send(
            "POST", "/v1/workshops", self.admin, json=workshop | {"venue_id": place_id}
        )
        assert created.status_code == 201, created.text
        times = {"starts_at": "2030-03-19T10:00:00", "ends_at": "2030-03-19T12:00:00"}
        path = f"/v1/workshops/{created.json()['id']}/sessions"
        sessions = self.send("POST", path, self.admin, json=times | {"capacity": CAPACITY})
        assert sessions.status_code == 201, sessions.text
        return int(sessions.json()["items"][0]["id"])

    def book(self, session_id: int, n: int) -> httpx.Response:
        person = {
            "first_name": f"Personne{n}",
            "last_initial": "B",
            "counsellor_name": "Claire Martin",
            "counsellor_agency": "France Travail Dijon Ouest",
            "consent": True,
        }
        return self.send(
            "POST", f"/v1/sessions/{session_id}/registrations", self.counsellor, json=person
        )

    def registrations(self, session_id: int) -> list[dict[str, Any]]:
        listed = self.send("GET", f"/v1/sessions/{session_id}/registrations", self.admin)
        assert listed.status_code == 200, listed.text
        rows: list[dict[str, Any]] = listed.json()
        return rows


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    workdir = tmp_path_factory.mktemp("workshop-concurrency")
    with server_database(workdir) as url, panda_server(workdir, url, **UNTHROTTLED) as base:
        engine = make_engine(url)
        with Session(engine) as session:
            _a, admin = create_key(session, "admin-test", [Scope.ADMIN])
            _c, counsellor = create_key(session, "counsellor-test", [Scope.REGISTER])
        engine.dispose()
        keys = {"Authorization": f"Bearer {admin}"}, {"Authorization": f"Bearer {counsellor}"}
        yield Live(base, *keys, url)


def together(count: int, send: Callable[[int], httpx.Response]) -> list[httpx.Response]:
    """Run `send(0)` ... `send(count - 1)` in threads released at the same moment."""
    barrier = threading.Barrier(count, timeout=TIMEOUT_S)

    def task(n: int) -> httpx.Response:
        barrier.wait()
        return send(n)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(task, range(count)))


def by_status(rows: list[dict[str, Any]], status: str) -> list[dict[str, Any]]:
    return [row for row in rows if row["status"] == status]


def test_fifty_concurrent_bookings_fill_ten_seats_and_queue_forty_in_order(live: Live) -> None:
    session_id = live.new_session()
    answers = together(BOOKERS, lambda n: live.book(session_id, n))
    assert [a.status_code for a in answers] == [201] * BOOKERS
    rows = live.registrations(session_id)
    registered, waiting = by_status(rows, "registered"), by_status(rows, "waiting")
    assert (len(registered), len(waiting)) == (CAPACITY, BOOKERS - CAPACITY)
    # First come, first served: positions 1..40 in the order the bookings were stored.
    assert [r["waiting_position"] for r in waiting] == list(range(1, BOOKERS - CAPACITY + 1))
    assert max(r["id"] for r in registered) < min(r["id"] for r in waiting)
    told = sorted(a.json()["registration"]["waiting_position"] or 0 for a in answers)
    assert told == [0] * CAPACITY + list(range(1, BOOKERS - CAPACITY + 1))
    seats = live.send("GET", f"/v1/sessions/{session_id}", {}).json()
    assert (seats["registered"], seats["waiting"], seats["seats_left"]) == (10, 40, 0)

    cancelled = live.send(
        "POST", f"/v1/registrations/{registered[0]['id']}/cancel", live.counsellor
    )
    assert cancelled.json()["promoted"] == [waiting[0]["id"]]
    after = live.registrations(session_id)
    assert len(by_status(after, "registered")) == CAPACITY
    assert [r["id"] for r in by_status(after, "waiting")] == [r["id"] for r in waiting[1:]]
    assert [r["waiting_position"] for r in by_status(after, "waiting")] == list(range(1, 40))


def test_concurrent_cancellations_promote_exactly_as_many_in_order(live: Live) -> None:
    session_id = live.new_session()
    for n in range(CAPACITY + 15):
        assert live.book(session_id, n).status_code == 201
    rows = live.registrations(session_id)
    registered, waiting = by_status(rows, "registered"), by_status(rows, "waiting")
    answers = together(
        CAPACITY,
        lambda n: live.send("POST", f"/v1/registrations/{registered[n]['id']}/cancel", live.admin),
    )
    assert [a.status_code for a in answers] == [200] * CAPACITY
    promoted = sorted(p for a in answers for p in a.json()["promoted"])
    assert promoted == sorted(r["id"] for r in waiting[:CAPACITY])
    after = live.registrations(session_id)
    assert len(by_status(after, "registered")) == CAPACITY
    assert [r["waiting_position"] for r in by_status(after, "waiting")] == [1, 2, 3, 4, 5]


def test_concurrent_capacity_cut_and_bookings_never_overfill(live: Live) -> None:
    session_id = live.new_session()
    for n in range(6):
        assert live.book(session_id, n).status_code == 201

    def send(n: int) -> httpx.Response:
        if n == 0:
            return live.send(
                "PATCH", f"/v1/sessions/{session_id}", live.admin, json={"capacity": 8}
            )
        return live.book(session_id, 100 + n)

    answers = together(10, send)
    assert answers[0].status_code in (200, 409)
    capacity = live.send("GET", f"/v1/sessions/{session_id}", {}).json()["capacity"]
    rows = live.registrations(session_id)
    assert len(by_status(rows, "registered")) == capacity
    assert len(by_status(rows, "waiting")) == 6 + 9 - capacity


def test_concurrent_workshop_edits_each_audited_against_the_version_they_replaced(
    live: Live,
) -> None:
    session_id = live.new_session()
    workshop_id = live.send("GET", f"/v1/sessions/{session_id}", {}).json()["workshop_id"]
    answers = together(
        10,
        lambda n: live.send(
            "PATCH", f"/v1/workshops/{workshop_id}", live.admin, json={"capacity": 11 + n}
        ),
    )
    assert [a.status_code for a in answers] == [200] * 10
    engine = make_engine(live.database_url)
    with Session(engine) as session:
        entries = session.exec(
            select(WorkshopAuditEntry)
            .where(WorkshopAuditEntry.workshop_id == workshop_id)
            .where(WorkshopAuditEntry.session_id == None)  # noqa: E711
            .order_by(col(WorkshopAuditEntry.id))
        ).all()
    engine.dispose()
    changes = [e.changes["capacity"] for e in entries if e.action == "update"]
    assert len(changes) == 10
    assert changes[0]["before"] == 10
    assert all(a["after"] == b["before"] for a, b in pairwise(changes))
    final = live.send("GET", f"/v1/workshops/{workshop_id}", {}).json()["capacity"]
    assert final == changes[-1]["after"]


def test_concurrent_series_creation_stores_every_session(live: Live) -> None:
    session_id = live.new_session()
    workshop_id = live.send("GET", f"/v1/sessions/{session_id}", {}).json()["workshop_id"]
    path = f"/v1/workshops/{workshop_id}/sessions"
    answers = together(
        8,
        lambda n: live.send(
            "POST",
            path,
            live.admin,
            json={
                "starts_at": f"2031-01-{n + 1:02d}T10:00:00",
                "ends_at": f"2031-01-{n + 1:02d}T12:00:00",
                "rrule": "FREQ=MONTHLY;COUNT=3",
            },
        ),
    )
    assert [a.status_code for a in answers] == [201] * 8
    ids = [item["id"] for a in answers for item in a.json()["items"]]
    assert len(set(ids)) == 24
    listed = live.send("GET", f"/v1/workshops/{workshop_id}", {}).json()["next_sessions"]
    assert {s["id"] for s in listed} >= set(ids)
