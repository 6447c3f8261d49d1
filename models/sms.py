"""A short plain text to send a job seeker by SMS: where, when, how to call.

The text keeps to the GSM 03.38 alphabet (see models/gsm7.py), so that it costs at most two
SMS of 153 septets rather than switching the whole message to UCS-2.
"""

from datetime import datetime
from typing import NamedTuple

from models import gsm7
from models.access_point import AccessPointPublic
from models.opening_hours import day_phrase, holiday_unconfirmed, local_time, status_at
from models.overseas import place_clock
from models.public_holidays import calendar_of
from models.weekly_hours import day_hours

SMS_MAX_SEGMENTS = 2
# Two concatenated parts hold 2 × 153 septets, and a character is at least one septet.
SMS_MAX_CHARS = SMS_MAX_SEGMENTS * gsm7.CONCATENATED_PART
_CHECK = "Horaires : à vérifier par téléphone"
_SHORTEST_NAME = 10


def sms_text(place: AccessPointPublic, at: datetime, transit: str | None = None) -> str:
    """Name, address, the nearest stop when given, today's hours or the next opening, phone;
    GSM alphabet, two SMS at most.

    Times are the place's own: Pointe-à-Pitre's hours in Guadeloupe's time, with its holidays.
    `transit` (« Tram T1, arrêt République : 4 min à pied ») is left out rather than cut, when
    the name could not be shortened enough to keep it whole.
    """
    zone, department = place_clock(place.insee_code, place.postcode)
    clock = Clock(zone, calendar_of(department))
    at = local_time(at, zone)
    parts = [place.name, f"{place.address}, {place.postcode} {place.commune}"]
    parts.append(_when(place.opening_hours, at, clock))
    if place.phone:
        parts.append(f"Tél. {national(place.phone)}")
    parts = [gsm7.to_gsm7(part) for part in parts]
    if transit:
        text = _fit([*parts[:2], gsm7.to_gsm7(transit), *parts[2:]])
        if text.endswith(parts[-1]):  # nothing after the name was cut
            return text
    return _fit(parts)


class Clock(NamedTuple):
    """A place's time zone and holiday calendar (None: the national one)."""

    zone: str
    calendar: str | None


def _when(hours: str | None, at: datetime, clock: Clock) -> str:
    if not hours:
        return _CHECK
    if holiday_unconfirmed(hours, at.date(), clock.calendar):
        return "Jour férié : horaires non confirmés, appelez avant"
    today = day_hours(hours, at.date(), time_zone=clock.zone, department=clock.calendar)
    if any(end > f"{at:%H:%M}" for _start, end in today.intervals):
        return f"Aujourd'hui : {today.label}"
    status = status_at(hours, at, time_zone=clock.zone, department=clock.calendar)
    change = status.next_change
    if status.state != "closed" or change is None:
        return _CHECK
    change = local_time(change, clock.zone)
    phrase = day_phrase(at.date(), change.date())
    if holiday_unconfirmed(hours, change.date(), clock.calendar):
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


# Calling codes whose numbers are dialled at home as ten digits starting with 0: the
# métropole and the overseas departments (Guadeloupe, Guyane, Martinique, La Réunion, Mayotte).
_TEN_DIGIT_CODES = ("33", "590", "594", "596", "262")


def national(phone: str) -> str:
    """+33380488414 → 03 80 48 84 14, +590590123456 → 05 90 12 34 56: the form people dial."""
    for code in _TEN_DIGIT_CODES:
        prefix = f"+{code}"
        if phone.startswith(prefix) and len(phone) == len(prefix) + 9:
            digits = "0" + phone[len(prefix) :]
            return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return phone
