"""A week of opening hours, day by day, for people: "09:00–12:00, 14:00–18:00" or "Fermé".

A public holiday is named; when the hours say nothing about holidays, that day's hours are
not confirmed and the day says so instead of repeating the usual weekday's hours.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from opening_hours import State

from models.opening_hours import (
    HOLIDAY_UNCONFIRMED,
    PARIS,
    WEEKDAYS_FR,
    holiday_unconfirmed,
    parse,
)
from models.public_holidays import holiday_name


@dataclass(frozen=True, slots=True)
class DayHours:
    """One day: its open intervals (local times), a French label, the holiday's name if any."""

    day: date
    weekday: str
    intervals: tuple[tuple[str, str], ...]
    label: str
    holiday: str | None = None


def day_hours(expression: str | None, day: date) -> DayHours:
    """The open intervals of one calendar day in Paris."""
    weekday, holiday = WEEKDAYS_FR[day.weekday()], holiday_name(day)
    if not expression:
        return DayHours(day, weekday, (), "Horaires non renseignés", holiday)
    if holiday_unconfirmed(expression, day):
        return DayHours(day, weekday, (), HOLIDAY_UNCONFIRMED, holiday)
    start = datetime.combine(day, time(0), tzinfo=PARIS)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=PARIS)
    intervals = tuple(
        (f"{begin.astimezone(PARIS):%H:%M}", _end_label(finish, end))
        for begin, finish, state, _comment in parse(expression).intervals(start, end)
        if state == State.OPEN
    )
    label = ", ".join(f"{a}–{b}" for a, b in intervals) if intervals else "Fermé"
    return DayHours(day, weekday, intervals, label, holiday)


def week_hours(expression: str | None, first_day: date) -> list[DayHours]:
    """Seven days from `first_day`."""
    return [day_hours(expression, first_day + timedelta(days=n)) for n in range(7)]


def _end_label(finish: datetime, day_end: datetime) -> str:
    # An interval running to midnight ends at "24:00" of this day, not "00:00".
    return "24:00" if finish >= day_end else f"{finish.astimezone(PARIS):%H:%M}"
