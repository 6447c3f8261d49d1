"""The outbox's tables (models/outbox.py): what a new row holds, the events subscriptions choose."""

from sqlmodel import Session

from models.outbox import DeliveryState, Event, OutboxMessage, WebhookSubscription


def test_outbox_message_starts_pending_with_nothing_tried(session: Session) -> None:
    row = OutboxMessage(
        channel="email",
        kind="review.reminder",
        recipient_key="email:abc",
        dedupe_key="d|email",
        idempotency_key="k",
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    assert (row.state, row.attempts, row.sent_at, row.claimed_until) == (
        DeliveryState.PENDING,
        0,
        None,
        None,
    )
    assert row.next_attempt_at.tzinfo is not None


def test_event_names_are_the_agreed_ones() -> None:
    assert [e.value for e in Event] == [
        "place.changed",
        "report.opened",
        "report.closed",
        "session.changed",
        "registration.changed",
        "review.due",
        "sms.requested",
    ]


def test_webhook_subscription_keeps_its_events_as_a_list(session: Session) -> None:
    stored = WebhookSubscription(
        url="http://127.0.0.1:9/hook", events=["sms.requested"], secret="s", created_by="cli:test"
    )
    session.add(stored)
    session.commit()
    session.refresh(stored)
    assert (stored.events, stored.removed_at) == (["sms.requested"], None)
