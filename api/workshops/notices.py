"""Telling the people registered to a session that it changed, through the outbox.

Called inside the write's own transaction (api/workshops/writes.py, bookings.py): a notice is
stored if and only if the change is. Each person concerned (a seat or a place in line, not a
cancelled registration) gets one SMS (the `sms.requested` webhook) per event, and one e-mail
where they gave an address; the dedupe key
is the event (the change's audit entry, or the promotion) and the registration, so a notice
is never queued twice. Subscribers to `session.changed` and `registration.changed` get the
event without anyone's name or phone.
"""

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from api.outbox.enqueue import enqueue_email, enqueue_event, enqueue_sms
from api.outbox.store import wiped
from models.access_point import AccessPoint
from models.outbox import DeliveryState, Event, OutboxMessage
from models.registration import Registration, RegistrationStatus
from models.workshop import Workshop, WorkshopSession, as_utc
from models.workshop_notice import Notice, NoticeKind, notice_email, notice_sms
from models.workshop_sms import when_phrase

WITHDRAWN = "inscription annulée avant l'envoi"
CONCERNED = (RegistrationStatus.REGISTERED.value, RegistrationStatus.WAITING.value)


def registration_key(event_id: str, registration_id: int) -> str:
    """The dedupe key of one notice: the event and the registration."""
    return f"workshop-notice:{event_id}:registration:{registration_id}"


def concerned(session: Session, session_id: int) -> list[Registration]:
    """The registrations holding a seat or a place in line, in booking order."""
    query = (
        select(Registration)
        .where(Registration.session_id == session_id)
        .where(col(Registration.status).in_(CONCERNED))
        .order_by(col(Registration.id))
    )
    return list(session.exec(query))


def notice_for(
    session: Session, kind: NoticeKind, stored: WorkshopSession, owner: Workshop, detail: str | None
) -> Notice:
    """The notice of one session as it now is: its workshop, times and venue."""
    venue = session.get(AccessPoint, owner.venue_id)
    address = f"{venue.address}, {venue.postcode} {venue.commune}" if venue else ""
    return Notice(
        kind=kind,
        title=owner.title,
        starts_at=as_utc(stored.starts_at),
        ends_at=as_utc(stored.ends_at),
        place_name=venue.name if venue else "",
        address=address,
        detail=detail,
    )


def tell(session: Session, notice: Notice, people: list[Registration], event_id: str) -> int:
    """Queue an SMS to each person with a phone, an e-mail to each with an address; how many
    were queued."""
    text = notice_sms(notice)
    subject, body = notice_email(notice)
    queued = 0
    for person in people:
        if person.status not in CONCERNED:
            continue
        key = registration_key(event_id, person.id or 0)
        if person.phone:
            queued += enqueue_sms(
                session, phone=person.phone, text=text, kind=notice.kind, dedupe_key=key
            )
        if person.email:
            queued += enqueue_email(
                session,
                to=person.email,
                subject=subject,
                text=body,
                kind=notice.kind,
                dedupe_key=key,
            )
    return queued


def session_changed(
    session: Session,
    kind: NoticeKind,
    stored: WorkshopSession,
    owner: Workshop,
    event_id: str,
    detail: str | None = None,
) -> int:
    """A cancelled, moved or relocated session: everyone concerned is told, subscribers too."""
    sid = stored.id or 0
    payload: dict[str, object] = {
        "change": kind.value,
        "session_id": sid,
        "workshop_id": owner.id,
        "venue_id": owner.venue_id,
        "starts_at": as_utc(stored.starts_at).isoformat(),
        "ends_at": as_utc(stored.ends_at).isoformat(),
        "status": str(stored.status),
    }
    enqueue_event(
        session,
        event=Event.SESSION_CHANGED,
        payload=payload,
        dedupe_key=f"session:{event_id}:{sid}",
    )
    notice = notice_for(session, kind, stored, owner, detail)
    return tell(session, notice, concerned(session, sid), event_id)


def promoted(
    session: Session, stored: WorkshopSession, owner: Workshop, people: list[Registration]
) -> int:
    """People who moved up from the waiting list: each told once, whatever caused it."""
    queued = 0
    notice = notice_for(session, NoticeKind.PROMOTED, stored, owner, None)
    for person in people:
        event_id = f"promoted-{person.id}"
        payload: dict[str, object] = {
            "change": NoticeKind.PROMOTED.value,
            "registration_id": person.id,
            "session_id": stored.id,
            "status": str(person.status),
        }
        enqueue_event(
            session,
            event=Event.REGISTRATION_CHANGED,
            payload=payload,
            dedupe_key=f"registration:{event_id}",
        )
        queued += tell(session, notice, [person], event_id)
    return queued


def withdraw(session: Session, registration_id: int, now: datetime) -> None:
    """A registration cancelled: its notices not yet sent are parked and wiped, never sent."""
    pattern = registration_key("%", registration_id) + "|%"
    session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.dedupe_key).like(pattern))
        .where(col(OutboxMessage.state) == DeliveryState.PENDING.value)
        .values(state=DeliveryState.DEAD.value, last_error=WITHDRAWN, **wiped(now))
    )


def former_time(stored: WorkshopSession) -> str:
    """« mardi 16/03/2027 10:00-12:00 »: the time a moved session had."""
    return when_phrase(as_utc(stored.starts_at), as_utc(stored.ends_at))
