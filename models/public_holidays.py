"""French public holidays (metropolitan France): which days, and their names for people.

Which days are holidays is opening-hours-py's calendar for country "FR", the one that `PH`
rules are evaluated against, so a name is never given to a day the hours treat otherwise.
The names are written here: neither opening-hours-py nor any installed package gives them.
"""

from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, State

_PARIS = ZoneInfo("Europe/Paris")
_CALENDAR = OpeningHours("PH", country="FR", timezone=_PARIS)
_FIXED = {
    (1, 1): "1er janvier — Jour de l'an",
    (5, 1): "1er mai — Fête du Travail",
    (5, 8): "8 mai — Victoire 1945",
    (7, 14): "14 juillet — Fête nationale",
    (8, 15): "15 août — Assomption",
    (11, 1): "1er novembre — Toussaint",
    (11, 11): "11 novembre — Armistice 1918",
    (12, 25): "25 décembre — Noël",
}
# Days after Easter Sunday.
_MOVABLE = {1: "Lundi de Pâques", 39: "Jeudi de l'Ascension", 50: "Lundi de Pentecôte"}
_FALLBACK = "Jour férié"


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday_shift) // 433
    month = (h + weekday_shift - 7 * m + 90) // 25
    day = (h + weekday_shift - 7 * m + 33 * month + 19) % 32
    return date(year, month, day)


@lru_cache(maxsize=32)
def holidays_of(year: int) -> dict[date, str]:
    """The public holidays of a year, in date order, with their French names."""
    start = datetime(year, 1, 1, tzinfo=_PARIS)
    end = datetime(year + 1, 1, 1, tzinfo=_PARIS)
    easter = easter_sunday(year)
    days: dict[date, str] = {}
    for begin, finish, state, _comment in _CALENDAR.intervals(start, end):
        if state != State.OPEN:
            continue
        day, last = begin.astimezone(_PARIS).date(), finish.astimezone(_PARIS).date()
        while day < last:
            days[day] = _name(day, easter)
            day += timedelta(days=1)
    return days


def holiday_name(day: date) -> str | None:
    """The holiday's name (« 14 juillet — Fête nationale »), or None on an ordinary day."""
    return holidays_of(day.year).get(day)


def next_holiday(after: date) -> date | None:
    """The first public holiday strictly after a day, looking into the next year too."""
    for year in (after.year, after.year + 1):
        days = _sorted_days(year)
        position = bisect_right(days, after)
        if position < len(days):
            return days[position]
    return None


@lru_cache(maxsize=32)
def _sorted_days(year: int) -> tuple[date, ...]:
    return tuple(sorted(holidays_of(year)))


def _name(day: date, easter: date) -> str:
    return _FIXED.get((day.month, day.day)) or _MOVABLE.get((day - easter).days) or _FALLBACK
