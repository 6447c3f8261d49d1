"""The SMS confirming a seat: workshop, date and time, address, what to bring, phone.

GSM 03.38 only and two SMS at most, as the places' SMS (models/sms.py): when too long, the
title and then what to bring are shortened; date, address and phone are what the person needs.
"""

from dataclasses import dataclass
from datetime import datetime

from models import gsm7
from models.opening_hours import paris_time
from models.sms import SMS_MAX_CHARS, SMS_MAX_SEGMENTS, national

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_SHORTEST = 12


@dataclass(frozen=True)
class SeatMessage:
    """What the confirmation says; `waiting_position` is set for the waiting list."""

    title: str
    starts_at: datetime
    ends_at: datetime
    place_name: str
    address: str
    what_to_bring: str | None
    phone: str | None
    waiting_position: int | None = None


def when_phrase(starts_at: datetime, ends_at: datetime) -> str:
    """« mardi 16/03/2027 10:00-12:00 », Paris time."""
    start, end = paris_time(starts_at), paris_time(ends_at)
    return f"{WEEKDAYS[start.weekday()]} {start:%d/%m/%Y} {start:%H:%M}-{end:%H:%M}"


def seat_sms(message: SeatMessage) -> str:
    """The text to send, in the GSM alphabet, at most two SMS."""
    head = "Atelier : "
    if message.waiting_position is not None:
        head = f"Liste d'attente (position {message.waiting_position}) : "
    title = gsm7.to_gsm7(message.title)
    rest = [when_phrase(message.starts_at, message.ends_at)]
    rest.append(gsm7.to_gsm7(f"{message.place_name}, {message.address}"))
    bring = gsm7.to_gsm7(f"Apportez : {message.what_to_bring}") if message.what_to_bring else ""
    phone = f"Tél. {national(message.phone)}" if message.phone else ""

    def text() -> str:
        return "\n".join(line for line in [head + title, *rest, bring, phone] if line)

    # Shorten the title, then what to bring: date, address and phone are what the person needs.
    while gsm7.septets(text()) > SMS_MAX_CHARS and len(title) > _SHORTEST + 3:
        title = title[: max(_SHORTEST, len(title) - 10)].rstrip(". ") + "..."
    while bring and gsm7.septets(text()) > SMS_MAX_CHARS:
        bring = bring[:-10].rstrip(". ") + "..." if len(bring) > 24 else ""
    result = text()
    while gsm7.segments(result) > SMS_MAX_SEGMENTS:
        result = result[:-1]
    return result
