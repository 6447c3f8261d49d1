"""Deleting registrations some days after their session, keeping only the counts."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from models.registration import Attendance, Registration, RegistrationStatus
from models.workshop import WorkshopSession

DEFAULT_RETENTION_DAYS = 30


@dataclass(frozen=True)
class PurgeReport:
    """How many sessions were purged and how many registrations deleted."""

    sessions: int
    registrations: int


def purge_registrations(session: Session, now: datetime, retention_days: int) -> PurgeReport:
    """Delete the registrations of sessions that ended more than `retention_days` ago.

    Each session keeps its booked, attended and no-show counts, so statistics survive.
    """
    cutoff = now - timedelta(days=retention_days)
    due = session.exec(
        select(WorkshopSession)
        .where(col(WorkshopSession.ends_at) < cutoff)
        .where(col(WorkshopSession.purged_at).is_(None))
    ).all()
    deleted = 0
    for stored in due:
        sid = stored.id or 0
        stored.booked_count, stored.attended_count, stored.no_show_count = outcomes(session, sid)
        stored.purged_at = now
        session.add(stored)
        result = session.execute(delete(Registration).where(col(Registration.session_id) == sid))
        deleted += result.rowcount or 0  # type: ignore[attr-defined]
    session.commit()
    return PurgeReport(len(due), deleted)


def outcomes(session: Session, session_id: int) -> tuple[int, int, int]:
    """Seats held, present and absent among a session's stored registrations."""
    rows = session.exec(
        select(Registration.attendance, func.count())
        .where(Registration.session_id == session_id)
        .where(col(Registration.status) == RegistrationStatus.REGISTERED.value)
        .group_by(col(Registration.attendance))
    )
    by_attendance = {attendance: count for attendance, count in rows}
    booked = sum(by_attendance.values())
    present = by_attendance.get(Attendance.PRESENT.value, 0)
    return booked, present, by_attendance.get(Attendance.ABSENT.value, 0)
