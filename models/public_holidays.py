"""French public holidays: which days, by department, and their names for people.

The days and their French names are the `holidays` package's calendar of France, with the
subdivision of the department or collectivity where it has one (Alsace-Moselle, the overseas
departments and collectivities). A day of a department that opening-hours-py's `PH` (the
national calendar of country "FR") does not know is a *local* holiday: the hours say
nothing about it, so it is told apart. `tests/models/test_public_holidays_table.py` compares
this with the hand-written table it replaced, every department and every day of 2020-2040.
"""

from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.easter import easter
from holidays import country_holidays
from holidays.countries import france
from opening_hours import OpeningHours, State

_PARIS = ZoneInfo("Europe/Paris")
_CALENDAR = OpeningHours("PH", country="FR", timezone=_PARIS)
# The library loads a country's module on first use (some 150 ms): imported above, it is
# loaded with this module at start-up, not by the first request that meets a holiday.
_COUNTRY = france.France.country
# INSEE code of the department or collectivity -> the library's subdivision of France.
SUBDIVISIONS: dict[str, str] = {
    "57": "57",  # Moselle
    "67": "6AE",  # Bas-Rhin (Alsace)
    "68": "6AE",  # Haut-Rhin (Alsace)
    "971": "971",  # Guadeloupe
    "972": "972",  # Martinique
    "973": "973",  # Guyane
    "974": "974",  # La Réunion
    "975": "PM",  # Saint-Pierre-et-Miquelon
    "976": "976",  # Mayotte
    "977": "BL",  # Saint-Barthélemy
    "978": "MF",  # Saint-Martin
    "984": "TF",  # Terres australes et antarctiques françaises
    "986": "WF",  # Wallis-et-Futuna
    "987": "PF",  # Polynésie française
    "988": "NC",  # Nouvelle-Calédonie
}
# The wording people have read until now where the library's French name is shorter
# (« Fête de la Victoire », « Armistice », « Ascension ») or spells the feast as the saint.
_WORDING = {
    "Fête de la Victoire": "Victoire 1945",
    "Armistice": "Armistice 1918",
    "Ascension": "Jeudi de l'Ascension",
    "Saint Étienne": "Saint-Étienne",
}
_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar."""
    sunday: date = easter(year)
    return sunday


@lru_cache(maxsize=256)
def library_days(year: int, subdivision: str | None) -> dict[date, tuple[str, ...]]:
    """The library's holidays of a year in French (national, or with a subdivision's days),
    each with the names of its feasts: built once per (year, subdivision)."""
    calendar = country_holidays(_COUNTRY, subdiv=subdivision, years=year, language="fr")
    return {day: tuple(calendar.get_list(day)) for day in sorted(calendar)}


@lru_cache(maxsize=256)
def _named(year: int, subdivision: str | None) -> dict[date, str]:
    """The holidays of a year and the names people read, in date order."""
    return {
        day: _name(day, names, subdivision)
        for day, names in library_days(year, subdivision).items()
    }


@lru_cache(maxsize=32)
def _ph_days(year: int) -> frozenset[date]:
    """The days opening-hours-py's `PH` counts in a year (the national calendar)."""
    start = datetime(year, 1, 1, tzinfo=_PARIS)
    end = datetime(year + 1, 1, 1, tzinfo=_PARIS)
    days: set[date] = set()
    for begin, finish, state, _comment in _CALENDAR.intervals(start, end):
        if state != State.OPEN:
            continue
        day, last = begin.astimezone(_PARIS).date(), finish.astimezone(_PARIS).date()
        while day < last:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def national_holidays(year: int) -> dict[date, str]:
    """The holidays of the whole country in a year, with names, in date order."""
    return _named(year, None)


@lru_cache(maxsize=256)
def holidays_of(year: int, department: str | None = None) -> dict[date, str]:
    """The public holidays of a year in a department (national ones without), in date order."""
    return _named(year, SUBDIVISIONS.get(department or ""))


@lru_cache(maxsize=256)
def local_holidays(year: int, department: str | None) -> dict[date, str]:
    """The days this department keeps that the hours library's `PH` does not know."""
    if SUBDIVISIONS.get(department or "") is None:
        return {}
    ph = _ph_days(year)
    return {day: name for day, name in holidays_of(year, department).items() if day not in ph}


def calendar_of(department: str | None) -> str | None:
    """The department if it has a calendar of its own, else None (the national calendar): a
    small key for caching evaluations by calendar."""
    return department if department in SUBDIVISIONS else None


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
    return tuple(holidays_of(year, department))


def _name(day: date, names: tuple[str, ...], subdivision: str | None) -> str:
    """« 14 juillet — Fête nationale » for a day kept on its date every year, « Lundi de
    Pâques » for a movable feast; two feasts on one day are both told, the dated first."""
    dated = ((name, _on_its_date(day, name, subdivision)) for name in names)
    told = [(not on_date, _told(day, name, on_date)) for name, on_date in dated]
    return " ; ".join(text for _movable, text in sorted(told))


def _told(day: date, name: str, on_its_date: bool) -> str:
    wording = _WORDING.get(name, name)
    if not on_its_date:
        return wording
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {_MONTHS[day.month - 1]} — {wording}"


def _on_its_date(day: date, name: str, subdivision: str | None) -> bool:
    """Whether the library keeps this feast on the same date the year before or after (a
    movable feast, bound to Easter, never falls on one date two years running)."""
    for year in (day.year - 1, day.year + 1):
        try:
            other = day.replace(year=year)
        except ValueError:  # 29 February
            continue
        if name in library_days(year, subdivision).get(other, ()):
            return True
    return False
