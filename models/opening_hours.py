"""Opening hours: OpenStreetMap `opening_hours` strings, validated and evaluated in Paris time."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, State  # type: ignore[attr-defined]

from models.public_holidays import holiday_name, next_holiday

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
HOLIDAY_UNCONFIRMED = "Jour férié : horaires non confirmés"
# `PH` as a selector, outside the quoted comments.
_PH_SELECTOR = re.compile(r"\bPH\b")
_COMMENT = re.compile(r'"[^"]*"')

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
def parse(expression: str) -> OpeningHours:
    """Parse an expression for France (public holidays) in Paris time; cached by string."""
    try:
        # Without country="FR", `PH off` never matches a public holiday.
        return OpeningHours(expression, country="FR", timezone=PARIS)
    except (ParserError, SyntaxError) as exc:
        raise InvalidOpeningHours(f"invalid opening_hours {expression!r}: {exc}") from exc


def normalise(expression: str) -> str:
    """Validate an expression and return its canonical form; raise InvalidOpeningHours."""
    stripped = " ".join(expression.split())
    if not stripped:
        raise InvalidOpeningHours("opening_hours is empty; leave it out when hours are unknown")
    return str(parse(stripped))


def paris_time(at: datetime) -> datetime:
    """Express an aware moment in Paris time; a naive one is taken as Paris wall time."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=PARIS)
    # The round trip through UTC resolves wall times that do not exist (spring clock change),
    # which opening-hours-py rejects with TypeError.
    return at.astimezone(UTC).astimezone(PARIS)


@lru_cache(maxsize=4096)
def states_public_holidays(expression: str) -> bool:
    """Whether the hours have a rule for public holidays (`PH off`, `PH 10:00-12:00`)."""
    return _PH_SELECTOR.search(_COMMENT.sub("", expression)) is not None


def holiday_unconfirmed(expression: str | None, day: date) -> bool:
    """A public holiday the hours say nothing about: what they say that day is not confirmed."""
    if not expression or holiday_name(day) is None:
        return False
    return not states_public_holidays(expression)


def status_at(expression: str | None, at: datetime) -> OpeningStatus:
    """Evaluate hours at an aware moment: no hours, or a holiday they do not state, is unknown."""
    if not expression:
        return OpeningStatus("unknown", None, "Horaires non renseignés")
    at = paris_time(at)
    stated = states_public_holidays(expression)
    if not stated and holiday_name(at.date()) is not None:
        return OpeningStatus("unknown", _after_holidays(at.date()), HOLIDAY_UNCONFIRMED)
    hours = parse(expression)
    state, _comment = hours.state(at)
    change = hours.next_change(at)
    change = change.astimezone(PARIS) if change is not None else None
    holiday = None if stated else _holiday_before(at, change)
    if holiday is not None:
        # The hours stop being confirmed when that holiday starts.
        change = datetime.combine(holiday, time(0), tzinfo=PARIS)
    if state == State.OPEN:
        return OpeningStatus("open", change, _open_label(at, change))
    if state == State.CLOSED:
        label = _closed_label(at, change)
        if holiday is not None:
            label = f"Fermé, {day_phrase(at.date(), holiday)} jour férié : horaires non confirmés"
        return OpeningStatus("closed", change, label)
    return OpeningStatus("unknown", change, "Horaires à confirmer")


def is_open(expression: str | None, at: datetime) -> bool:
    """True only when the hours say open at that moment."""
    return status_at(expression, at).state == "open"


def _holiday_before(at: datetime, change: datetime | None) -> date | None:
    """The first public holiday after today that starts before the hours' next change."""
    holiday = next_holiday(at.date())
    if holiday is None or (change is not None and holiday > change.date()):
        return None
    return holiday


def _after_holidays(day: date) -> datetime:
    """Midnight after this holiday (and after any holiday that follows it at once)."""
    day += timedelta(days=1)
    while holiday_name(day) is not None:
        day += timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=PARIS)


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
