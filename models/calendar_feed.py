"""iCalendar (RFC 5545) files of sessions: feeds to subscribe to, and one file per booking."""

from dataclasses import dataclass
from datetime import datetime

import icalendar

from models.opening_hours import PARIS

PRODID = "-//PANDA finder//Ateliers//FR"
UID_DOMAIN = "panda-finder"
# Europe/Paris as calendars usually carry it: the EU rule since 1996, in two sub-components.
_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


@dataclass(frozen=True)
class CalendarEvent:
    """One session as a calendar event; `changed_at` makes DTSTAMP stable between reads."""

    session_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    description: str
    cancelled: bool
    changed_at: datetime


def session_uid(session_id: int) -> str:
    """The event's UID: stable for the life of the session, the same in every feed."""
    return f"session-{session_id}@{UID_DOMAIN}"


def calendar_bytes(name: str, events: list[CalendarEvent]) -> bytes:
    """A VCALENDAR with the Paris VTIMEZONE and one VEVENT per session, CRLF-delimited."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    calendar.add_component(icalendar.Timezone.from_ical(_VTIMEZONE.replace("\n", "\r\n")))
    for event in events:
        calendar.add_component(_vevent(event))
    # icalendar leaves to_ical unannotated (so Any to mypy); it returns the bytes.
    ical: bytes = calendar.to_ical()
    return ical


def _vevent(event: CalendarEvent) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", session_uid(event.session_id))
    vevent.add("dtstamp", event.changed_at)
    vevent.add("dtstart", event.starts_at.astimezone(PARIS))
    vevent.add("dtend", event.ends_at.astimezone(PARIS))
    vevent.add("summary", event.title)
    vevent.add("location", event.location)
    vevent.add("description", event.description)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return vevent
