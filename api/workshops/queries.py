"""The SQL that reads workshops, sessions and seat counts; never a person's data."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.registration import Registration, RegistrationStatus
from models.workshop import SessionStatus, Workshop, WorkshopSession


@dataclass(frozen=True)
class Seats:
    """How many hold a seat and how many wait, for one session."""

    registered: int = 0
    waiting: int = 0


def seat_counts(session: Session, session_ids: Iterable[int]) -> dict[int, Seats]:
    """Registered and waiting counts by session id (sessions without any are left out)."""
    ids = list(session_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Registration.session_id, Registration.status, func.count())
        .where(col(Registration.session_id).in_(ids))
        .group_by(col(Registration.session_id), col(Registration.status))
    )
    counts: dict[int, dict[str, int]] = {}
    for session_id, status, count in rows:
        counts.setdefault(session_id, {})[str(status)] = count
    return {
        sid: Seats(c.get(RegistrationStatus.REGISTERED, 0), c.get(RegistrationStatus.WAITING, 0))
        for sid, c in counts.items()
    }


def sessions_between(
    session: Session,
    start: datetime | None,
    end: datetime | None,
    workshop_ids: list[int] | None = None,
    include_cancelled: bool = True,
) -> list[tuple[WorkshopSession, Workshop]]:
    """Sessions (with their workshop) ending after `start` and starting before `end`."""
    query = select(WorkshopSession, Workshop).join(
        Workshop, col(Workshop.id) == col(WorkshopSession.workshop_id)
    )
    if start is not None:
        query = query.where(col(WorkshopSession.ends_at) > start)
    if end is not None:
        query = query.where(col(WorkshopSession.starts_at) < end)
    if workshop_ids is not None:
        query = query.where(col(WorkshopSession.workshop_id).in_(workshop_ids))
    if not include_cancelled:
        query = query.where(col(WorkshopSession.status) == SessionStatus.SCHEDULED.value)
    query = query.order_by(col(WorkshopSession.starts_at), col(WorkshopSession.id))
    # Rows come back aware (models.workshop.UtcDateTime): nothing is set on them, so a read
    # leaves the session clean and never flushes.
    return [(ws, w) for ws, w in session.exec(query)]


def all_workshops(session: Session) -> list[Workshop]:
    """Every workshop, by id."""
    return list(session.exec(select(Workshop).order_by(col(Workshop.id))))


def sessions_of(session: Session, workshop_id: int) -> list[WorkshopSession]:
    """Every session of one workshop, by start."""
    query = (
        select(WorkshopSession)
        .where(WorkshopSession.workshop_id == workshop_id)
        .order_by(col(WorkshopSession.starts_at), col(WorkshopSession.id))
    )
    return list(session.exec(query))
