"""The outbox: one row per delivery (an e-mail, or a webhook call to one subscription).

Rows are written in the same transaction as the change that causes them, then sent by
api/outbox/sender.py. Personal fields (`recipient`, `body`) are nullable: they are wiped as
soon as the row is sent, and by the purge once the retention period has passed.
"""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, String, Text
from sqlmodel import Field, SQLModel

from models.workshop import utc_column

DEDUPE_KEY_LENGTH = 200
IDEMPOTENCY_KEY_LENGTH = 64
MAX_URL_LENGTH = 2000


class Channel(StrEnum):
    """How a row leaves: by SMTP, or by HTTP POST to a webhook subscription."""

    EMAIL = "email"
    WEBHOOK = "webhook"


class DeliveryState(StrEnum):
    """Waiting to leave (or for its retry), delivered, or parked after its last try."""

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class Event(StrEnum):
    """The events a webhook subscription may choose (docs/notifications.md)."""

    PLACE_CHANGED = "place.changed"
    REPORT_OPENED = "report.opened"
    REPORT_CLOSED = "report.closed"
    SESSION_CHANGED = "session.changed"
    REGISTRATION_CHANGED = "registration.changed"
    REVIEW_DUE = "review.due"
    SMS_REQUESTED = "sms.requested"


class OutboxMessage(SQLModel, table=True):
    """One delivery: to one e-mail address, or to one webhook subscription."""

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    channel: Channel = Field(sa_type=String(10))
    # What caused it, for people reading `panda outbox list`: session.cancelled, review.due…
    kind: str = Field(max_length=60)
    # The webhook event (None for e-mails).
    event: str | None = Field(default=None, max_length=40)
    # None for e-mails, and for an event held until a subscription chooses it.
    subscription_id: int | None = Field(default=None, index=True)
    # Rows with the same key leave one after another, in id order: a hash of the e-mail
    # address, or the subscription (never the address itself: it outlives the wipe).
    recipient_key: str = Field(max_length=80, index=True)
    # Personal: the e-mail address. Wiped once sent.
    recipient: str | None = Field(default=None, max_length=320)
    subject: str | None = Field(default=None, max_length=200)
    # Personal: the e-mail's text, or the exact JSON body a webhook receives. Wiped once sent.
    body: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    dedupe_key: str = Field(max_length=DEDUPE_KEY_LENGTH, unique=True)
    idempotency_key: str = Field(max_length=IDEMPOTENCY_KEY_LENGTH, unique=True)
    state: DeliveryState = Field(default=DeliveryState.PENDING, sa_type=String(10), index=True)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), sa_column=utc_column(False)
    )
    # A sender that claimed the row holds it until then; past it, another may take it over.
    claimed_until: datetime | None = Field(default=None, sa_column=utc_column(True))
    # Why the last try failed, without personal data: « HTTP 500 », « délai dépassé ».
    last_error: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), sa_column=utc_column(False)
    )
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(True))
    wiped_at: datetime | None = Field(default=None, sa_column=utc_column(True))


class WebhookSubscription(SQLModel, table=True):
    """A URL that receives the events it chose, signed with its own secret."""

    __tablename__ = "webhook_subscription"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=MAX_URL_LENGTH)
    events: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The HMAC-SHA256 key: kept in clear because every delivery is signed with it; shown
    # once, at creation.
    secret: str = Field(max_length=100)
    description: str | None = Field(default=None, max_length=200)
    created_by: str = Field(max_length=120)
    created_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), sa_column=utc_column(False)
    )
    removed_at: datetime | None = Field(default=None, sa_column=utc_column(True))
