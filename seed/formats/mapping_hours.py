"""Opening hours of a mapped CSV: day columns or an OSM column, to one OSM `opening_hours`."""

import re
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import Field, model_validator

from models import opening_hours
from seed.formats.mapping_values import Strict, is_placeholder

# Mapping keys in week order, with their OSM abbreviations.
DAYS = (
    ("monday", "Mo"),
    ("tuesday", "Tu"),
    ("wednesday", "We"),
    ("thursday", "Th"),
    ("friday", "Fr"),
    ("saturday", "Sa"),
    ("sunday", "Su"),
)
# Cells that state no opening: an empty cell, a dash, or "closed" in French or English.
_NO_HOURS = frozenset({"", "-", "–", "—", "fermé", "fermée", "ferme", "closed"})
# `9h`, `9h30`, `09:00`, `9.30`; a time needs its `h` or `:` so that `9-12` is not guessed.
_TIME = r"(\d{1,2})\s*(?:h\s*(\d{2})?|[:.](\d{2}))"
_RANGE = re.compile(rf"^(?:de\s+)?{_TIME}\s*(?:-|–|—|à|a)\s*{_TIME}$")
# Between two ranges of one cell: `/`, `,`, `;`, `+`, `&` or the word `et`.
_BETWEEN = re.compile(r"\s*(?:[/,;+&]|\bet\b)\s*")


class CellError(ValueError):
    """One cell cannot be read; carries the column and the cell for the row's error list."""

    def __init__(self, column: str, cell: str, reason: str) -> None:
        super().__init__(f"{column}: {reason} {cell!r}")
        self.column, self.cell, self.reason = column, cell, reason


class CellErrors(ValueError):
    """Every unreadable cell of one row's hours."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


class _HoursOptions(Strict):
    """Keys every kind of `[hours]` takes.

    `public_holidays = "off"`: the source states that its places close on public holidays;
    `PH off` is added to each row's hours that have no `PH` rule of their own.
    `placeholders = ["00:00 - 00:00", "NC"]`: cells the file writes when it knows nothing;
    such a cell is read as empty (an OSM column's hours are then unknown).
    """

    public_holidays: Literal["off"] | None = None
    placeholders: tuple[str, ...] = ()


class _DayColumns(_HoursOptions):
    """Optional day keys; at least one is required."""

    @model_validator(mode="after")
    def _some_day(self) -> "_DayColumns":
        if not self.day_columns():
            raise ValueError("nommez les colonnes d'au moins un jour (monday … sunday)")
        return self

    def day_columns(self) -> dict[str, tuple[str, ...]]:
        """Day key → its columns, in week order, for the days the file has."""
        found = {day: getattr(self, day) for day, _ in DAYS}
        return {day: (c,) if isinstance(c, str) else c for day, c in found.items() if c}


class HalfDayHours(_DayColumns):
    """Two columns per day (morning, afternoon), each holding one range like `8h30-12h`."""

    kind: Literal["half_days"]
    monday: tuple[str, str] | None = None
    tuesday: tuple[str, str] | None = None
    wednesday: tuple[str, str] | None = None
    thursday: tuple[str, str] | None = None
    friday: tuple[str, str] | None = None
    saturday: tuple[str, str] | None = None
    sunday: tuple[str, str] | None = None


class PerDayHours(_DayColumns):
    """One column per day, holding ranges like `09:00 - 12:00 / 13:30 - 17:00` or `fermé`."""

    kind: Literal["per_day"]
    monday: str | None = None
    tuesday: str | None = None
    wednesday: str | None = None
    thursday: str | None = None
    friday: str | None = None
    saturday: str | None = None
    sunday: str | None = None


class OsmHours(_HoursOptions):
    """One column already in OpenStreetMap `opening_hours` syntax."""

    kind: Literal["osm"]
    column: str


HoursSpec = Annotated[HalfDayHours | PerDayHours | OsmHours, Field(discriminator="kind")]


def hours_columns(spec: HoursSpec) -> list[str]:
    """Every file column the hours are read from."""
    if isinstance(spec, OsmHours):
        return [spec.column]
    return [column for columns in spec.day_columns().values() for column in columns]


def read_hours(spec: HoursSpec, row: Mapping[str, str]) -> str | None:
    """The row's hours in OSM syntax, or None when nothing is stated; raise CellErrors."""
    cells = {column: row.get(column) or "" for column in hours_columns(spec)}
    if spec.placeholders:
        cells = {c: "" if is_placeholder(v, spec.placeholders) else v for c, v in cells.items()}
    if isinstance(spec, OsmHours):
        hours = _osm_cell(spec.column, cells.get(spec.column, "").strip())
    else:
        hours = week_to_osm(spec.day_columns(), cells)
    if hours is None or spec.public_holidays is None:
        return hours
    return with_public_holidays_off(hours)


def with_public_holidays_off(hours: str) -> str:
    """The hours closed on public holidays, unless they already have a `PH` rule."""
    if opening_hours.states_public_holidays(hours):
        return hours
    return opening_hours.normalise(f"{hours}; PH off")


def _osm_cell(column: str, cell: str) -> str | None:
    """An OSM cell, validated and canonical; None when empty."""
    if not cell:
        return None
    try:
        return opening_hours.normalise(cell)
    except opening_hours.InvalidOpeningHours as exc:
        raise CellErrors(
            [
                CellError(
                    column,
                    cell,
                    "n'est pas un horaire OpenStreetMap (exemple : Mo-Fr 09:00-12:00)",
                )
            ]
        ) from exc


def week_to_osm(day_columns: Mapping[str, tuple[str, ...]], row: Mapping[str, str]) -> str | None:
    """OSM hours from day columns; None when no day has an opening (unknown, not closed)."""
    errors: list[CellError] = []
    week: list[list[str]] = []
    for day, _ in DAYS:
        ranges: list[tuple[str, str]] = []
        for column in day_columns.get(day, ()):
            try:
                ranges.extend(parse_cell(column, row.get(column) or ""))
            except CellError as error:
                errors.append(error)
        week.append([f"{start}-{end}" for start, end in _merge_touching(sorted(ranges))])
    if errors:
        raise CellErrors(errors)
    if not any(week):
        # A file that leaves every day blank says nothing: unknown, not always closed.
        return None
    rules = [f"{_day_span(first, last)} {','.join(r)}" for first, last, r in _runs(week) if r]
    return opening_hours.normalise("; ".join(rules))


def parse_cell(column: str, cell: str) -> list[tuple[str, str]]:
    """(`HH:MM`, `HH:MM`) ranges of one cell; raise CellError naming the column and cell."""
    text = " ".join(cell.split()).lower()
    if text in _NO_HOURS:
        return []
    return [_parse_range(column, cell, part) for part in _BETWEEN.split(text)]


def _parse_range(column: str, cell: str, part: str) -> tuple[str, str]:
    """`8h30-12h` → ("08:30", "12:00")."""
    match = _RANGE.match(part)
    if match is None:
        raise CellError(column, cell, "horaire illisible (exemple : 8h30-12h)")
    hour1, min1, min1b, hour2, min2, min2b = match.groups()
    start, end = _clock(hour1, min1 or min1b), _clock(hour2, min2 or min2b)
    if start is None or end is None or end <= start:
        raise CellError(
            column,
            cell,
            "horaire impossible : heure invalide ou fermeture avant l'ouverture "
            "(exemple : 8h30-12h)",
        )
    return start, end


def _clock(hours: str, minutes: str | None) -> str | None:
    """`HH:MM` for a time of day up to 24:00; None when out of range."""
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        return None
    return f"{h:02d}:{m:02d}"


def _merge_touching(ranges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join ranges that meet or overlap: `10h-12h` then `12h-17h` is one opening."""
    merged: list[tuple[str, str]] = []
    for start, end in ranges:
        # Zero-padded `HH:MM` strings compare in time order.
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _runs(week: list[list[str]]) -> list[tuple[int, int, list[str]]]:
    """(first day, last day, ranges) for each run of consecutive days with equal hours."""
    runs: list[tuple[int, int, list[str]]] = []
    for index, ranges in enumerate(week):
        if runs and runs[-1][2] == ranges:
            runs[-1] = (runs[-1][0], index, ranges)
        else:
            runs.append((index, index, ranges))
    return runs


def _day_span(first: int, last: int) -> str:
    """`Mo` for one day, `Mo-Fr` for a run."""
    return DAYS[first][1] if first == last else f"{DAYS[first][1]}-{DAYS[last][1]}"
