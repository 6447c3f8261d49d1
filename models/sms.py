"""A short plain text to send a job seeker by SMS: where, when, how to call."""

from datetime import datetime

from models.access_point import AccessPointPublic
from models.opening_hours import paris_time, status_at
from models.weekly_hours import day_hours

SMS_MAX_CHARS = 320


def sms_text(place: AccessPointPublic, at: datetime) -> str:
    """Name, address, today's hours or the next opening, phone; at most 320 characters."""
    at = paris_time(at)
    parts = [place.name, f"{place.address}, {place.postcode} {place.commune}"]
    parts.append(_when(place.opening_hours, at))
    if place.phone:
        parts.append(f"Tél. {_national(place.phone)}")
    text = "\n".join(parts)
    if len(text) <= SMS_MAX_CHARS:
        return text
    # Shorten the name first: the address, hours and phone are what the person needs.
    overflow = len(text) - SMS_MAX_CHARS
    parts[0] = parts[0][: max(len(parts[0]) - overflow - 1, 10)] + "…"
    return "\n".join(parts)[:SMS_MAX_CHARS]


def _when(hours: str | None, at: datetime) -> str:
    if not hours:
        return "Horaires : à vérifier par téléphone"
    today = day_hours(hours, at.date())
    if today.intervals:
        return f"Aujourd'hui : {today.label}"
    status = status_at(hours, at)
    return status.label if status.next_change else "Horaires : à vérifier par téléphone"


def _national(phone: str) -> str:
    """+33380488414 → 03 80 48 84 14, the form people dial."""
    if phone.startswith("+33") and len(phone) == 12:
        digits = "0" + phone[3:]
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return phone
