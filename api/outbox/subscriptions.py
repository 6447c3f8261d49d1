"""Webhook subscriptions: create (the secret shown once), list, remove; hand held events over.

An event queued while no subscription chose it waits in one held row (api/outbox/enqueue.py).
`route_held` turns it into one delivery per subscription that now chooses it; it runs when a
subscription is created and at the start of every sender pass (a row held by a transaction
that committed after the subscription's is caught there).
"""

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

import orjson
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Engine, delete, update
from sqlmodel import Session, col, select

from api.http.errors import NotFound
from api.outbox.enqueue import HELD, enqueue_event
from api.outbox.signing import new_secret
from api.outbox.store import REMOVED, wiped
from models.outbox import MAX_URL_LENGTH, DeliveryState, Event, OutboxMessage, WebhookSubscription
from models.text_types import ONE_LINE
from seed.locking import begin_write
from seed.validation_text import ValueErrorFr

URL_PATTERN = r"^https?://[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]{1,5})?(/[^\s]*)?$"


class SubscriptionCreate(BaseModel):
    """A subscription to create: where to POST, which events."""

    model_config = ConfigDict(extra="forbid")

    # The pattern documents what check_url accepts (clients and the contract run read it); the
    # validator stays the judge, with its French message.
    url: str = Field(
        max_length=MAX_URL_LENGTH,
        description="http:// or https:// address.",
        json_schema_extra={"pattern": URL_PATTERN},
    )
    events: list[Event] = Field(min_length=1, max_length=len(Event))

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        return check_url(value)

    description: Annotated[str, ONE_LINE] | None = Field(default=None, max_length=200)


class SubscriptionPublic(BaseModel):
    """A subscription as the admins read it: never its secret."""

    id: int
    url: str
    events: list[str]
    description: str | None
    created_by: str
    created_at: datetime


class SubscriptionIssued(SubscriptionPublic):
    """A new subscription, with its secret: shown this once, kept by the receiver."""

    secret: str = Field(description="The HMAC-SHA256 key of `X-Panda-Signature`.")


def check_url(url: str) -> str:
    """An absolute http(s) URL with a host, no credentials; ValueErrorFr otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueErrorFr(
            "not an http:// or https:// URL",
            f"« {url[:100]} » n'est pas une adresse http:// ou https://",
        )
    if parts.username or parts.password:
        raise ValueErrorFr(
            "no credentials in the URL", "pas d'identifiants dans l'adresse (le secret signe)"
        )
    return url.strip()


def create(
    session: Session, body: SubscriptionCreate, created_by: str
) -> tuple[WebhookSubscription, str]:
    """Store a subscription, hand it the held events it chose, commit; with its secret."""
    secret = new_secret()
    subscription = WebhookSubscription(
        url=body.url,
        events=sorted({event.value for event in body.events}),
        secret=secret,
        description=body.description,
        created_by=created_by[:120],
    )
    begin_write(session)
    session.add(subscription)
    session.flush()
    route_held(session)
    session.commit()
    session.refresh(subscription)
    return subscription, secret


def listed(session: Session) -> list[WebhookSubscription]:
    """The active subscriptions, oldest first."""
    query = select(WebhookSubscription).where(col(WebhookSubscription.removed_at).is_(None))
    return list(session.exec(query.order_by(col(WebhookSubscription.id))))


def remove(session: Session, subscription_id: int, now: datetime) -> WebhookSubscription:
    """Stop a subscription; its pending deliveries are parked and wiped. NotFound if unknown."""
    begin_write(session)
    found = session.get(WebhookSubscription, subscription_id, with_for_update=True)
    if found is None or found.removed_at is not None:
        raise NotFound(f"aucun abonnement actif n'a l'identifiant {subscription_id}")
    found.removed_at = now
    session.add(found)
    session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.subscription_id) == subscription_id)
        .where(col(OutboxMessage.state) == DeliveryState.PENDING.value)
        .values(
            state=DeliveryState.DEAD.value, last_error=REMOVED, claimed_until=None, **wiped(now)
        )
    )
    session.commit()
    session.refresh(found)
    return found


def route_held(session: Session) -> int:
    """Turn held events some subscription now chooses into deliveries; how many were routed."""
    any_held = select(OutboxMessage.id).where(col(OutboxMessage.recipient_key) == HELD)
    if session.exec(any_held.limit(1)).first() is None:
        return 0
    chosen = {event for s in listed(session) for event in s.events}
    if not chosen:
        return 0
    query = (
        select(OutboxMessage)
        .where(col(OutboxMessage.recipient_key) == HELD)
        .where(col(OutboxMessage.event).in_(sorted(chosen)))
        .order_by(col(OutboxMessage.id))
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    routed = 0
    for held in session.exec(query).all():
        envelope: dict[str, Any] = orjson.loads(held.body or "{}")
        key = held.dedupe_key.removesuffix(f"|{HELD}")
        enqueue_event(
            session, event=held.event or "", payload=envelope.get("data") or {}, dedupe_key=key
        )
        # Core, not session.delete: a second sender routing the same row at once finds it gone
        # and deletes nothing (its copies were refused by their dedupe keys).
        session.execute(delete(OutboxMessage).where(col(OutboxMessage.id) == held.id))
        routed += 1
    session.flush()
    return routed


def route_held_now(engine: Engine) -> int:
    """`route_held` in a transaction of its own (the sender's pass starts with it)."""
    with Session(engine) as session:
        routed = route_held(session)
        session.commit()
    return routed


def public(subscription: WebhookSubscription) -> SubscriptionPublic:
    """What the admin API and the CLI show."""
    return SubscriptionPublic.model_validate(subscription, from_attributes=True)
