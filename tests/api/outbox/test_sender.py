"""The sender (api/outbox/sender.py) against a real SMTP server and a real HTTP receiver on
127.0.0.1: delivered once, signed, retried with backoff, parked, in order per recipient, never
blocked by a receiver that fails or hangs; on SQLite and PostgreSQL."""

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from api.outbox.enqueue import enqueue_email, enqueue_event
from api.outbox.sender import PassReport, send_pass
from api.outbox.signing import verify
from api.outbox.subscriptions import SubscriptionCreate, create
from api.settings import Settings
from models.outbox import DeliveryState, Event, OutboxMessage
from tests.api.outbox.receivers import smtp_server, webhook_receiver


def settings_for(engine: Engine, **overrides: Any) -> Settings:
    """Short timeouts and backoff, so that retries take milliseconds."""
    values: dict[str, Any] = {
        "database_url": engine.url.render_as_string(hide_password=False),
        "smtp_security": "none",
        "smtp_timeout_s": 2.0,
        "webhook_timeout_s": 0.5,
        "outbox_backoff_base_s": 0.02,
        "outbox_backoff_max_s": 0.1,
        "outbox_max_attempts": 3,
    }
    return Settings(**(values | overrides))


def subscribe(engine: Engine, url: str, *events: str) -> tuple[int, str]:
    with Session(engine) as session:
        body = SubscriptionCreate(url=url, events=[Event(e) for e in events])
        stored, secret = create(session, body, "test")
        return stored.id or 0, secret


def queue_events(engine: Engine, count: int, event: str = "session.changed") -> None:
    with Session(engine) as session:
        for n in range(count):
            enqueue_event(session, event=event, payload={"n": n}, dedupe_key=f"e{n}")
        session.commit()


def stored(engine: Engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))


def until_settled(engine: Engine, settings: Settings, passes: int = 40) -> PassReport:
    """Passes until no row is pending (backoff waits are milliseconds here)."""
    total = PassReport()
    for _ in range(passes):
        report = asyncio.run(send_pass(engine, settings))
        total.sent, total.dead = total.sent + report.sent, total.dead + report.dead
        if all(r.state != DeliveryState.PENDING for r in stored(engine)):
            return total
        time.sleep(0.05)
    raise AssertionError("rows still pending")


def test_send_pass_delivers_an_email_to_the_smtp_server_and_wipes_it(file_engine: Engine) -> None:
    with smtp_server() as (port, box):
        settings = settings_for(file_engine, smtp_host="127.0.0.1", smtp_port=port)
        with Session(file_engine) as session:
            enqueue_email(
                session,
                to="camille@example.org",
                subject="Séance annulée : Je recherche, je me connecte",
                text="Bonjour,\nla séance du mardi 16/03/2027 est annulée.",
                kind="session.cancelled",
                dedupe_key="d1",
            )
            session.commit()
        report = asyncio.run(send_pass(file_engine, settings))
    [message] = box.messages
    [row] = stored(file_engine)
    assert (report.sent, report.retried, report.dead) == (1, 0, 0)
    assert box.envelopes == [("ne-pas-repondre@localhost", ["camille@example.org"])]
    assert message["Subject"] == "Séance annulée : Je recherche, je me connecte"
    assert message["Idempotency-Key"] == row.idempotency_key
    assert message["Message-ID"] == f"<{row.idempotency_key}@panda-finder>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content() == "Bonjour,\r\nla séance du mardi 16/03/2027 est annulée.\r\n"
    assert (row.state, row.attempts, row.recipient, row.body, row.recipient_key) == (
        DeliveryState.SENT,
        1,
        None,
        None,
        "wiped",
    )
    assert row.sent_at is not None and row.wiped_at is not None


def test_send_pass_leaves_emails_pending_without_an_smtp_server(file_engine: Engine) -> None:
    with Session(file_engine) as session:
        enqueue_email(session, to="a@example.org", subject="s", text="t", kind="k", dedupe_key="d")
        session.commit()
    report = asyncio.run(send_pass(file_engine, settings_for(file_engine)))
    [row] = stored(file_engine)
    assert (report.sent, row.state, row.attempts, row.recipient) == (
        0,
        DeliveryState.PENDING,
        0,
        "a@example.org",
    )


def test_send_pass_signs_each_webhook_over_its_exact_body(file_engine: Engine) -> None:
    with webhook_receiver() as receiver:
        _sid, secret = subscribe(file_engine, receiver.url, "session.changed")
        queue_events(file_engine, 3)
        report = asyncio.run(send_pass(file_engine, settings_for(file_engine)))
    assert report.sent == 3
    rows = stored(file_engine)
    assert [c.headers["Idempotency-Key"] for c in receiver.calls] == [
        r.idempotency_key for r in rows
    ]
    for call in receiver.calls:
        body = orjson.loads(call.body)
        assert verify(secret, call.body, call.headers["X-Panda-Signature"])
        assert not verify("whsec_other", call.body, call.headers["X-Panda-Signature"])
        assert not verify(secret, call.body + b" ", call.headers["X-Panda-Signature"])
        assert body["id"] == call.headers["Idempotency-Key"]
        assert (call.headers["X-Panda-Event"], call.headers["Content-Type"]) == (
            "session.changed",
            "application/json",
        )
    assert [orjson.loads(c.body)["data"] for c in receiver.calls] == [{"n": 0}, {"n": 1}, {"n": 2}]


def test_a_failing_receiver_is_retried_then_parked_without_blocking_others(
    file_engine: Engine,
) -> None:
    with webhook_receiver(status=500) as broken, webhook_receiver() as healthy:
        subscribe(file_engine, broken.url, "session.changed")
        subscribe(file_engine, healthy.url, "session.changed")
        queue_events(file_engine, 2)
        report = until_settled(file_engine, settings_for(file_engine))
    rows = stored(file_engine)
    dead = [r for r in rows if r.state == DeliveryState.DEAD]
    assert (report.sent, report.dead) == (2, 2)
    assert len(healthy.calls) == 2 and broken.calls == []
    # Each broken row had its three tries; the second waited for the first (in order).
    assert [(r.attempts, r.last_error) for r in dead] == [(3, "HTTP 500"), (3, "HTTP 500")]


def test_a_hanging_receiver_times_out_and_the_others_go_on(file_engine: Engine) -> None:
    with webhook_receiver(hang_s=2.0) as hanging, webhook_receiver() as healthy:
        subscribe(file_engine, hanging.url, "review.due")
        subscribe(file_engine, healthy.url, "review.due")
        queue_events(file_engine, 1, event="review.due")
        started = time.monotonic()
        settings = settings_for(file_engine, outbox_max_attempts=1)
        report = asyncio.run(send_pass(file_engine, settings))
        elapsed = time.monotonic() - started
    hung = [r for r in stored(file_engine) if r.state == DeliveryState.DEAD]
    assert (report.sent, report.dead, len(healthy.calls)) == (1, 1, 1)
    assert hung[0].last_error == "délai dépassé"
    assert elapsed < 2.0  # cut off at the 0.5 s timeout, not after the receiver's 2 s


def test_a_receiver_down_for_a_while_gets_every_event_afterwards_in_order(
    file_engine: Engine,
) -> None:
    with webhook_receiver() as receiver:
        subscribe(file_engine, receiver.url, "place.changed")
        receiver.stop()
        queue_events(file_engine, 5, event="place.changed")
        settings = settings_for(file_engine, outbox_max_attempts=20)
        for _ in range(3):
            asyncio.run(send_pass(file_engine, settings))
            time.sleep(0.05)
        tried = [r.attempts for r in stored(file_engine)]
        receiver.start()
        until_settled(file_engine, settings)
    # While it was down only the first event was tried: the later ones waited behind it.
    assert tried[0] >= 2 and tried[1:] == [0, 0, 0, 0]
    assert [orjson.loads(c.body)["data"]["n"] for c in receiver.calls] == [0, 1, 2, 3, 4]


def test_send_pass_sends_nothing_past_the_retention_period(file_engine: Engine) -> None:
    with webhook_receiver() as receiver:
        subscribe(file_engine, receiver.url, "session.changed")
        queue_events(file_engine, 1)
        with Session(file_engine) as session:
            old = datetime.now(UTC) - timedelta(days=31)
            session.execute(update(OutboxMessage).values(created_at=old))
            session.commit()
        report = asyncio.run(send_pass(file_engine, settings_for(file_engine)))
    assert (report.sent, receiver.calls) == (0, [])


def test_held_events_reach_the_first_subscription_that_chooses_them(file_engine: Engine) -> None:
    queue_events(file_engine, 2, event="report.opened")
    with webhook_receiver() as receiver:
        subscribe(file_engine, receiver.url, "report.opened")
        report = asyncio.run(send_pass(file_engine, settings_for(file_engine)))
    assert report.sent == 2
    assert [orjson.loads(c.body)["data"] for c in receiver.calls] == [{"n": 0}, {"n": 1}]
    assert [r.recipient_key for r in stored(file_engine)] == ["wiped", "wiped"]


def test_two_senders_at_once_deliver_each_row_once(file_engine: Engine) -> None:
    """Two passes race over 40 rows for 40 recipients: the receiver gets 40 calls, no more."""
    with webhook_receiver() as receiver:
        for n in range(40):
            subscribe(file_engine, receiver.url + f"?s={n}", "session.changed")
        queue_events(file_engine, 1)
        settings = settings_for(file_engine, outbox_batch_size=5)

        async def both() -> list[PassReport]:
            return await asyncio.gather(
                send_pass(file_engine, settings), send_pass(file_engine, settings)
            )

        reports = asyncio.run(both())
    assert sum(r.sent for r in reports) == 40
    assert len(receiver.calls) == 40 and len(receiver.unique_keys()) == 40
