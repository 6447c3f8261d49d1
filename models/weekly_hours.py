"""A week of opening hours, day by day, for people: "09:00–12:00, 14:00–18:00" or "Fermé".

A public holiday is named; when the hours say nothing about holidays, that day's hours are
not confirmed and the day says so instead of repeating the usual weekday's hours.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from opening_hours import State

from models.opening_hours import (
    HOLIDAY_UNCONFIRMED,
    PARIS_ZONE,
    WEEKDAYS_FR,
    holiday_unconfirmed,
    parse,
)
from models.public_holidays import holiday_name, local_holiday_name


@dataclass(frozen=True, slots=True)
class DayHours:
    """One day: its open intervals (local times), a French label, the holiday's name if any."""

    day: date
    weekday: str
    intervals: tuple[tuple[str, str], ...]
    label: str
    holiday: str | None = None


def day_hours(
    expression: str | None,
    day: date,
    *,
    time_zone: str = PARIS_ZONE,
    department: str | None = None,
) -> DayHours:
    """The open intervals of one calendar day in the place's zone (Paris by default)."""
    weekday, holiday = WEEKDAYS_FR[day.weekday()], holiday_name(day, department)
    if not expression:
        return DayHours(day, weekday, (), "Horaires non renseignés", holiday)
    if holiday_unconfirmed(expression, day, department):
        return DayHours(day, weekday, (), HOLIDAY_UNCONFIRMED, holiday)
    if local_holiday_name(day, department) is not None:
        return DayHours(day, weekday, (), "Fermé", holiday)  # `PH off` closes it
    zone = ZoneInfo(time_zone)
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    intervals = tuple(
        (f"{begin.astimezone(zone):%H:%M}", _end_label(finish, end))
        for begin, finish, state, _comment in parse(expression, time_zone).intervals(start, end)
        if state == State.OPEN
    )
    label = ", ".join(f"{a}–{b}" for a, b in intervals) if intervals else "Fermé"
    return DayHours(day, weekday, intervals, label, holiday)


def week_hours(
    expression: str | None,
    first_day: date,
    *,
    time_zone: str = PARIS_ZONE,
    department: str | None = None,
) -> list[DayHours]:
    """Seven days from `first_day`."""
    days = (first_day + timedelta(days=n) for n in range(7))
    return [day_hours(expression, d, time_zone=time_zone, department=department) for d in days]


def _end_label(finish: datetime, day_end: datetime) -> str:
    # An interval running to midnight ends at "24:00" of this day, not "00:00".
    return "24:00" if finish >= day_end else f"{finish.astimezone(day_end.tzinfo):%H:%M}"
