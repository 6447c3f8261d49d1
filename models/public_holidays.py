"""French public holidays: which days, by department, and their names for people.

The national days are opening-hours-py's calendar for country "FR", the one that `PH` rules
are evaluated against, so a name is never given to a day the hours treat otherwise. The
library knows no department's own days (nor the overseas ISO codes): those are written here,
as are the names, which neither opening-hours-py nor any installed package gives.
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
_ABOLITION = "Abolition de l'esclavage"
# Days a department adds to the national ones. Abolition of slavery: loi n° 83-550 and
# décret n° 83-1003 (Saint-Barthélemy: décret n° 2012-553; Saint-Martin: 28 May since 2018).
# Alsace-Moselle: code du travail, art. L3134-13 (Good Friday is in LOCAL_MOVABLE).
LOCAL_FIXED: dict[str, dict[tuple[int, int], str]] = {
    "971": {(5, 27): f"27 mai — {_ABOLITION}"},
    "972": {(5, 22): f"22 mai — {_ABOLITION}"},
    "973": {(6, 10): f"10 juin — {_ABOLITION}"},
    "974": {(12, 20): f"20 décembre — {_ABOLITION}"},
    "976": {(4, 27): f"27 avril — {_ABOLITION}"},
    "977": {(10, 9): f"9 octobre — {_ABOLITION}"},
    "978": {(5, 28): f"28 mai — {_ABOLITION}"},
    "57": {(12, 26): "26 décembre — Saint-Étienne"},
    "67": {(12, 26): "26 décembre — Saint-Étienne"},
    "68": {(12, 26): "26 décembre — Saint-Étienne"},
}
# Days before (negative) or after Easter Sunday.
LOCAL_MOVABLE: dict[str, dict[int, str]] = {
    "57": {-2: "Vendredi saint"},
    "67": {-2: "Vendredi saint"},
    "68": {-2: "Vendredi saint"},
}


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
def national_holidays(year: int) -> dict[date, str]:
    """The holidays of the whole country in a year (the library's calendar), with names."""
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


@lru_cache(maxsize=256)
def holidays_of(year: int, department: str | None = None) -> dict[date, str]:
    """The public holidays of a year in a department (national ones without), in date order."""
    return dict(sorted({**national_holidays(year), **local_holidays(year, department)}.items()))


@lru_cache(maxsize=256)
def local_holidays(year: int, department: str | None) -> dict[date, str]:
    """The days only this department keeps, which the hours library does not know."""
    easter = easter_sunday(year)
    days = {
        date(year, m, d): name for (m, d), name in LOCAL_FIXED.get(department or "", {}).items()
    }
    for offset, name in LOCAL_MOVABLE.get(department or "", {}).items():
        days[easter + timedelta(days=offset)] = name
    national = national_holidays(year)
    return {day: name for day, name in days.items() if day not in national}


def calendar_of(department: str | None) -> str | None:
    """The department if it keeps days of its own, else None (the national calendar): a
    small key for caching evaluations by calendar."""
    has_own = department in LOCAL_FIXED or department in LOCAL_MOVABLE
    return department if has_own else None


def holiday_name(day: date, department: str | None = None) -> str | None:
    """The holiday's name (« 14 juillet — Fête nationale »), or None on an ordinary day."""
    return holidays_of(day.year, department).get(day)


def local_holiday_name(day: date, department: str | None) -> str | None:
    """The name of a holiday of the department alone (unknown to `PH` rules), or None."""
    return local_holidays(day.year, department).get(day) if department else None


def next_holiday(after: date, department: str | None = None) -> date | None:
    """The first public holiday strictly after a day, looking into the next year too."""
    for year in (after.year, after.year + 1):
        days = _sorted_days(year, department)
        position = bisect_right(days, after)
        if position < len(days):
            return days[position]
    return None


def next_local_holiday(after: date, department: str | None) -> date | None:
    """The first holiday of the department alone strictly after a day, this year or next."""
    for year in (after.year, after.year + 1):
        later = sorted(day for day in local_holidays(year, department) if day > after)
        if later:
            return later[0]
    return None


@lru_cache(maxsize=256)
def _sorted_days(year: int, department: str | None) -> tuple[date, ...]:
    return tuple(sorted(holidays_of(year, department)))


def _name(day: date, easter: date) -> str:
    return _FIXED.get((day.month, day.day)) or _MOVABLE.get((day - easter).days) or _FALLBACK
