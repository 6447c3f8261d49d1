"""Idempotency-Key through `panda serve`, on a SQLite file and on PostgreSQL (marker `postgres`,
PANDA_TEST_DATABASE_URL): clients sending one key at once make one booking or one place, and a
booking whose answer was lost is retried without booking the person twice."""

import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlmodel import Session, func, select

from api.auth.keys import create_key
from api.database import make_engine
from models.access_point import AccessPoint
from models.api_key import Scope
from models.idempotency import IdempotentRequest
from models.registration import Registration
from tests.api.workshops.test_routes_read import PERSON
from tests.conftest import make_access_point
from tests.live_server import UNTHROTTLED, panda_server, temporary_database

CLIENTS = 20
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
        sessions = self.send("POST", path, self.admin, json=times | {"capacity": 10})
        assert sessions.status_code == 201, sessions.text
        return int(sessions.json()["items"][0]["id"])

    def book(self, session_id: int, key: str, **fields: Any) -> httpx.Response:
        headers = self.counsellor | {"Idempotency-Key": key}
        path = f"/v1/sessions/{session_id}/registrations"
        return self.send("POST", path, headers, json=PERSON | fields)

    def count(self, model: type[Any], **where: Any) -> int:
        engine = make_engine(self.database_url)
        try:
            with Session(engine) as session:
                query = select(func.count()).select_from(model)
                for name, value in where.items():
                    query = query.where(getattr(model, name) == value)
                return int(session.exec(query).one())
        finally:
            engine.dispose()


@contextmanager
def database(kind: str, workdir: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'panda.db'}"
        return
    server = os.environ.get("PANDA_TEST_DATABASE_URL")
    if not server:
        pytest.skip("needs PostgreSQL: set PANDA_TEST_DATABASE_URL")
    with temporary_database(server, "panda_idempotency") as url:
        yield url


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    workdir = tmp_path_factory.mktemp(f"idempotency-{request.param}")
    with database(request.param, workdir) as url, panda_server(workdir, url, **UNTHROTTLED) as base:
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


def replayed(answers: list[httpx.Response]) -> list[str | None]:
    return sorted((a.headers.get("idempotent-replayed") or "") for a in answers)


def test_clients_sending_one_key_at_once_book_one_seat(live: Live) -> None:
    session_id = live.new_session()
    answers = together(CLIENTS, lambda _n: live.book(session_id, "same-key-for-all"))
    assert [a.status_code for a in answers] == [201] * CLIENTS, [a.text for a in answers]
    assert {a.content for a in answers} == {answers[0].content}
    assert replayed(answers) == [""] + ["true"] * (CLIENTS - 1)
    assert live.count(Registration, session_id=session_id) == 1


def test_clients_sending_one_key_with_other_bodies_book_one_and_get_422s(live: Live) -> None:
    session_id = live.new_session()
    answers = together(
        CLIENTS, lambda n: live.book(session_id, "one-key-many-people", first_name=f"Personne{n}")
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [422] * (CLIENTS - 1), [a.text for a in answers]
    assert {a.json()["error"] for a in answers if a.status_code == 422} == {
        "idempotency_key_reused"
    }
    assert live.count(Registration, session_id=session_id) == 1


def test_clients_with_their_own_keys_each_book(live: Live) -> None:
    session_id = live.new_session()
    answers = together(CLIENTS, lambda n: live.book(session_id, f"own-key-{n}"))
    assert [a.status_code for a in answers] == [201] * CLIENTS
    assert live.count(Registration, session_id=session_id) == CLIENTS


def test_clients_creating_one_place_with_one_key_at_once_make_one_place(live: Live) -> None:
    place = make_access_point(source="city", source_id="idem-1").model_dump(mode="json")
    headers = live.admin | {"Idempotency-Key": "one-place"}
    answers = together(
        CLIENTS, lambda _n: live.send("POST", "/v1/access-points", headers, json=place)
    )
    assert [a.status_code for a in answers] == [201] * CLIENTS, [a.text for a in answers]
    assert {(a.content, a.headers["etag"], a.headers["location"]) for a in answers} == {
        (answers[0].content, answers[0].headers["etag"], answers[0].headers["location"])
    }
    assert replayed(answers) == [""] + ["true"] * (CLIENTS - 1)
    assert live.count(AccessPoint, source_id="idem-1") == 1


@contextmanager
def unanswered(
    base: str, path: str, headers: dict[str, str], body: dict[str, Any]
) -> Iterator[None]:
    """Send a whole request, then (on leaving) close the connection without reading a byte of
    the answer: what a client whose connection dropped sees as an error."""
    address = urlsplit(base)
    payload = json.dumps(body).encode()
    lines = [f"POST {path} HTTP/1.1", f"Host: {address.netloc}", "Connection: close"]
    lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    with socket.create_connection((address.hostname, address.port), timeout=TIMEOUT_S) as sock:
        sock.sendall("\r\n".join(lines).encode() + b"\r\n\r\n" + payload)
        yield


def test_booking_whose_answer_was_lost_retried_with_its_key_books_once(live: Live) -> None:
    session_id = live.new_session()
    headers = live.counsellor | {"Idempotency-Key": "lost-answer"}
    with unanswered(live.base, f"/v1/sessions/{session_id}/registrations", headers, PERSON):
        deadline = time.monotonic() + 10
        while live.count(Registration, session_id=session_id) == 0:
            assert time.monotonic() < deadline, "the booking sent was never stored"
            time.sleep(0.05)
    retried = live.book(session_id, "lost-answer")
    assert (retried.status_code, retried.headers["idempotent-replayed"]) == (201, "true")
    assert retried.json()["registration"]["first_name"] == "Nadia"
    assert live.count(Registration, session_id=session_id) == 1
    assert live.count(IdempotentRequest, status_code=201) >= 1
