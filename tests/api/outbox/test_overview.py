"""The outbox as people read it (api/outbox/overview.py): counts, rows masked, retry."""

from datetime import UTC, datetime

from sqlalchemy import update
from sqlmodel import Session

from api.outbox.enqueue import enqueue_email, enqueue_event, enqueue_sms
from api.outbox.overview import counts, recent, retry
from api.outbox.subscriptions import SubscriptionCreate, create
from models.outbox import DeliveryState, Event, OutboxMessage


def test_counts_and_recent_mask_every_person(session: Session) -> None:
    enqueue_email(
        session, to="camille@example.org", subject="s", text="t", kind="k", dedupe_key="e"
    )
    enqueue_event(session, event="place.changed", payload={}, dedupe_key="p")
    session.commit()
    create(
        session,
        SubscriptionCreate(url="https://sms.example.org/", events=[Event.SMS_REQUESTED]),
        "t",
    )
    enqueue_sms(session, phone="+33612345678", text="x", kind="k", dedupe_key="s")
    session.commit()
    lines = recent(session, None, 10)
    assert counts(session) == {"pending": 3, "sent": 0, "dead": 0, "held": 1}
    assert [(line.id, line.state, line.recipient) for line in lines] == [
        (3, "pending", "SMS +33 6 ••• •• 78 via abonnement 1"),
        (2, "held", "en attente d'un abonnement"),
        (1, "pending", "c•••@e•••.org"),
    ]
    assert [line.id for line in recent(session, DeliveryState.PENDING, 1)] == [3]


def test_retry_requeues_a_parked_row_that_still_has_its_content(session: Session) -> None:
    enqueue_email(session, to="a@example.org", subject="s", text="t", kind="k", dedupe_key="e")
    session.commit()
    assert retry(session, 1, datetime.now(UTC)) is False
    session.execute(update(OutboxMessage).values(state="dead", attempts=10))
    session.commit()
    assert retry(session, 1, datetime.now(UTC)) is True
    session.execute(update(OutboxMessage).values(state="dead", wiped_at=datetime.now(UTC)))
    session.commit()
    assert retry(session, 1, datetime.now(UTC)) is False
