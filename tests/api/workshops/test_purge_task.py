"""The registrations' and Idempotency-Keys' purge (api/workshops/purge_task.py): what one run
deletes and keeps, what it logs (counts only, never a person), and the daily loop that
survives a failed run."""

import asyncio
import contextlib
import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from api.outbox.enqueue import enqueue_email, enqueue_sms
from api.workshops import purge_task
from api.workshops.purge_task import purge_daily, purge_now
from models.idempotency import IdempotentRequest
from models.outbox import OutboxMessage
from models.registration import Attendance, Registration
from models.workshop import WorkshopSession
from seed.purge import PurgeReport
from tests.api.workshops.conftest import Store

LOGGER = "api.workshops.purge_task"


def _engine(store: Store) -> Engine:
    engine = store.session.get_bind()
    assert isinstance(engine, Engine)
    return engine


def _key(store: Store, name: str, age: timedelta) -> None:
    store.session.add(
        IdempotentRequest(
            fingerprint=name * 64,
            request_hash="0" * 64,
            status_code=201,
            created_at=datetime.now(UTC) - age,
        )
    )
    store.session.commit()


def test_registrations_past_retention_go_and_their_counts_stay(store: Store) -> None:
    owner = store.workshop()
    now = datetime.now(UTC)
    old = store.at(owner, now - timedelta(days=40))
    recent = store.at(owner, now - timedelta(days=5))
    coming = store.at(owner, now + timedelta(days=5))
    store.registration(old, attendance=Attendance.PRESENT)
    store.registration(old, attendance=Attendance.ABSENT)
    kept = [store.registration(recent), store.registration(coming)]
    report = purge_now(_engine(store), 30)
    assert report == PurgeReport(sessions=1, registrations=2)
    with Session(_engine(store)) as fresh:
        left = fresh.exec(select(Registration.id)).all()
        purged = fresh.get(WorkshopSession, old.id)
        assert purged is not None
        counts = (purged.booked_count, purged.attended_count, purged.no_show_count)
        assert purged.purged_at is not None
    assert sorted(i or 0 for i in left) == sorted(r.id or 0 for r in kept)
    assert counts == (2, 1, 1)


def test_a_shorter_retention_takes_more(store: Store) -> None:
    owner = store.workshop()
    recent = store.at(owner, datetime.now(UTC) - timedelta(days=5))
    store.registration(recent)
    assert purge_now(_engine(store), 30) == PurgeReport(0, 0)
    assert purge_now(_engine(store), 3) == PurgeReport(1, 1)
    # A session is purged once.
    assert purge_now(_engine(store), 3) == PurgeReport(0, 0)


def test_idempotency_keys_older_than_a_day_go(store: Store) -> None:
    _key(store, "a", timedelta(hours=25))
    _key(store, "b", timedelta(hours=23))
    purge_now(_engine(store), 30)
    with Session(_engine(store)) as fresh:
        assert fresh.exec(select(IdempotentRequest.fingerprint)).all() == ["b" * 64]


def test_the_log_tells_counts_only(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    old = store.at(store.workshop(), datetime.now(UTC) - timedelta(days=40))
    store.registration(old, first_name="Nadia")
    store.registration(old, first_name="Sami")
    _key(store, "a", timedelta(days=2))
    with caplog.at_level(logging.INFO, logger=LOGGER):
        purge_now(_engine(store), 30)
    messages = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert messages == [
        "purge: 1 idempotency keys older than a day deleted",
        "purge: 2 registrations of 1 sessions deleted",
    ]
    assert not any(name in caplog.text for name in ("Nadia", "Sami", "Claire Martin"))


def test_nothing_to_purge_logs_nothing(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    store.registration(store.at(store.workshop(), datetime.now(UTC) + timedelta(days=1)))
    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert purge_now(_engine(store), 30) == PurgeReport(0, 0)
    assert [r for r in caplog.records if r.name == LOGGER] == []


def test_the_daily_loop_survives_a_failed_run(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    runs: list[tuple[Engine, int]] = []
    second = threading.Event()

    def purge(engine: Engine, retention_days: int) -> PurgeReport:
        runs.append((engine, retention_days))
        if len(runs) == 1:
            raise RuntimeError("disk full")
        second.set()
        return PurgeReport(0, 0)

    monkeypatch.setattr(purge_task, "purge_now", purge)

    async def run() -> None:
        task = asyncio.create_task(purge_daily(_engine(store), 12, interval_s=0.001))
        for _ in range(2000):
            if second.is_set():
                break
            await asyncio.sleep(0.001)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    with caplog.at_level(logging.ERROR, logger=LOGGER):
        asyncio.run(run())
    assert second.is_set()
    assert runs[:2] == [(_engine(store), 12), (_engine(store), 12)]
    [failure] = [r for r in caplog.records if r.name == LOGGER]
    assert failure.getMessage() == "registration purge failed"
    assert failure.exc_info is not None and str(failure.exc_info[1]) == "disk full"


def test_the_daily_loop_waits_its_interval_before_the_first_run(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The lifespan purges at start-up; the loop's first run is a day later.
    runs: list[int] = []
    monkeypatch.setattr(purge_task, "purge_now", lambda engine, days: runs.append(days))

    async def run() -> None:
        task = asyncio.create_task(purge_daily(_engine(store), 30))
        await asyncio.sleep(0.05)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(run())
    assert runs == []


def test_the_purge_wipes_the_outbox_past_retention(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    session = store.session
    enqueue_email(
        session, to="camille@example.org", subject="s", text="t", kind="k", dedupe_key="old"
    )
    enqueue_sms(session, phone="+33612345678", text="t", kind="k", dedupe_key="held")
    session.execute(update(OutboxMessage).values(created_at=datetime.now(UTC) - timedelta(days=31)))
    enqueue_email(session, to="lea@example.org", subject="s", text="t", kind="k", dedupe_key="new")
    session.commit()
    with caplog.at_level(logging.INFO, logger=LOGGER):
        purge_now(_engine(store), 30)
    session.expire_all()
    rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    assert [(r.dedupe_key, r.state, r.recipient, r.body) for r in rows] == [
        ("old|email", "dead", None, None),
        ("new|email", "pending", "lea@example.org", "t"),
    ]
    assert "purge: 1 outbox notices past retention parked and wiped" in caplog.text
    assert "camille" not in caplog.text and "0612345678" not in caplog.text
