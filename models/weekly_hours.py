"""A week of opening hours, day by day, for people: "09:00–12:00, 14:00–18:00" or "Fermé"."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from opening_hours import State

from models.opening_hours import PARIS, WEEKDAYS_FR, parse


@dataclass(frozen=True, slots=True)
class DayHours:
    """One day: its open intervals (local times) and a French label; None hours = unknown."""

    day: date
    weekday: str
    intervals: tuple[tuple[str, str], ...]
    label: str


def day_hours(expression: str | None, day: date) -> DayHours:
    """The open intervals of one calendar day in Paris."""
    weekday = WEEKDAYS_FR[day.weekday()]
    if not expression:
        return DayHours(day, weekday, (), "Horaires non renseignés")
    start = datetime.combine(day, time(0), tzinfo=PARIS)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=PARIS)
    intervals = tuple(
        (f"{begin.astimezone(PARIS):%H:%M}", _end_label(finish, end))
        for begin, finish, state, _comment in parse(expression).intervals(start, end)
        if state == State.OPEN
    )
    label = ", ".join(f"{a}–{b}" for a, b in intervals) if intervals else "Fermé"
    return DayHours(day, weekday, intervals, label)


def week_hours(expression: str | None, first_day: date) -> list[DayHours]:
    """Seven days from `first_day`."""
    return [day_hours(expression, first_day + timedelta(days=n)) for n in range(7)]


def _end_label(finish: datetime, day_end: datetime) -> str:
    # An interval running to midnight ends at "24:00" of this day, not "00:00".
    return "24:00" if finish >= day_end else f"{finish.astimezone(PARIS):%H:%M}"
