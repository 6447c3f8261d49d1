"""Booking seats: take one atomically or queue, cancel and promote, mark attendance, list."""

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from api.http.errors import AppError, Forbidden, NotFound
from api.workshops import notices
from api.workshops.access import Actor, may_manage, may_see
from api.workshops.queries import seat_counts
from api.workshops.seat_queue import promote_waiting
from api.workshops.writes import load_session_for_write, workshop
from models.registration import (
    Attendance,
    Registration,
    RegistrationCreate,
    RegistrationListRead,
    RegistrationStatus,
)
from models.workshop import SessionStatus, WorkshopSession, as_utc


class SessionClosed(AppError):
    """The session cannot take bookings: cancelled or already started."""

    status_code = 409
    kind = "session_closed"


class TooEarly(AppError):
    """Attendance is marked once the session has started."""

    status_code = 409
    kind = "session_not_started"


def book(
    session: Session, session_id: int, body: RegistrationCreate, actor: Actor, now: datetime
) -> tuple[Registration, WorkshopSession]:
    """A seat if one is free, else the next place on the waiting list; one writer at a time.

    Flushed, not committed: the caller commits, with the answer its Idempotency-Key keeps
    (api.http.idempotency), so that the booking and the key are stored together or not at all.
    """
    stored = load_session_for_write(session, session_id)
    if stored.status == SessionStatus.CANCELLED:
        reason = f" ({stored.cancel_reason})" if stored.cancel_reason else ""
        raise SessionClosed(f"la séance {session_id} est annulée{reason} : rien n'a été réservé")
    if as_utc(stored.starts_at) <= now:
        raise SessionClosed(f"la séance {session_id} a déjà commencé : rien n'a été réservé")
    held = seat_counts(session, [session_id]).get(session_id)
    registered, waiting = (held.registered, held.waiting) if held else (0, 0)
    registration = Registration(
        session_id=session_id,
        **body.model_dump(),
        status=RegistrationStatus.REGISTERED,
        booking_key_id=actor.key_id or 0,
    )
    if registered >= stored.capacity:
        registration.status = RegistrationStatus.WAITING
        registration.waiting_position = waiting + 1
        stored.waiting_peak = max(stored.waiting_peak, waiting + 1)
        session.add(stored)
    session.add(registration)
    session.flush()
    return registration, stored


def _locked_registration(
    session: Session, registration_id: int, actor: Actor
) -> tuple[Registration, WorkshopSession]:
    """The registration and its locked session; NotFound unless the actor may see it."""
    found = session.get(Registration, registration_id)
    if found is None:
        raise NotFound(f"aucune inscription n'a l'identifiant {registration_id}")
    stored = load_session_for_write(session, found.session_id)
    registration = session.get(Registration, registration_id, populate_existing=True)
    if registration is None:
        raise NotFound(f"aucune inscription n'a l'identifiant {registration_id}")
    if not may_see(actor, workshop(session, stored.workshop_id), registration):
        # Not 403: whether a registration exists is itself not for everyone to learn.
        raise NotFound(f"aucune inscription n'a l'identifiant {registration_id}")
    return registration, stored


def cancel(
    session: Session, registration_id: int, actor: Actor
) -> tuple[Registration, list[Registration]]:
    """Give up a seat or a place in line; the first waiting takes a freed seat."""
    registration, stored = _locked_registration(session, registration_id, actor)
    if registration.status == RegistrationStatus.CANCELLED:
        session.rollback()
        return registration, []
    registration.status = RegistrationStatus.CANCELLED
    registration.waiting_position = None
    session.add(registration)
    session.flush()
    # Someone who cancelled is never told anything more (notices not yet sent included).
    notices.withdraw(session, registration_id, datetime.now(UTC))
    promoted = promote_waiting(session, stored)
    notices.promoted(session, stored, workshop(session, stored.workshop_id), promoted)
    session.commit()
    session.refresh(registration)
    return registration, promoted


def mark_attendance(
    session: Session,
    registration_id: int,
    attendance: Attendance | None,
    actor: Actor,
    now: datetime,
) -> Registration:
    """Present or absent (or None to undo), once the session has started, for seats held."""
    registration, stored = _locked_registration(session, registration_id, actor)
    if as_utc(stored.starts_at) > now:
        raise TooEarly("la présence se note une fois la séance commencée")
    if registration.status != RegistrationStatus.REGISTERED:
        raise SessionClosed(
            "seules les personnes inscrites (pas en attente ni annulées) sont notées"
        )
    registration.attendance = attendance
    session.add(registration)
    session.commit()
    session.refresh(registration)
    return registration


def registrations(session: Session, session_id: int, actor: Actor) -> list[Registration]:
    """The registrations the actor may see on a session; the read itself is recorded."""
    stored = session.get(WorkshopSession, session_id)
    if stored is None:
        raise NotFound(f"aucune séance n'a l'identifiant {session_id}")
    query = select(Registration).where(Registration.session_id == session_id)
    if not may_manage(actor, workshop(session, stored.workshop_id)):
        if actor.key_id is None:
            raise Forbidden("cette liste n'est visible que par la clé qui a réservé")
        query = query.where(Registration.booking_key_id == actor.key_id)
    query = query.order_by(col(Registration.id))
    found = list(session.exec(query))
    session.add(RegistrationListRead(session_id=session_id, reader=actor.label[:120]))
    session.commit()
    return found
