"""Queue notices in the caller's own transaction: e-mails, SMS (through webhooks) and events.

Nothing here commits: a notice is stored if and only if the change that causes it is. The
same `dedupe_key` never queues twice (a unique constraint, inserted with ON CONFLICT DO
NOTHING so that the caller's transaction goes on), so callers may call again safely.

An event that no subscription has chosen yet is held (one row, `subscription_id` None) and
handed to the first subscriptions that choose it (api/outbox/subscriptions.py): nothing is
lost while no subscription is configured.
"""

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from models import gsm7
from models.outbox import (
    DEDUPE_KEY_LENGTH,
    Channel,
    DeliveryState,
    Event,
    OutboxMessage,
    WebhookSubscription,
)

HELD = "held"
_MAX_ADDRESS = 320
_MAX_SUBJECT = 200
# Room left in `dedupe_key` for the suffix naming the target (`|s123456`, `|email`).
_MAX_CALLER_KEY = DEDUPE_KEY_LENGTH - 20
_EVENTS = frozenset(event.value for event in Event)


def enqueue_email(
    session: Session, *, to: str, subject: str, text: str, kind: str, dedupe_key: str
) -> bool:
    """Queue one e-mail in the caller's transaction; False if this dedupe_key was queued."""
    address = to.strip()
    if not 3 <= len(address) <= _MAX_ADDRESS or "@" not in address or _breaks_line(address):
        raise ValueError("not an e-mail address")
    row = _row(Channel.EMAIL, kind, _target_key(dedupe_key, "email"), email_key(address))
    row |= {"recipient": address, "subject": _one_line(subject)[:_MAX_SUBJECT], "body": text}
    return _insert(session, row)


def enqueue_sms(session: Session, *, phone: str, text: str, kind: str, dedupe_key: str) -> bool:
    """Queue an SMS as `sms.requested` webhook calls: the service holds no SMS credentials.

    The text is put in the GSM 03.38 alphabet; the receiver (the city's SMS provider, or an
    automation calling it) reads `to` and `text` from the event's data."""
    message = gsm7.to_gsm7(text)
    data: dict[str, object] = {
        "to": phone,
        "text": message,
        "kind": kind,
        "segments": gsm7.segments(message),
    }
    return (
        enqueue_event(session, event=Event.SMS_REQUESTED, payload=data, dedupe_key=dedupe_key) > 0
    )


def enqueue_event(
    session: Session, *, event: str, payload: dict[str, object], dedupe_key: str
) -> int:
    """One delivery per active subscription that chose `event`; how many rows were queued.

    With no such subscription the event is held in one row (counted 1) until one chooses it."""
    if event not in _EVENTS:
        raise ValueError(f"unknown event {event!r}")
    subscriptions = subscribers(session, event)
    targets = [(f"s{s.id}", s.id, f"subscription:{s.id}") for s in subscriptions]
    if not targets:
        targets = [(HELD, None, HELD)]
    queued = 0
    for suffix, subscription_id, recipient_key in targets:
        row = _row(
            Channel.WEBHOOK, _kind(event, payload), _target_key(dedupe_key, suffix), recipient_key
        )
        row |= {"event": event, "subscription_id": subscription_id}
        row["body"] = webhook_body(row["idempotency_key"], event, row["created_at"], payload)
        queued += _insert(session, row)
    return queued


def subscribers(session: Session, event: str) -> list[WebhookSubscription]:
    """The active subscriptions that chose `event`, oldest first."""
    query = (
        select(WebhookSubscription)
        .where(col(WebhookSubscription.removed_at).is_(None))
        .order_by(col(WebhookSubscription.id))
    )
    return [s for s in session.exec(query) if event in s.events]


def webhook_body(idempotency_key: str, event: str, at: datetime, data: dict[str, Any]) -> str:
    """The exact JSON a receiver gets, and the one its signature covers."""
    envelope = {"id": idempotency_key, "event": event, "created_at": at.isoformat(), "data": data}
    return orjson.dumps(envelope, option=orjson.OPT_NON_STR_KEYS).decode()


def email_key(address: str) -> str:
    """The ordering key of an address: a hash, so it tells nothing once the row is wiped."""
    return "email:" + hashlib.sha256(address.strip().lower().encode()).hexdigest()[:40]


def new_idempotency_key() -> str:
    """A delivery's key, sent as `Idempotency-Key` and as the body's `id`."""
    return uuid.uuid4().hex


def _row(channel: Channel, kind: str, dedupe_key: str, recipient_key: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "channel": channel.value,
        "kind": kind[:60],
        "recipient_key": recipient_key,
        "dedupe_key": dedupe_key,
        "idempotency_key": new_idempotency_key(),
        "state": DeliveryState.PENDING.value,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def _kind(event: str, payload: dict[str, object]) -> str:
    kind = payload.get("kind") if event == Event.SMS_REQUESTED else None
    return f"sms:{kind}" if isinstance(kind, str) else event


def _target_key(dedupe_key: str, suffix: str) -> str:
    """The caller's key and the target; a long key is shortened by a hash, staying unique."""
    if not dedupe_key:
        raise ValueError("a dedupe_key is required")
    if len(dedupe_key) > _MAX_CALLER_KEY:
        digest = hashlib.sha256(dedupe_key.encode()).hexdigest()
        dedupe_key = dedupe_key[: _MAX_CALLER_KEY - 65] + "#" + digest
    return f"{dedupe_key}|{suffix}"


def _insert(session: Session, row: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT (dedupe_key) DO NOTHING: True if the row is new."""
    table: Table = OutboxMessage.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(table)
        .values(**row)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(table.c.id)
    )
    # RETURNING rather than rowcount, which a driver may leave at -1 for a skipped insert.
    return session.execute(statement).first() is not None


def _breaks_line(text: str) -> bool:
    return "\r" in text or "\n" in text


def _one_line(text: str) -> str:
    """A header's value on one line: a subject never injects another header."""
    return " ".join(text.split())
