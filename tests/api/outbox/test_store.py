"""Claims and outcomes (api/outbox/store.py): one row per recipient at a time, a lease that
another sender respects and that a killed sender's rows outlive, backoff, parking, expiry."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text, update
from sqlmodel import Session, col, select

from api.outbox.enqueue import enqueue_email, enqueue_event
from api.outbox.store import (
    EXPIRED,
    Backoff,
    claim,
    expire,
    record_failure,
    record_sent,
)
from models.outbox import Channel, DeliveryState, OutboxMessage

NOW = datetime(2027, 3, 16, 9, 0, tzinfo=UTC)
BACKOFF = Backoff(base_s=60, max_s=3600, max_attempts=3)


def queue(engine: Engine, *addresses: str) -> None:
    with Session(engine) as session:
        for n, address in enumerate(addresses):
            enqueue_email(session, to=address, subject="s", text="t", kind="k", dedupe_key=f"{n}")
        session.execute(update(OutboxMessage).values(created_at=NOW, next_attempt_at=NOW))
        session.commit()


def take(engine: Engine, now: datetime = NOW, limit: int = 10) -> list[int]:
    claimed = claim(
        engine, now=now, limit=limit, lease_s=60, channels=[Channel.EMAIL], retention_days=30
    )
    return [d.id for d in claimed]


def row(engine: Engine, row_id: int) -> OutboxMessage:
    with Session(engine) as session:
        found = session.get(OutboxMessage, row_id)
        assert found is not None
        return found


def test_claim_takes_the_oldest_row_of_each_recipient_only(file_engine: Engine) -> None:
    queue(file_engine, "a@example.org", "b@example.org", "A@example.org", "c@example.org")
    assert take(file_engine) == [1, 2, 4]
    record_sent(file_engine, 1, NOW)
    assert take(file_engine) == [3]  # a's second notice, once the first has left


def test_claim_leaves_rows_another_sender_holds_until_its_lease_ends(file_engine: Engine) -> None:
    queue(file_engine, "a@example.org")
    assert take(file_engine) == [1]
    assert take(file_engine, NOW + timedelta(seconds=59)) == []
    # The sender that claimed it was killed: past the lease the row is taken again.
    assert take(file_engine, NOW + timedelta(seconds=61)) == [1]


def test_claim_respects_the_limit_the_channels_and_next_attempt(file_engine: Engine) -> None:
    queue(file_engine, "a@example.org", "b@example.org", "c@example.org")
    assert take(file_engine, limit=2) == [1, 2]
    webhooks = claim(
        file_engine, now=NOW, limit=5, lease_s=60, channels=[Channel.WEBHOOK], retention_days=30
    )
    assert webhooks == []
    assert take(file_engine, NOW - timedelta(seconds=1)) == []


def test_claim_skips_held_events_and_rows_past_retention(file_engine: Engine) -> None:
    queue(file_engine, "a@example.org")
    with Session(file_engine) as session:
        enqueue_event(session, event="place.changed", payload={}, dedupe_key="p")
        session.commit()
    assert (
        claim(
            file_engine,
            now=NOW + timedelta(days=31),
            limit=5,
            lease_s=60,
            channels=[Channel.EMAIL, Channel.WEBHOOK],
            retention_days=30,
        )
        == []
    )


def test_record_sent_wipes_the_personal_fields(file_engine: Engine) -> None:
    queue(file_engine, "a@example.org")
    take(file_engine)
    record_sent(file_engine, 1, NOW)
    sent = row(file_engine, 1)
    assert (sent.state, sent.recipient, sent.body, sent.claimed_until, sent.sent_at) == (
        DeliveryState.SENT,
        None,
        None,
        None,
        NOW,
    )


def test_record_failure_backs_off_exponentially_then_parks(file_engine: Engine) -> None:
    queue(file_engine, "a@example.org")
    waits = []
    for attempt in (1, 2):
        state = record_failure(file_engine, 1, NOW, "HTTP 500", BACKOFF)
        assert state == DeliveryState.PENDING
        waits.append((row(file_engine, 1).next_attempt_at - NOW).total_seconds())
        assert 30 * 2 ** (attempt - 1) <= waits[-1] <= 60 * 2 ** (attempt - 1)
    assert record_failure(file_engine, 1, NOW, "HTTP 500", BACKOFF) == DeliveryState.DEAD
    parked = row(file_engine, 1)
    assert (parked.attempts, parked.last_error, parked.recipient) == (
        3,
        "HTTP 500",
        "a@example.org",
    )


def test_record_failure_never_undoes_a_delivery(file_engine: Engine) -> None:
    queue(file_engine, "a@example.org")
    record_sent(file_engine, 1, NOW)
    assert record_failure(file_engine, 1, NOW, "late", BACKOFF) == DeliveryState.SENT
    assert row(file_engine, 1).state == DeliveryState.SENT


def test_backoff_grows_to_its_ceiling_with_jitter() -> None:
    delays = [BACKOFF.delay_s(n) for n in (1, 2, 3, 10, 20)]
    assert 30 <= delays[0] <= 60 and 60 <= delays[1] <= 120 and 120 <= delays[2] <= 240
    assert all(1800 <= d <= 3600 for d in delays[3:])


def test_expire_parks_old_rows_deletes_held_ones_and_wipes(file_engine: Engine) -> None:
    queue(file_engine, "a@example.org", "b@example.org")
    with Session(file_engine) as session:
        enqueue_event(session, event="place.changed", payload={}, dedupe_key="p")
        session.execute(update(OutboxMessage).values(created_at=NOW))
        session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id) == 2)
            .values(created_at=NOW + timedelta(days=2))
        )
        session.commit()
        parked = expire(session, NOW + timedelta(days=1), NOW + timedelta(days=1))
        session.commit()
        rows = list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))
    assert parked == 1
    assert [(r.id, r.state, r.last_error, r.recipient) for r in rows] == [
        (1, DeliveryState.DEAD, EXPIRED, None),
        (2, DeliveryState.PENDING, None, "b@example.org"),
    ]


@pytest.mark.postgres
def test_claim_skips_rows_locked_by_another_transaction(file_engine: Engine) -> None:
    """SKIP LOCKED: a claim never waits for, nor takes, a row another claim has locked."""
    if file_engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: set PANDA_TEST_DATABASE_URL")
    queue(file_engine, "a@example.org", "b@example.org")
    locked = threading.Event()
    release = threading.Event()

    def hold_first_row() -> None:
        with file_engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT id FROM outbox_message WHERE id = 1 FOR UPDATE"))
            locked.set()
            release.wait(10)

    holder = threading.Thread(target=hold_first_row)
    holder.start()
    locked.wait(10)
    try:
        assert take(file_engine) == [2]
    finally:
        release.set()
        holder.join()
