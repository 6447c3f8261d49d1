"""Calendar files of sessions: a feed per workshop or place, and one file per booking."""

from api.read_model import Snapshot
from api.workshops.answers import venue_out
from models.calendar_feed import CalendarEvent, calendar_bytes
from models.sms import national
from models.workshop import SessionStatus, Workshop, WorkshopSession, as_utc

CALENDAR = "text/calendar; charset=utf-8"


def event_of(snapshot: Snapshot, stored: WorkshopSession, owner: Workshop) -> CalendarEvent:
    """A session as a calendar event, located at its venue."""
    venue = venue_out(snapshot, owner.venue_id)
    location = f"{venue.name}, {venue.address}, {venue.postcode} {venue.commune}" if venue else ""
    lines = [owner.description or ""]
    if owner.what_to_bring:
        lines.append(f"À apporter : {owner.what_to_bring}")
    phone = owner.phone or (venue.phone if venue else None)
    if phone:
        lines.append(f"Téléphone : {national(phone)}")
    if stored.status == SessionStatus.CANCELLED and stored.cancel_reason:
        lines.append(f"Annulée : {stored.cancel_reason}")
    return CalendarEvent(
        session_id=stored.id or 0,
        title=owner.title,
        starts_at=as_utc(stored.starts_at),
        ends_at=as_utc(stored.ends_at),
        location=location,
        description="\n".join(line for line in lines if line),
        cancelled=stored.status == SessionStatus.CANCELLED,
        changed_at=max(as_utc(stored.updated_at), as_utc(owner.updated_at)),
    )


def feed(snapshot: Snapshot, name: str, rows: list[tuple[WorkshopSession, Workshop]]) -> bytes:
    """An iCalendar feed of these sessions."""
    return calendar_bytes(name, [event_of(snapshot, stored, owner) for stored, owner in rows])
