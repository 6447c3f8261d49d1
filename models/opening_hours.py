"""Opening hours: OpenStreetMap `opening_hours` strings, validated and evaluated in Paris time."""

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, State  # type: ignore[attr-defined]

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

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


def status_at(expression: str | None, at: datetime) -> OpeningStatus:
    """Evaluate hours at an aware moment: no hours means unknown, never open."""
    if not expression:
        return OpeningStatus("unknown", None, "Horaires non renseignés")
    at = paris_time(at)
    hours = parse(expression)
    state, _comment = hours.state(at)
    change = hours.next_change(at)
    change = change.astimezone(PARIS) if change is not None else None
    if state == State.OPEN:
        return OpeningStatus("open", change, _open_label(at, change))
    if state == State.CLOSED:
        return OpeningStatus("closed", change, _closed_label(at, change))
    return OpeningStatus("unknown", change, "Horaires à confirmer")


def is_open(expression: str | None, at: datetime) -> bool:
    """True only when the hours say open at that moment."""
    return status_at(expression, at).state == "open"


def _open_label(at: datetime, change: datetime | None) -> str:
    if change is None:
        return "Ouvert"
    if change.date() == at.date():
        return f"Ouvert jusqu'à {change:%H:%M}"
    return f"Ouvert jusqu'à {_day_phrase(at, change)} {change:%H:%M}"


def _closed_label(at: datetime, change: datetime | None) -> str:
    if change is None:
        return "Fermé"
    return f"Fermé, ouvre {_day_phrase(at, change)} à {change:%H:%M}".replace(" aujourd'hui", "")


def _day_phrase(at: datetime, change: datetime) -> str:
    days = (change.date() - at.date()).days
    if days == 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    if days < 7:
        return WEEKDAYS_FR[change.weekday()]
    return f"le {change:%d/%m}"
