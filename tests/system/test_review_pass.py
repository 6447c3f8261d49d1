"""The review pass under `panda serve` (SQLite file, or PostgreSQL when PANDA_TEST_DATABASE_URL
is set): the server runs it every second; with 8 more passes started at once beside it, each
reachable steward of a place due for review gets exactly one reminder (an outbox e-mail whose
link opens their page) and each overdue place is told once; later passes the same day send
nothing."""

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from sqlmodel import Session, col, select

from api.database import make_engine
from api.reviews.remind import run_review
from api.settings import Settings
from api.stewards import links as stewards
from models.access_point import AccessPoint
from models.outbox import OutboxMessage
from tests.live_server import UNTHROTTLED, panda_server, server_database

STEWARDS = 4
PASSES = 8
WAIT_S = 30.0


@dataclass(frozen=True)
class Live:
    base: str
    url: str
    places: list[int]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    workdir = tmp_path_factory.mktemp("review-pass")
    with server_database(workdir) as url:
        # The schema and the seed first (a server started once), then the stewards.
        with panda_server(workdir, url, **UNTHROTTLED):
            pass
        engine = make_engine(url)
        with Session(engine) as session:
            query = select(AccessPoint.id).order_by(col(AccessPoint.id)).limit(STEWARDS)
            places = [int(i) for i in session.exec(query) if i is not None]
            for n, place_id in enumerate(places):
                stewards.issue(session, place_id, f"Intendant {n}", email=f"i{n}@example.fr")
        engine.dispose()
        env = UNTHROTTLED | {"PANDA_REVIEW_INTERVAL_S": "1"}
        with panda_server(workdir, url, **env) as base:
            yield Live(base, url, places)


def outbox(url: str, **where: str) -> list[OutboxMessage]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            query = select(OutboxMessage).order_by(col(OutboxMessage.id))
            for name, value in where.items():
                query = query.where(getattr(OutboxMessage, name) == value)
            return list(session.exec(query))
    finally:
        engine.dispose()


def test_each_steward_is_reminded_once_however_many_passes_run(live: Live) -> None:
    deadline = time.monotonic() + WAIT_S
    while len(outbox(live.url, kind="review.reminder")) < STEWARDS:
        assert time.monotonic() < deadline, "the server's pass queued no reminder"
        time.sleep(0.2)
    engine = make_engine(live.url)
    barrier = threading.Barrier(PASSES)

    def one_pass(_n: int) -> int:
        barrier.wait()
        return run_review(engine, Settings()).reminded

    try:
        with ThreadPoolExecutor(PASSES) as pool:
            assert sum(pool.map(one_pass, range(PASSES))) == 0
    finally:
        engine.dispose()
    time.sleep(2.5)  # two more of the server's own passes
    mails = outbox(live.url, kind="review.reminder")
    assert sorted(m.recipient or "" for m in mails) == [f"i{n}@example.fr" for n in range(STEWARDS)]
    due = outbox(live.url, event="review.due")
    assert len(due) == len({m.dedupe_key for m in due}) > 0


def test_the_reminders_link_opens_the_stewards_page(live: Live) -> None:
    [mail] = [m for m in outbox(live.url, kind="review.reminder") if m.recipient == "i0@example.fr"]
    [url] = [line for line in (mail.body or "").splitlines() if "/intendance/" in line]
    path = url[url.index("/intendance/") :]
    page = httpx.get(f"{live.base}{path}", timeout=10)
    assert page.status_code == 200
    assert "Intendant 0" in page.text
