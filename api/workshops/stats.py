"""Statistics of a workshop for the agency: counts only, which survive the purge."""

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import Session

from api.workshops.queries import sessions_of
from models.workshop import SessionStatus, WorkshopSession, as_utc
from seed.purge import outcomes


class WorkshopStats(BaseModel):
    """Sessions held (ended, not cancelled) and their seats, bookings and attendance."""

    workshop_id: int
    sessions_held: int
    sessions_cancelled: int
    seats_offered: int
    booked: int
    attended: int
    no_shows: int
    waiting_list_peak: int


def kept_counts(stored: WorkshopSession) -> tuple[int, int, int]:
    """The counts the purge kept."""
    return stored.booked_count or 0, stored.attended_count or 0, stored.no_show_count or 0


def workshop_stats(session: Session, workshop_id: int, now: datetime) -> WorkshopStats:
    """Counts over the workshop's sessions that have ended."""
    held = cancelled = offered = booked = attended = absent = peak = 0
    for stored in sessions_of(session, workshop_id):
        peak = max(peak, stored.waiting_peak)
        if stored.status == SessionStatus.CANCELLED:
            cancelled += 1
            continue
        if as_utc(stored.ends_at) > now:
            continue
        counts = kept_counts(stored) if stored.purged_at else outcomes(session, stored.id or 0)
        held, offered = held + 1, offered + stored.capacity
        booked, attended, absent = booked + counts[0], attended + counts[1], absent + counts[2]
    return WorkshopStats(
        workshop_id=workshop_id,
        sessions_held=held,
        sessions_cancelled=cancelled,
        seats_offered=offered,
        booked=booked,
        attended=attended,
        no_shows=absent,
        waiting_list_peak=peak,
    )
