"""A week of hours as a steward types them (each day: closed, one or two ranges), to and from
OpenStreetMap `opening_hours`, with the checks that refuse hours contradicting themselves."""

import itertools
import re
from dataclasses import dataclass
from typing import Literal

from models import opening_hours

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAYS_FR = dict(zip(DAYS, opening_hours.WEEKDAYS_FR, strict=True))
MAX_RANGES = 2
Holidays = Literal["closed", "unknown", "same"]
# A range as the grid holds it: ("09:00", "12:00").
Range = tuple[str, str]
Week = dict[str, list[Range]]

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_RULE = re.compile(r"^(?P<days>[A-Za-z,\-]+) (?P<ranges>closed|off|[\d:,\-]+)$")
_SAME_SUFFIX = " || PH closed"
_CLOSED_RULE = "PH closed"


class ContradictoryHours(ValueError):
    """Hours that cannot all be true; `problems` says each, in French."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Grid:
    """A week of ranges per day (a day left out is closed) and what holidays do."""

    week: Week
    holidays: Holidays = "unknown"


def problems(week: Week) -> list[str]:
    """Each contradiction in a week, in French: bad times, closing before opening, overlaps."""
    found: list[str] = []
    for day, ranges in week.items():
        if day not in DAYS:
            found.append(f"Jour inconnu « {day} » : utilisez Mo, Tu, We, Th, Fr, Sa ou Su.")
            continue
        name = DAYS_FR[day].capitalize()
        if len(ranges) > MAX_RANGES:
            found.append(f"{name} : au plus {MAX_RANGES} plages horaires par jour.")
        for opens, closes in ranges:
            bad = [t for t in (opens, closes) if not _TIME.match(t)]
            if bad:
                found.append(f"{name} : heure « {bad[0]} » invalide (exemple valide : 09:30).")
            elif closes <= opens:
                found.append(
                    f"{name} : la fermeture ({closes}) doit venir après l'ouverture ({opens})."
                )
        ordered = sorted(r for r in ranges if all(_TIME.match(t) for t in r))
        for (a_open, a_close), (b_open, b_close) in itertools.pairwise(ordered):
            if b_open < a_close:
                found.append(
                    f"{name} : les plages {a_open}–{a_close} et {b_open}–{b_close} se chevauchent."
                )
    return found


def to_opening_hours(grid: Grid) -> str | None:
    """The OSM expression of a grid (normalised), or None when no day has hours."""
    found = problems(grid.week)
    if found:
        raise ContradictoryHours(found)
    rules: list[str] = []
    # Days with the same ranges share one rule: "Mo,Tu,Th 09:00-12:00".
    by_ranges: dict[str, list[str]] = {}
    for day in DAYS:
        ranges = sorted(grid.week.get(day, []))
        if ranges:
            text = ",".join(f"{opens}-{closes}" for opens, closes in ranges)
            by_ranges.setdefault(text, []).append(day)
    rules = [f"{','.join(days)} {text}" for text, days in by_ranges.items()]
    if not rules:
        return None
    expression = "; ".join(rules)
    if grid.holidays == "closed":
        expression += "; PH off"
    elif grid.holidays == "same":
        # A fallback rule: a holiday follows its weekday's rule; on a day without one, closed.
        expression += " || PH off"
    return opening_hours.normalise(expression)


def from_opening_hours(expression: str | None) -> Grid | None:
    """The grid an expression says, or None when it holds more than the grid can show."""
    if not expression:
        return Grid({})
    holidays: Holidays = "unknown"
    if expression.endswith(_SAME_SUFFIX):
        expression, holidays = expression.removesuffix(_SAME_SUFFIX), "same"
    week: Week = {}
    for rule in expression.split("; "):
        if rule == _CLOSED_RULE and holidays == "unknown":
            holidays = "closed"
            continue
        match = _RULE.match(rule)
        days = _days(match["days"]) if match else None
        if match is None or days is None:
            return None
        ranges = _ranges(match["ranges"])
        if ranges is None:
            return None
        # A later rule replaces what an earlier one said about the same day (OSM semantics).
        for day in days:
            week[day] = ranges
    week = {day: ranges for day, ranges in week.items() if ranges}
    return None if problems(week) else Grid(week, holidays)


def _days(text: str) -> list[str] | None:
    days: list[str] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            return None
        start, end = DAYS.index(first), DAYS.index(last or first)
        if end < start:
            return None
        days.extend(DAYS[start : end + 1])
    return days


def _ranges(text: str) -> list[Range] | None:
    if text in ("closed", "off"):
        return []
    ranges: list[Range] = []
    for part in text.split(","):
        opens, sep, closes = part.partition("-")
        if not sep or not _TIME.match(opens) or not _TIME.match(closes):
            return None
        ranges.append((opens, closes))
    return ranges
