"""Opening hours: OpenStreetMap `opening_hours` strings, validated and evaluated in local time."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, State  # type: ignore[attr-defined]

from models.public_holidays import (
    holiday_name,
    local_holiday_name,
    next_holiday,
    next_local_holiday,
)

PARIS_ZONE = "Europe/Paris"
PARIS = ZoneInfo(PARIS_ZONE)
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
HOLIDAY_UNCONFIRMED = "Jour férié : horaires non confirmés"
# `PH` as a selector, outside the quoted comments.
_PH_SELECTOR = re.compile(r"\bPH\b")
_COMMENT = re.compile(r'"[^"]*"')
# A last rule closing every public holiday: it can be applied to days the library ignores.
_PH_OFF_LAST = re.compile(r"(?:^|;)\s*PH\s+(?:off|closed)\s*$")

OpeningState = Literal["open", "closed", "unknown"]


class InvalidOpeningHours(ValueError):
    """The string is not valid OpenStreetMap `opening_hours` syntax."""


@dataclass(frozen=True, slots=True)
class OpeningStatus:
    """Whether a place is open at a moment, when that changes, and a French label for people."""

    state: OpeningState
    next_change: datetime | None
    label: str

    def as_dict(self) -> dict[str, object]:
        """Plain dict for JSON serialisation."""
        return {
            "state": self.state,
            "next_change": self.next_change.isoformat() if self.next_change else None,
            "label": self.label,
        }


@lru_cache(maxsize=4096)
def parse(expression: str, time_zone: str = PARIS_ZONE) -> OpeningHours:
    """Parse an expression for France (public holidays) in a zone's time; cached."""
    try:
        # Without country="FR", `PH off` never matches a public holiday.
        return OpeningHours(expression, country="FR", timezone=ZoneInfo(time_zone))
    except (ParserError, SyntaxError) as exc:
        raise InvalidOpeningHours(f"invalid opening_hours {expression!r}: {exc}") from exc


def normalise(expression: str) -> str:
    """Validate an expression and return its canonical form; raise InvalidOpeningHours."""
    stripped = " ".join(expression.split())
    if not stripped:
        raise InvalidOpeningHours("opening_hours is empty; leave it out when hours are unknown")
    return str(parse(stripped))


def local_time(at: datetime, time_zone: str = PARIS_ZONE) -> datetime:
    """Express an aware moment in a zone's time; a naive one is taken as that wall time."""
    zone = ZoneInfo(time_zone)
    if at.tzinfo is None:
        at = at.replace(tzinfo=zone)
    # The round trip through UTC resolves wall times that do not exist (spring clock change),
    # which opening-hours-py rejects with TypeError.
    return at.astimezone(UTC).astimezone(zone)


def paris_time(at: datetime) -> datetime:
    """Express an aware moment in Paris time; a naive one is taken as Paris wall time."""
    return local_time(at, PARIS_ZONE)


@lru_cache(maxsize=4096)
def states_public_holidays(expression: str) -> bool:
    """Whether the hours have a rule for public holidays (`PH off`, `PH 10:00-12:00`)."""
    return _PH_SELECTOR.search(_COMMENT.sub("", expression)) is not None


def holiday_unconfirmed(expression: str | None, day: date, department: str | None = None) -> bool:
    """A public holiday the hours say nothing about: what they say that day is not confirmed."""
    if not expression or holiday_name(day, department) is None:
        return False
    if local_holiday_name(day, department) is not None:
        return _PH_OFF_LAST.search(expression) is None
    return not states_public_holidays(expression)


def status_at(
    expression: str | None,
    at: datetime,
    *,
    time_zone: str = PARIS_ZONE,
    department: str | None = None,
) -> OpeningStatus:
    """Evaluate hours at an aware moment in the place's zone and department's holidays.

    No hours, or a holiday they do not state, is unknown. The department's own holidays
    (unknown to the hours library) are closed only when the hours end with `PH off`.
    """
    if not expression:
        return OpeningStatus("unknown", None, "Horaires non renseignés")
    at = local_time(at, time_zone)
    zone = ZoneInfo(time_zone)
    if holiday_unconfirmed(expression, at.date(), department):
        after = _after_holidays(at.date(), department, zone)
        return OpeningStatus("unknown", after, HOLIDAY_UNCONFIRMED)
    hours = parse(expression, time_zone)
    if local_holiday_name(at.date(), department) is not None:
        change = _next_opening(hours, _after_holidays(at.date(), department, zone))
        return OpeningStatus("closed", change, _closed_label(at, change))
    state, _comment = hours.state(at)
    change = _next_change(hours, at, expression, department, state == State.OPEN, zone)
    holiday = _holiday_before(at, change, expression, department)
    if holiday is not None:
        # The hours stop being confirmed when that holiday starts.
        change = datetime.combine(holiday, time(0), tzinfo=zone)
    if state == State.OPEN:
        return OpeningStatus("open", change, _open_label(at, change))
    if state == State.CLOSED:
        label = _closed_label(at, change)
        if holiday is not None:
            label = f"Fermé, {day_phrase(at.date(), holiday)} jour férié : horaires non confirmés"
        return OpeningStatus("closed", change, label)
    return OpeningStatus("unknown", change, "Horaires à confirmer")


def is_open(
    expression: str | None,
    at: datetime,
    *,
    time_zone: str = PARIS_ZONE,
    department: str | None = None,
) -> bool:
    """True only when the hours say open at that moment."""
    status = status_at(expression, at, time_zone=time_zone, department=department)
    return status.state == "open"


def _next_change(
    hours: OpeningHours,
    at: datetime,
    expression: str,
    department: str | None,
    is_open: bool,
    zone: ZoneInfo,
) -> datetime | None:
    """The library's next change, past the department's own holidays that `PH off` closes."""
    change = hours.next_change(at)
    change = change.astimezone(zone) if change is not None else None
    if department is None or _PH_OFF_LAST.search(expression) is None:
        return change
    day = at.date()
    while change is not None:
        local = next_local_holiday(day, department)
        if local is None or local > change.date():
            return change
        if is_open:
            return datetime.combine(local, time(0), tzinfo=zone)  # the holiday closes it
        change = _next_opening(hours, _after_holidays(local, department, zone))
        day = local
    return change


def _next_opening(hours: OpeningHours, moment: datetime) -> datetime | None:
    """`moment` if the hours are open then, else their next change after it."""
    if hours.state(moment)[0] == State.OPEN:
        return moment
    change = hours.next_change(moment)
    return change.astimezone(moment.tzinfo) if change is not None else None


def _holiday_before(
    at: datetime, change: datetime | None, expression: str, department: str | None
) -> date | None:
    """The first holiday after today that the hours leave unconfirmed, before their next
    change."""
    # Without a next change, look a year ahead, as far as a holiday can be.
    last = change.date() if change is not None else at.date() + timedelta(days=366)
    holiday = next_holiday(at.date(), department)
    while holiday is not None and holiday <= last:
        if holiday_unconfirmed(expression, holiday, department):
            return holiday
        holiday = next_holiday(holiday, department)
    return None


def _after_holidays(day: date, department: str | None, zone: ZoneInfo) -> datetime:
    """Midnight after this holiday (and after any holiday that follows it at once)."""
    day += timedelta(days=1)
    while holiday_name(day, department) is not None:
        day += timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=zone)


def _open_label(at: datetime, change: datetime | None) -> str:
    if change is None:
        return "Ouvert"
    end_day, clock = change.date(), f"{change:%H:%M}"
    if clock == "00:00":
        # Open until midnight reads "24:00" of the day before, as in the week view.
        end_day, clock = end_day - timedelta(days=1), "24:00"
    if end_day == at.date():
        return f"Ouvert jusqu'à {clock}"
    phrase = day_phrase(at.date(), end_day)
    if phrase.startswith("le "):
        return f"Ouvert jusqu'au {end_day:%d/%m} {clock}"
    return f"Ouvert jusqu'à {phrase} {clock}"


def _closed_label(at: datetime, change: datetime | None) -> str:
    if change is None:
        return "Fermé"
    phrase = day_phrase(at.date(), change.date())
    return f"Fermé, ouvre {phrase} à {change:%H:%M}".replace(" aujourd'hui", "")


def day_phrase(today: date, day: date) -> str:
    """How to say a day from today: « aujourd'hui », « demain », « mardi », « le 14/07 »."""
    days = (day - today).days
    if days == 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    if days < 7:
        return WEEKDAYS_FR[day.weekday()]
    return f"le {day:%d/%m}"


def opens_on_weekends(expression: str | None, today: date, time_zone: str = PARIS_ZONE) -> bool:
    """Whether the hours open at some time on a Saturday or Sunday in the coming 52 weeks.

    A year, so that seasonal rules count; public holidays aside, so that `PH 10:00-12:00`
    alone is no weekend opening. None (hours unknown) is False: unknown is not open.
    """
    if not expression:
        return False
    monday = today - timedelta(days=today.weekday())
    return _weekend_opening(expression, monday, time_zone)


@lru_cache(maxsize=4096)
def _weekend_opening(expression: str, monday: date, time_zone: str) -> bool:
    zone = ZoneInfo(time_zone)
    start = datetime.combine(monday, time(0), tzinfo=zone)
    end = start + timedelta(weeks=52)
    for begin, finish, state, _comment in parse(expression, time_zone).intervals(start, end):
        if state != State.OPEN:
            continue
        day = begin.astimezone(zone).date()
        last = (finish.astimezone(zone) - timedelta(seconds=1)).date()
        while day <= last:
            if day.weekday() >= 5 and holiday_name(day) is None:
                return True
            day += timedelta(days=1)
    return False
