"""Write places as a "Lieux de médiation numérique" v1.0.2 CSV file."""

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum

from models.access_point import AccessPointCreate, AccessPointPublic
from models.opening_hours import PARIS
from seed.formats.lieux_mediation_columns import COLUMNS, UNKNOWN_PIVOT, V1_SEPARATOR, Column
from seed.formats.lieux_mediation_values import FORMULA_STARTS

Place = AccessPointPublic | AccessPointCreate

SUMMARY_MAX = 280  # `presentation_resume` maxLength in the schema
# `+33…` is the standard's own phone format and coordinates may be negative: quoting these
# cells would make them invalid, and a spreadsheet reads them as numbers, not formulas.
NOT_NEUTRALISED = frozenset({"telephone", "latitude", "longitude"})


def write_lieux_mediation_csv(
    places: Iterable[Place],
    default_date: date | None = None,
    dates: Sequence[date] | None = None,
) -> str:
    """The 32 columns in the schema's order, `,`-delimited, `|` between values, `\\n` lines.

    `date_maj` is `dates[i]` when given (api.import_export.exporting decides them), else the
    place's facts
    date (its source's or steward's date, else its source's publication date), else
    `default_date`, else today: never when our database changed (`updated_at`).
    """
    places = list(places)
    fallback = default_date or datetime.now(PARIS).date()
    days = list(dates) if dates is not None else [_update_date(p, fallback) for p in places]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(column.name for column in COLUMNS)
    for place, export_id, day in zip(places, export_ids(places), days, strict=True):
        writer.writerow(_cells(place, export_id, day))
    return out.getvalue()


def export_ids(places: list[Place]) -> list[str]:
    """`id` = source_id, prefixed with the source where two sources share a source_id."""
    # The standard's `id` must be unique in a file, and one export can mix sources.
    sources: dict[str, set[str]] = defaultdict(set)
    for place in places:
        sources[place.source_id].add(place.source)
    return [
        f"{place.source}:{place.source_id}"
        if len(sources[place.source_id]) > 1
        else place.source_id
        for place in places
    ]


# (column, whether formula-like text is neutralised) in the schema's order.
_PLAN = tuple((column, column.name not in NOT_NEUTRALISED) for column in COLUMNS)
_AT = {column.name: at for at, column in enumerate(COLUMNS)}
_ID, _PIVOT, _DATE, _SUMMARY = (
    _AT[name] for name in ("id", "pivot", "date_maj", "presentation_resume")
)


def _cells(place: Place, export_id: str, day: date) -> list[str]:
    cells = [
        _neutralised(_cell(place, column)) if neutralised else _cell(place, column)
        for column, neutralised in _PLAN
    ]
    cells[_ID] = _neutralised(export_id)
    # Required by the standard, optional for us: the ecosystem's placeholder for "unknown".
    cells[_PIVOT] = _neutralised(place.pivot or UNKNOWN_PIVOT)
    cells[_DATE] = _neutralised(day.isoformat())
    # After neutralising, so that the added `'` cannot push it past the limit.
    cells[_SUMMARY] = _shortened(cells[_SUMMARY])
    return cells


def _cell(place: Place, column: Column) -> str:
    value = getattr(place, column.field)
    if value is None:
        return ""
    if type(value) is str:  # the most common case first; enums are str too, but not exactly
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, list):
        return V1_SEPARATOR.join([_list_item(column, item) for item in value])
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return _text(value)


def _text(value: object) -> str:
    text = value.value if isinstance(value, Enum) else str(value)
    # csv quotes values holding "\n" but not a lone "\r", which readers take for a line end.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _list_item(column: Column, item: object) -> str:
    text = _text(item)
    if column.name == "site_web":
        return text.replace(V1_SEPARATOR, "%7C")  # the same URL, percent-encoded
    return text.replace(V1_SEPARATOR, "/")


def _update_date(place: Place, fallback: date) -> date:
    facts_date: date | None = getattr(place, "facts_date", None) or place.source_updated_on
    return facts_date or fallback


def _shortened(summary: str) -> str:
    if len(summary) <= SUMMARY_MAX:
        return summary
    return summary[: SUMMARY_MAX - 1].rstrip() + "…"


def _neutralised(text: str) -> str:
    """A leading `'` keeps spreadsheets from running a cell as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
