"""Queueing notices (api/outbox/enqueue.py): in the caller's transaction, never twice, events
fanned out to the subscriptions that chose them or held until one does; on SQLite and
PostgreSQL (PANDA_TEST_DATABASE_URL)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import orjson
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from api.outbox.enqueue import (
    email_key,
    enqueue_email,
    enqueue_event,
    enqueue_sms,
    webhook_body,
)
from models import gsm7
from models.outbox import Channel, DeliveryState, OutboxMessage, WebhookSubscription


def rows(engine: Engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))


def subscribe(session: Session, *events: str, url: str = "http://127.0.0.1:9/hook") -> int:
    subscription = WebhookSubscription(
        url=url, events=list(events), secret="whsec_test", created_by="test"
    )
    session.add(subscription)
    session.commit()
    return subscription.id or 0


def test_enqueue_email_stores_one_pending_row_in_the_callers_transaction(
    file_engine: Engine,
) -> None:
    engine = file_engine
    session = Session(engine)
    queued = enqueue_email(
        session,
        to=" camille.martin@example.org ",
        subject="Rappel :\nvérifiez votre lieu",
        text="Bonjour,\nvotre lieu est à vérifier.",
        kind="review.reminder",
        dedupe_key="review:12:2026-12-08",
    )
    assert queued is True
    assert rows(engine) == []  # nothing is visible before the caller commits
    session.commit()
    [row] = rows(engine)
    assert (row.channel, row.kind, row.state, row.attempts) == (
        Channel.EMAIL,
        "review.reminder",
        DeliveryState.PENDING,
        0,
    )
    assert (row.recipient, row.subject) == (
        "camille.martin@example.org",
        "Rappel : vérifiez votre lieu",
    )
    assert row.body == "Bonjour,\nvotre lieu est à vérifier."
    assert row.recipient_key == email_key("Camille.Martin@example.org")
    assert "camille" not in row.recipient_key
    assert row.dedupe_key == "review:12:2026-12-08|email"
    assert len(row.idempotency_key) == 32
    session.close()


def test_enqueue_email_is_rolled_back_with_the_callers_change(
    engine: Engine, session: Session
) -> None:
    enqueue_email(session, to="a@example.org", subject="s", text="t", kind="k", dedupe_key="gone")
    session.rollback()
    assert rows(engine) == []


def test_enqueue_email_never_queues_the_same_dedupe_key_twice(
    engine: Engine, session: Session
) -> None:
    first = enqueue_email(
        session, to="a@example.org", subject="s", text="t", kind="k", dedupe_key="k1"
    )
    again = enqueue_email(
        session, to="a@example.org", subject="s", text="t", kind="k", dedupe_key="k1"
    )
    session.commit()
    later = enqueue_email(
        session, to="b@example.org", subject="s", text="t", kind="k", dedupe_key="k1"
    )
    other = enqueue_email(
        session, to="a@example.org", subject="s", text="t", kind="k", dedupe_key="k2"
    )
    session.commit()  # the refused insert left the transaction usable (PostgreSQL too)
    assert (first, again, later, other) == (True, False, False, True)
    assert [r.dedupe_key for r in rows(engine)] == ["k1|email", "k2|email"]


@pytest.mark.parametrize("address", ["", "nobody", "a@b.fr\nBcc: x@y.fr", "x" * 400 + "@a.fr"])
def test_enqueue_email_refuses_what_is_not_an_address(session: Session, address: str) -> None:
    with pytest.raises(ValueError, match="not an e-mail address"):
        enqueue_email(session, to=address, subject="s", text="t", kind="k", dedupe_key="d")


def test_enqueue_event_fans_out_to_each_subscription_that_chose_it(
    engine: Engine, session: Session
) -> None:
    first = subscribe(session, "session.changed", "place.changed")
    subscribe(session, "place.changed")
    third = subscribe(session, "session.changed")
    removed = subscribe(session, "session.changed")
    stored = session.get(WebhookSubscription, removed)
    assert stored is not None
    stored.removed_at = datetime.now(UTC)
    session.commit()
    payload: dict[str, object] = {"session_id": 7, "change": "cancelled"}
    count = enqueue_event(
        session, event="session.changed", payload=payload, dedupe_key="session:7:cancel"
    )
    again = enqueue_event(
        session, event="session.changed", payload=payload, dedupe_key="session:7:cancel"
    )
    session.commit()
    assert (count, again) == (2, 0)
    found = rows(engine)
    assert [(r.subscription_id, r.recipient_key) for r in found] == [
        (first, f"subscription:{first}"),
        (third, f"subscription:{third}"),
    ]
    for row in found:
        body = orjson.loads(row.body or "")
        assert body == {
            "id": row.idempotency_key,
            "event": "session.changed",
            "created_at": row.created_at.isoformat(),
            "data": payload,
        }
        assert (row.channel, row.event, row.kind) == (
            Channel.WEBHOOK,
            "session.changed",
            "session.changed",
        )


def test_enqueue_event_holds_an_event_nobody_chose_yet(engine: Engine, session: Session) -> None:
    count = enqueue_event(
        session, event="place.changed", payload={"place_id": 3}, dedupe_key="place:3:v9"
    )
    session.commit()
    [row] = rows(engine)
    assert count == 1
    assert (row.subscription_id, row.recipient_key, row.dedupe_key) == (
        None,
        "held",
        "place:3:v9|held",
    )


def test_enqueue_event_refuses_an_unknown_event(session: Session) -> None:
    with pytest.raises(ValueError, match="unknown event"):
        enqueue_event(session, event="place.exploded", payload={}, dedupe_key="d")


def test_enqueue_sms_sends_gsm_text_through_sms_requested(engine: Engine, session: Session) -> None:
    subscription = subscribe(session, "sms.requested")
    queued = enqueue_sms(
        session,
        phone="+33612345678",
        text="Séance annulée : « Je recherche, je me connecte », mardi 16/03 à 10:00",
        kind="session.cancelled",
        dedupe_key="notice:41:reg:9",
    )
    session.commit()
    [row] = rows(engine)
    body = orjson.loads(row.body or "")
    assert queued is True
    assert (row.subscription_id, row.event, row.kind) == (
        subscription,
        "sms.requested",
        "sms:session.cancelled",
    )
    assert body["data"] == {
        "to": "+33612345678",
        "text": 'Séance annulée : " Je recherche, je me connecte ", mardi 16/03 à 10:00',
        "kind": "session.cancelled",
        "segments": 1,
    }
    assert gsm7.is_gsm7(body["data"]["text"])


def test_enqueue_shortens_a_long_dedupe_key_and_keeps_it_unique(
    engine: Engine, session: Session
) -> None:
    long_a, long_b = "x" * 300 + "a", "x" * 300 + "b"
    for key in (long_a, long_b, long_a):
        enqueue_email(session, to="a@example.org", subject="s", text="t", kind="k", dedupe_key=key)
    session.commit()
    keys = [r.dedupe_key for r in rows(engine)]
    assert len(keys) == 2 and all(len(k) <= 200 for k in keys)


def test_enqueue_under_concurrency_queues_each_key_once(file_engine: Engine) -> None:
    """Eight writers queue the same 20 keys at once: 20 rows, each queued by exactly one."""
    engine = file_engine

    def writer(_index: int) -> int:
        queued = 0
        with Session(engine) as session:
            for n in range(20):
                queued += enqueue_email(
                    session,
                    to=f"p{n}@example.org",
                    subject="s",
                    text="t",
                    kind="k",
                    dedupe_key=f"race:{n}",
                )
                session.commit()
        return queued

    with ThreadPoolExecutor(8) as pool:
        total = sum(pool.map(writer, range(8)))
    assert total == 20
    assert sorted(r.dedupe_key for r in rows(engine)) == sorted(
        f"race:{n}|email" for n in range(20)
    )


def test_webhook_body_is_compact_json() -> None:
    at = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)
    assert webhook_body("abc", "review.due", at, {"place_id": 1}) == (
        '{"id":"abc","event":"review.due","created_at":"2026-12-08T09:30:00+00:00",'
        '"data":{"place_id":1}}'
    )
