"""The seats and the waiting list of one session, changed only while its row is locked."""

from sqlmodel import Session, col, select

from api.workshops.queries import seat_counts
from models.registration import Registration, RegistrationStatus
from models.workshop import SessionStatus, WorkshopSession


def waiting_list(session: Session, session_id: int) -> list[Registration]:
    """The session's waiting registrations, first in line first."""
    query = (
        select(Registration)
        .where(Registration.session_id == session_id)
        .where(col(Registration.status) == RegistrationStatus.WAITING.value)
        .order_by(col(Registration.waiting_position), col(Registration.id))
    )
    return list(session.exec(query))


def promote_waiting(session: Session, stored: WorkshopSession) -> list[Registration]:
    """Give free seats to the first waiting, in order, and renumber the rest from 1."""
    if stored.status == SessionStatus.CANCELLED:
        return []
    sid = stored.id or 0
    held = seat_counts(session, [sid]).get(sid)
    free = stored.capacity - (held.registered if held else 0)
    queue = waiting_list(session, sid)
    promoted = queue[: max(free, 0)]
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.waiting_position = None
        session.add(registration)
    for position, registration in enumerate(queue[len(promoted) :], start=1):
        if registration.waiting_position != position:
            registration.waiting_position = position
            session.add(registration)
    session.flush()
    return promoted
