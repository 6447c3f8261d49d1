"""The sender's side of the outbox table: claim rows to send, then record how each went.

A claim is one short transaction: it picks the first pending row of each recipient whose
time has come, locks the rows with `SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite's
write lock serialises claims), and marks them `claimed_until` a lease, so that two senders
never take the same row while one is delivering it. Nothing is held while a delivery runs;
a sender killed mid-delivery leaves its rows pending, taken again once the lease ends (the
receiver de-duplicates by the `Idempotency-Key`).
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, exists, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from api.outbox.enqueue import HELD
from models.outbox import Channel, DeliveryState, OutboxMessage, WebhookSubscription
from seed.locking import begin_write

EXPIRED = "expiré : période de conservation passée"
REMOVED = "abonnement supprimé"


@dataclass(frozen=True)
class Delivery:
    """What one claimed row needs to leave: no ORM object crosses into the event loop."""

    id: int
    channel: Channel
    kind: str
    event: str | None
    idempotency_key: str
    attempts: int
    recipient: str | None
    subject: str | None
    body: str | None
    url: str | None = None
    secret: str | None = None


@dataclass(frozen=True)
class Backoff:
    """Retries: `base_s` after the first failure, doubling up to `max_s`, `max_attempts` tries."""

    base_s: float
    max_s: float
    max_attempts: int

    def delay_s(self, attempts: int) -> float:
        """The wait after `attempts` failed tries: exponential, with equal jitter."""
        ceiling = min(self.max_s, self.base_s * 2.0 ** max(attempts - 1, 0))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


def claim(
    engine: Engine,
    *,
    now: datetime,
    limit: int,
    lease_s: float,
    channels: list[Channel],
    retention_days: int,
) -> list[Delivery]:
    """Claim up to `limit` rows due now, at most one per recipient (its oldest pending)."""
    if limit <= 0 or not channels:
        return []
    # Past the retention period nothing is sent; the purge parks and wipes those rows.
    not_before = now - timedelta(days=retention_days)
    with Session(engine) as session:
        # A look first, without a lock: an idle sender never takes SQLite's write lock.
        if session.exec(_due(session, now, not_before, 1, channels, lock=False)).first() is None:
            return []
        begin_write(session)
        ids = list(session.exec(_due(session, now, not_before, limit, channels)))
        if not ids:
            session.commit()
            return []
        session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id).in_(ids))
            .values(claimed_until=now + timedelta(seconds=lease_s))
        )
        rows = session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.id).in_(ids))
            .order_by(col(OutboxMessage.id))
        ).all()
        deliveries = [_delivery(session, row, now) for row in rows]
        session.commit()
    return [d for d in deliveries if d is not None]


def _due(  # type: ignore[no-untyped-def]
    session: Session,
    now: datetime,
    not_before: datetime,
    limit: int,
    channels: list[Channel],
    lock: bool = True,
):
    """The ids of the rows to claim, in id order, skipping rows another sender holds."""
    earlier = aliased(OutboxMessage)
    blocked = exists().where(
        and_(
            col(earlier.recipient_key) == col(OutboxMessage.recipient_key),
            col(earlier.state) == DeliveryState.PENDING.value,
            col(earlier.id) < col(OutboxMessage.id),
        )
    )
    query = (
        select(OutboxMessage.id)
        .where(col(OutboxMessage.state) == DeliveryState.PENDING.value)
        .where(col(OutboxMessage.channel).in_([c.value for c in channels]))
        .where(col(OutboxMessage.recipient_key) != HELD)
        .where(col(OutboxMessage.next_attempt_at) <= now)
        .where(col(OutboxMessage.created_at) >= not_before)
        .where(
            or_(
                col(OutboxMessage.claimed_until).is_(None),
                col(OutboxMessage.claimed_until) < now,
            )
        )
        .where(~blocked)
        .order_by(col(OutboxMessage.id))
        .limit(limit)
    )
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=OutboxMessage)
    return query


def _delivery(session: Session, row: OutboxMessage, now: datetime) -> Delivery | None:
    """The row as a Delivery, with its subscription's URL and secret; None if it has none."""
    url = secret = None
    if row.channel == Channel.WEBHOOK:
        subscription = session.get(WebhookSubscription, row.subscription_id or 0)
        if subscription is None or subscription.removed_at is not None:
            _park(row, REMOVED, now)
            session.add(row)
            return None
        url, secret = subscription.url, subscription.secret
    return Delivery(
        id=row.id or 0,
        channel=Channel(row.channel),
        kind=row.kind,
        event=row.event,
        idempotency_key=row.idempotency_key,
        attempts=row.attempts,
        recipient=row.recipient,
        subject=row.subject,
        body=row.body,
        url=url,
        secret=secret,
    )


def record_sent(engine: Engine, delivery_id: int, now: datetime) -> None:
    """Delivered: the personal fields are wiped at once."""
    with Session(engine) as session:
        session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id) == delivery_id)
            .where(col(OutboxMessage.state) == DeliveryState.PENDING.value)
            .values(
                state=DeliveryState.SENT.value,
                attempts=OutboxMessage.attempts + 1,
                sent_at=now,
                claimed_until=None,
                last_error=None,
                **wiped(now),
            )
        )
        session.commit()


def record_failure(
    engine: Engine, delivery_id: int, now: datetime, error: str, backoff: Backoff
) -> DeliveryState:
    """A failed try: retried after a backoff, or parked (dead) after the last one."""
    with Session(engine) as session:
        begin_write(session)
        row = session.get(OutboxMessage, delivery_id, with_for_update=True)
        if row is None or row.state != DeliveryState.PENDING:
            session.rollback()
            return DeliveryState.SENT if row is None else DeliveryState(row.state)
        row.attempts += 1
        row.last_error = error[:300]
        row.claimed_until = None
        if row.attempts >= backoff.max_attempts:
            row.state = DeliveryState.DEAD
        else:
            row.next_attempt_at = now + timedelta(seconds=backoff.delay_s(row.attempts))
        session.add(row)
        session.commit()
        return DeliveryState(row.state)


def expire(session: Session, cutoff: datetime, now: datetime) -> int:
    """Park and wipe the pending rows older than `cutoff`; delete held ones and wipe the
    personal fields of every row older than it. Nothing is sent past the retention period."""
    old = col(OutboxMessage.created_at) < cutoff
    parked = session.execute(
        update(OutboxMessage)
        .where(old, col(OutboxMessage.state) == DeliveryState.PENDING.value)
        .where(col(OutboxMessage.recipient_key) != HELD)
        .values(state=DeliveryState.DEAD.value, last_error=EXPIRED, claimed_until=None)
    )
    session.execute(
        OutboxMessage.__table__.delete().where(old, OutboxMessage.recipient_key == HELD)  # type: ignore[attr-defined]
    )
    session.execute(
        update(OutboxMessage).where(old, col(OutboxMessage.wiped_at).is_(None)).values(**wiped(now))
    )
    return int(parked.rowcount or 0)  # type: ignore[attr-defined]


def wiped(now: datetime) -> dict[str, object]:
    """The columns that carry personal data, emptied."""
    # The ordering key is a hash of the address: pseudonymous, so it goes too.
    return {"recipient": None, "body": None, "recipient_key": "wiped", "wiped_at": now}


def _park(row: OutboxMessage, error: str, now: datetime) -> None:
    row.state = DeliveryState.DEAD
    row.last_error = error
    row.claimed_until = None
    for name, value in wiped(now).items():
        setattr(row, name, value)
