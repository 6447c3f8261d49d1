"""What the outbox holds, as people may read it: counts by state and rows with data masked."""

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from api.outbox.enqueue import HELD
from api.outbox.masking import mask_email, sms_recipient
from models.outbox import Channel, DeliveryState, Event, OutboxMessage, WebhookSubscription
from seed.locking import begin_write


class OutboxLine(BaseModel):
    """One row, its recipient masked (never an address or a phone in full)."""

    id: int
    state: str
    channel: str
    kind: str
    recipient: str
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None
    last_error: str | None


def counts(session: Session) -> dict[str, int]:
    """Rows per state; `held` counts the events no subscription chose yet (also pending)."""
    per_state = session.exec(
        select(OutboxMessage.state, func.count()).group_by(col(OutboxMessage.state))
    )
    found = {state.value: 0 for state in DeliveryState}
    found |= {str(state): count for state, count in per_state}
    held = select(func.count()).where(col(OutboxMessage.recipient_key) == HELD)
    found["held"] = session.exec(held).one()
    return found


def recent(session: Session, state: DeliveryState | None, limit: int) -> list[OutboxLine]:
    """The newest rows first, of one state or all."""
    query = select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(limit)
    if state is not None:
        query = query.where(col(OutboxMessage.state) == state.value)
    urls = {s.id: s.url for s in session.exec(select(WebhookSubscription))}
    return [_line(row, urls) for row in session.exec(query)]


def _line(row: OutboxMessage, urls: dict[int | None, str]) -> OutboxLine:
    return OutboxLine(
        id=row.id or 0,
        state="held" if row.recipient_key == HELD else str(row.state),
        channel=str(row.channel),
        kind=row.kind,
        recipient=_recipient(row, urls),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        created_at=row.created_at,
        sent_at=row.sent_at,
        last_error=row.last_error,
    )


def _recipient(row: OutboxMessage, urls: dict[int | None, str]) -> str:
    if row.channel == Channel.EMAIL:
        return mask_email(row.recipient)
    if row.recipient_key == HELD:
        return "en attente d'un abonnement"
    where = f"abonnement {row.subscription_id}"
    if row.event == Event.SMS_REQUESTED:
        return f"SMS {sms_recipient(row.body)} via {where}"
    return f"{where} ({urls.get(row.subscription_id, '?')})"


def retry(session: Session, row_id: int, now: datetime) -> bool:
    """Put a parked row back in line, tries counted from zero; False unless it is parked and
    still holds what it must send."""
    begin_write(session)
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == row_id)
        .where(col(OutboxMessage.state) == DeliveryState.DEAD.value)
        .where(col(OutboxMessage.wiped_at).is_(None))
        .values(state=DeliveryState.PENDING.value, attempts=0, next_attempt_at=now)
    )
    session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]
