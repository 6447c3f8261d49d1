"""A short plain text to send a job seeker by SMS: where, when, how to call.

The text keeps to the GSM 03.38 alphabet (see models/gsm7.py), so that it costs at most two
SMS of 153 septets rather than switching the whole message to UCS-2.
"""

from datetime import datetime

from models import gsm7
from models.access_point import AccessPointPublic
from models.opening_hours import day_phrase, holiday_unconfirmed, paris_time, status_at
from models.weekly_hours import day_hours

SMS_MAX_SEGMENTS = 2
# Two concatenated parts hold 2 × 153 septets, and a character is at least one septet.
SMS_MAX_CHARS = SMS_MAX_SEGMENTS * gsm7.CONCATENATED_PART
_CHECK = "Horaires : à vérifier par téléphone"
_SHORTEST_NAME = 10


def sms_text(place: AccessPointPublic, at: datetime) -> str:
    """Name, address, today's hours or the next opening, phone; GSM alphabet, two SMS at most."""
    at = paris_time(at)
    parts = [place.name, f"{place.address}, {place.postcode} {place.commune}"]
    parts.append(_when(place.opening_hours, at))
    if place.phone:
        parts.append(f"Tél. {national(place.phone)}")
    return _fit([gsm7.to_gsm7(part) for part in parts])


def _when(hours: str | None, at: datetime) -> str:
    if not hours:
        return _CHECK
    if holiday_unconfirmed(hours, at.date()):
        return "Jour férié : horaires non confirmés, appelez avant"
    today = day_hours(hours, at.date())
    if any(end > f"{at:%H:%M}" for _start, end in today.intervals):
        return f"Aujourd'hui : {today.label}"
    status = status_at(hours, at)
    change = status.next_change
    if status.state != "closed" or change is None:
        return _CHECK
    phrase = day_phrase(at.date(), change.date())
    if holiday_unconfirmed(hours, change.date()):
        return f"Fermé maintenant, {phrase} jour férié : horaires non confirmés, appelez avant"
    return f"Fermé maintenant, ouvre {phrase} à {change:%H:%M}"


def _fit(parts: list[str]) -> str:
    """Shorten the name first: the address, hours and phone are what the person needs."""
    text = "\n".join(parts)
    overflow = gsm7.septets(text) - SMS_MAX_CHARS
    if overflow > 0:
        cut = parts[0][: max(len(parts[0]) - overflow - 3, _SHORTEST_NAME)]
        if " " in cut[_SHORTEST_NAME:]:
            cut = cut[: cut.rindex(" ")]  # at a word's end
        parts[0] = cut.rstrip() + "..."
        text = "\n".join(parts)
    while gsm7.segments(text) > SMS_MAX_SEGMENTS:
        text = text[:-1]
    return text


def national(phone: str) -> str:
    """+33380488414 → 03 80 48 84 14, the form people dial."""
    if phone.startswith("+33") and len(phone) == 12:
        digits = "0" + phone[3:]
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return phone
