"""The review pass under `panda serve` (SQLite file, or PostgreSQL when PANDA_TEST_DATABASE_URL
is set), with a real SMTP server (aiosmtpd on 127.0.0.1) behind the outbox: the server runs the
pass every second; with 8 more passes started at once beside it, each reachable steward of a
place due for review gets exactly one e-mail, whose link opens their page, and the city team one
list of the overdue places; later passes the same day send nothing."""

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
from tests.api.outbox.receivers import MailBox, smtp_server, wait_for
from tests.live_server import UNTHROTTLED, panda_server, server_database

STEWARDS = 4
PASSES = 8
WAIT_S = 30.0


@dataclass(frozen=True)
class Live:
    base: str
    url: str
    places: list[int]
    mailbox: MailBox


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
        with smtp_server() as (port, mailbox):
            env = UNTHROTTLED | {
                "PANDA_REVIEW_INTERVAL_S": "1",
                "PANDA_REVIEW_CITY_EMAIL": "ville@example.fr",
                "PANDA_PUBLIC_BASE_URL": "https://panda.example",
                "PANDA_SMTP_HOST": "127.0.0.1",
                "PANDA_SMTP_PORT": str(port),
                "PANDA_SMTP_SECURITY": "none",
                "PANDA_OUTBOX_INTERVAL_S": "0.2",
            }
            with panda_server(workdir, url, **env) as base:
                yield Live(base, url, places, mailbox)


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


def place_name(live: Live, n: int) -> str:
    answer = httpx.get(f"{live.base}/v1/access-points/{live.places[n]}", timeout=10)
    return str(answer.json()["name"])


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
    time.sleep(2.5)  # two more of the server's own passes, and the sender's
    assert len(outbox(live.url, kind="review.reminder")) == STEWARDS
    due = outbox(live.url, event="review.due")
    assert len(due) == len({m.dedupe_key for m in due}) > 0
    wait_for(lambda: len(live.mailbox.messages) == STEWARDS + 1)
    time.sleep(1.0)  # nothing more arrives
    received = sorted(rcpt for _from, rcpts in live.mailbox.envelopes for rcpt in rcpts)
    assert received == sorted([f"i{n}@example.fr" for n in range(STEWARDS)] + ["ville@example.fr"])
    [digest] = [m for m in live.mailbox.messages if m["To"] == "ville@example.fr"]
    assert str(digest["Subject"]).endswith("non vérifiés depuis plus d'un mois après leur échéance")


def test_the_emails_link_opens_the_stewards_page(live: Live) -> None:
    wait_for(lambda: any(m["To"] == "i0@example.fr" for m in live.mailbox.messages))
    [mail] = [m for m in live.mailbox.messages if m["To"] == "i0@example.fr"]
    assert mail["Subject"] == "À vérifier : les informations de " + place_name(live, 0)
    text = mail.get_content()
    [url] = [line for line in text.splitlines() if "/intendance/" in line]
    assert url.startswith("https://panda.example/intendance/st_")
    path = url[url.index("/intendance/") :]
    page = httpx.get(f"{live.base}{path}", timeout=10)
    assert page.status_code == 200
    assert "Intendant 0" in page.text
