"""Subscriptions (api/outbox/subscriptions.py): URLs checked, held events handed over once,
a removed subscription's pending deliveries parked."""

from datetime import UTC, datetime

import orjson
import pytest
from pydantic import ValidationError
from sqlmodel import Session, col, select

from api.http.errors import NotFound
from api.outbox.enqueue import enqueue_event
from api.outbox.subscriptions import SubscriptionCreate, check_url, create, remove, route_held
from models.outbox import Event, OutboxMessage


def rows(session: Session) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))


def body(url: str, *events: str) -> SubscriptionCreate:
    return SubscriptionCreate(url=url, events=[Event(e) for e in events])


def test_check_url_accepts_http_and_https_only() -> None:
    assert check_url(" https://sms.example.org/hook ") == "https://sms.example.org/hook"
    for url in ("ftp://a.fr/", "https://", "/relative", "https://u:p@a.fr/"):
        with pytest.raises(ValueError):
            check_url(url)


def test_subscription_create_refuses_unknown_events_and_fields() -> None:
    with pytest.raises(ValidationError):
        SubscriptionCreate.model_validate({"url": "https://a.fr/", "events": ["x"]})
    with pytest.raises(ValidationError):
        SubscriptionCreate.model_validate(
            {"url": "https://a.fr/", "events": ["review.due"], "secret": "s"}
        )


def test_create_hands_held_events_over_with_a_new_key_each(session: Session) -> None:
    enqueue_event(session, event="review.due", payload={"place_id": 4}, dedupe_key="r4")
    enqueue_event(session, event="place.changed", payload={"place_id": 4}, dedupe_key="p4")
    session.commit()
    held_key = rows(session)[0].idempotency_key
    stored, secret = create(session, body("https://a.fr/", "review.due"), "test")
    routed, still_held = (
        [r for r in rows(session) if r.event == "review.due"],
        [r for r in rows(session) if r.event == "place.changed"],
    )
    assert secret.startswith("whsec_") and stored.secret == secret
    [row] = routed
    envelope = orjson.loads(row.body or "")
    assert (row.subscription_id, row.dedupe_key) == (stored.id, f"r4|s{stored.id}")
    assert envelope["id"] == row.idempotency_key != held_key
    assert envelope["data"] == {"place_id": 4}
    assert [r.recipient_key for r in still_held] == ["held"]
    assert route_held(session) == 0  # nothing left for this subscription


def test_remove_parks_pending_deliveries_and_refuses_twice(session: Session) -> None:
    stored, _secret = create(session, body("https://a.fr/", "review.due"), "test")
    enqueue_event(session, event="review.due", payload={}, dedupe_key="r")
    session.commit()
    removed = remove(session, stored.id or 0, datetime.now(UTC))
    [row] = rows(session)
    assert removed.removed_at is not None
    assert (row.state, row.last_error, row.body) == ("dead", "abonnement supprimé", None)
    with pytest.raises(NotFound):
        remove(session, stored.id or 0, datetime.now(UTC))
