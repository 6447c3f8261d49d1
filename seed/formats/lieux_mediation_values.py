"""Conversion of one cell of a "Lieux de médiation numérique" file; ValueError says why not."""

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from models import opening_hours
from models.overseas import department_of_place
from models.phone_numbers import localised, to_e164
from seed.formats.lieux_mediation_columns import UNKNOWN_PIVOT, Kind

# A CSV cell is text; a JSON value may also be a list of texts, or absent.
Cell = str | list[str] | None

# Characters a spreadsheet reads as the start of a formula; the export quotes them with `'`.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")

# (south, north, west, east) in WGS84 degrees.
Box = tuple[float, float, float, float]
FRANCE: tuple[Box, ...] = (
    (41.0, 51.5, -5.5, 10.0),  # metropolitan France and Corsica
    (15.8, 18.2, -63.2, -60.9),  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    (14.3, 14.95, -61.3, -60.75),  # Martinique
    (2.0, 5.9, -54.7, -51.5),  # Guyane
    (-21.45, -20.8, 55.2, 55.9),  # La Réunion
    (-13.1, -12.6, 44.9, 45.35),  # Mayotte
    (46.7, 47.2, -56.5, -56.1),  # Saint-Pierre-et-Miquelon
    # Pacific territories: the standard lists their phone codes and their RIDET pivot.
    (-22.9, -19.5, 163.5, 168.2),  # Nouvelle-Calédonie
    (-28.0, -7.8, -155.0, -134.0),  # Polynésie française
    (-14.4, -13.1, -178.3, -176.1),  # Wallis-et-Futuna
)


def unquote_formula(text: str) -> str:
    """Undo the export's `'` before a formula-like value, so a round trip keeps the value."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def single(cell: Cell) -> str:
    """The one text of a cell, trimmed; a list of several values is an error."""
    if cell is None:
        return ""
    if isinstance(cell, list):
        if len(cell) > 1:
            raise ValueError("une seule valeur est attendue, pas une liste")
        return single(cell[0]) if cell else ""
    return unquote_formula(cell.strip()).strip()


def items(cell: Cell, separator: re.Pattern[str]) -> list[str]:
    """The values of a multi-valued cell, trimmed, without empties."""
    if cell is None:
        return []
    parts = cell if isinstance(cell, list) else separator.split(cell)
    return [value for value in (single(part) for part in parts) if value]


def to_date(text: str) -> date:
    """`YYYY-MM-DD` (the standard) or `DD/MM/YYYY` (spreadsheets)."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA (exemple : 2025-03-01)")


def to_number(text: str) -> float:
    """A decimal number with `.` or `,` as decimal mark."""
    if not _NUMBER.fullmatch(text):
        raise ValueError("n'est pas un nombre décimal (exemple : 47.3216)")
    number = float(text.replace(",", "."))
    if not math.isfinite(number):
        raise ValueError("n'est pas un nombre fini (exemple : 47.3216)")
    return number


def to_phone(text: str) -> str:
    """Compacted; a national `0X…` number in E.164, `+33X…` or overseas (`+596596…`)."""
    return to_e164(text)


def localise_phone(fields: dict[str, Any]) -> None:
    """A short local number of a collectivity (Pacific, Saint-Pierre) takes its calling code,
    found from the row's INSEE code or postcode."""
    phone = fields.get("phone")
    if isinstance(phone, str) and not phone.startswith("+"):
        department = department_of_place(fields.get("insee_code"), fields.get("postcode"))
        fields["phone"] = localised(phone, department)


def to_hours(text: str) -> str:
    """Canonical OpenStreetMap `opening_hours`, validated now so the error names `horaires`."""
    try:
        return opening_hours.normalise(text)
    except opening_hours.InvalidOpeningHours as exc:
        raise ValueError(
            "n'est pas un horaire au format OpenStreetMap opening_hours "
            "(exemple : Mo-Fr 09:00-12:00,14:00-17:00)"
        ) from exc


def to_pivot(text: str) -> str | None:
    """SIRET, RNA or RIDET without spaces; the all-zero placeholder means unknown."""
    compact = "".join(text.split())
    return None if compact == UNKNOWN_PIVOT else compact


def in_france(latitude: float, longitude: float) -> bool:
    """Whether the point lies in metropolitan France or an overseas territory's box."""
    return any(s <= latitude <= n and w <= longitude <= e for s, n, w, e in FRANCE)


def location_problem(latitude: float, longitude: float) -> str | None:
    """Why these coordinates cannot be a French place, or None when they can."""
    if in_france(latitude, longitude):
        return None
    if in_france(longitude, latitude):
        return (
            "latitude et longitude semblent inversées "
            "(exemple : latitude 47.3216, longitude 5.0415)"
        )
    return (
        "le point est hors de France : vérifiez latitude et longitude (exemple : 47.3216, 5.0415)"
    )


def _keep(text: str) -> str:
    return text


# Scalar conversions by column kind; "list" and "source" are handled by the row builder.
SCALARS: dict[Kind, Callable[[str], Any]] = {
    "text": _keep,
    "date": to_date,
    "number": to_number,
    "phone": to_phone,
    "hours": to_hours,
    "pivot": to_pivot,
}
