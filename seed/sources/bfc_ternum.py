"""Convert rows of MedNum BFC's census of digital-mediation places (bfc-ternum-dataset.csv).

The file codes its facts as `-`-separated lists (meanings in bfc-ternum-fields-custom-props.json
and the data README). What each code becomes here:

- `code_label`: `P` → network "PANDA" (also given to a place whose name starts with "PANDA":
  "PANDA Université" lacks the code); `DM` → network "Réseau Dijon métropole"; `MFS` (Maison
  France Services) and `MSAP` (Maison de Services Au Public, its former name) → national
  programme "France Services".
  Dropped, because neither the standard's `dispositif_programmes_nationaux` nor its
  `formations_labels` has an equivalent: `APTIC` (a "pass numérique" voucher scheme), `CTL`
  (regional charter of third places), `FTL` (France Tiers-Lieux), `NMM` (Nièvre médiation
  numérique) and `RIN` (Chalon-Louhans network), which are local or private labels; and `BFC`,
  `F` and the other codes the source uses without defining them, which we cannot interpret.
- `code_typo`: `TL` (tiers-lieu) → typology `TIERS_LIEUX`. `M`, `I`, `T`, `O` and `F` describe
  activities (mediation, information, work, training, fabrication), not a kind of structure:
  data.inclusion's typology codes have no equivalent, so they are dropped.
- `code_accomp`: `A` → "En autonomie"; `L` (free access with help at hand) → "En autonomie" and
  "Accompagnement individuel"; `RDV` → "Accompagnement individuel"; `G` → "Dans un atelier
  collectif"; `R` (repair workshop) is a service, not a way of being helped: dropped.
  Any other code is an error, since this list is closed.

Nothing the file does not state is added: no fees, audiences, access modes or accessibility.
The only exception is what the PANDA network states for all its points (computers with
internet access lent to visitors).
"""

import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TypeVar

import phonenumbers
from pydantic import ValidationError

from models import opening_hours
from models.access_point import AccessPointCreate
from models.commune import CommuneBase
from models.text import fold_place_name
from models.vocabulary import (
    Accessibility,
    Equipment,
    NationalProgramme,
    Service,
    SupportMode,
)

SOURCE = "mednum-bfc"

PANDA_NETWORK = "PANDA"
DIJON_NETWORK = "Réseau Dijon métropole"

# French day names of the columns, in week order, with their OSM abbreviations.
DAYS = (
    ("lundi", "Mo"),
    ("mardi", "Tu"),
    ("mercredi", "We"),
    ("jeudi", "Th"),
    ("vendredi", "Fr"),
    ("samedi", "Sa"),
    ("dimanche", "Su"),
)
HALF_DAYS = ("matin", "après-midi")
HOUR_COLUMNS = tuple(f"{day} {half}" for day, _ in DAYS for half in HALF_DAYS)

COLUMNS = (
    "bfc_id",
    "mise_a_jour",
    "lon",
    "lat",
    "adresse",
    "code_postal",
    "ville",
    "nom_structure",
    "url_lieu",
    "contact_email",
    "contact_tel",
    "code_typo",
    "code_label",
    "code_accomp",
    *HOUR_COLUMNS,
)

SUPPORT_MODES_BY_CODE: dict[str, tuple[SupportMode, ...]] = {
    "A": (SupportMode.SELF_SERVICE,),
    "L": (SupportMode.SELF_SERVICE, SupportMode.INDIVIDUAL),
    "RDV": (SupportMode.INDIVIDUAL,),
    "G": (SupportMode.GROUP_WORKSHOP,),
    "R": (),
}
FRANCE_SERVICES_CODES = frozenset({"MFS", "MSAP"})
TIERS_LIEUX = "TIERS_LIEUX"

# `9h-12h`, `8h30-12h`, `13h45-18h15`; a missing dash (`9h12h`) is rejected, not guessed.
_RANGE = re.compile(r"^(\d{1,2})h(\d{2})?\s*-\s*(\d{1,2})h(\d{2})?$")
# A cell that says "no hours this half-day".
_NO_HOURS = frozenset({"", "-"})
_PANDA_NAME = re.compile(r"^PANDA\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")

C = TypeVar("C", bound=CommuneBase)
T = TypeVar("T")


def half_days_to_osm(columns: Mapping[str, str]) -> str | None:
    """OSM opening_hours from the 14 half-day columns; None when no half-day has hours."""
    week = [_day_ranges(columns, day) for day, _ in DAYS]
    if not any(week):
        # Nothing filled in means unknown hours, not a place that is always closed.
        return None
    rules = []
    for first, last, ranges in _runs_of_equal_days(week):
        if ranges:
            rules.append(f"{_day_span(first, last)} {','.join(ranges)}")
    return opening_hours.normalise("; ".join(rules))


def _day_ranges(columns: Mapping[str, str], day: str) -> list[str]:
    """A day's time ranges as `HH:MM-HH:MM`, in order of opening time."""
    ranges = []
    for half in HALF_DAYS:
        column = f"{day} {half}"
        cell = (columns.get(column) or "").strip()
        if cell not in _NO_HOURS:
            ranges.append(_parse_range(column, cell))
    return [f"{start}-{end}" for start, end in _merge_touching(sorted(ranges))]


def _merge_touching(ranges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join ranges that meet or overlap: `10h-12h` then `12h-17h` is one opening, 10:00-17:00."""
    merged: list[tuple[str, str]] = []
    for start, end in ranges:
        # Zero-padded `HH:MM` strings compare in time order.
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _parse_range(column: str, cell: str) -> tuple[str, str]:
    """`8h30-12h` → ("08:30", "12:00"); raise ValueError naming the column otherwise."""
    match = _RANGE.match(cell)
    if match is None:
        raise ValueError(f"{column}: cannot read hours {cell!r}")
    start = _clock(match.group(1), match.group(2))
    end = _clock(match.group(3), match.group(4))
    if start is None or end is None or end <= start:
        raise ValueError(f"{column}: impossible hours {cell!r}")
    return start, end


def _clock(hours: str, minutes: str | None) -> str | None:
    """`HH:MM` for a time of day up to 24:00; None when out of range."""
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        return None
    return f"{h:02d}:{m:02d}"


def _runs_of_equal_days(week: list[list[str]]) -> list[tuple[int, int, list[str]]]:
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
    if first == last:
        return DAYS[first][1]
    return f"{DAYS[first][1]}-{DAYS[last][1]}"


def phone_to_e164(text: str | None) -> str | None:
    """A French phone number as E.164 (`+33380488414`); None when empty."""
    if text is None or not text.strip():
        return None
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {text!r}") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"not a valid phone number: {text!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def resolve_commune(ville: str, code_postal: str, communes: Iterable[C]) -> C | None:
    """The commune that `ville` names, or None; the postcode only separates homonyms."""
    wanted = fold_place_name(ville or "")
    if not wanted:
        # A postcode alone does not name a commune: 21121 is Ahuy, Daix, Fontaine or Hauteville.
        return None
    postcode = (code_postal or "").strip()
    named = [c for c in communes if wanted in _folded_names(c)]
    if postcode:
        # A same-named commune in another department is not ours.
        named = [c for c in named if c.insee_code[:2] == postcode[:2]]
    if len(named) > 1:
        named = [c for c in named if c.postcode == postcode]
    if len(named) > 1:
        raise ValueError(f"{ville!r} ({postcode}) names several communes")
    return named[0] if named else None


def _folded_names(commune: CommuneBase) -> set[str]:
    """The commune's current and former names, folded for comparison."""
    return {fold_place_name(name) for name in (commune.name, *commune.former_names)}


def row_to_access_point(
    row: Mapping[str, str], line: int, communes: Iterable[CommuneBase]
) -> AccessPointCreate | None:
    """The access point a row describes; None when it lies outside the given communes."""

    def cell(column: str) -> str:
        return (row.get(column) or "").strip()

    def read(field: str, convert: Callable[[], T]) -> T:
        return _at_line(line, field, convert)

    commune = read("commune", lambda: resolve_commune(cell("ville"), cell("code_postal"), communes))
    if commune is None:
        return None
    name = cell("nom_structure")
    label_codes = _codes(cell("code_label"))
    networks = _networks(name, label_codes)
    in_panda = PANDA_NETWORK in networks
    fields = {
        "source": SOURCE,
        "source_id": cell("bfc_id"),
        "name": name,
        "address": _SPACES.sub(" ", cell("adresse")),
        "postcode": cell("code_postal"),
        "commune": commune.name,
        "insee_code": commune.insee_code,
        "latitude": read("latitude", lambda: _coordinate(cell("lat"))),
        "longitude": read("longitude", lambda: _coordinate(cell("lon"))),
        "websites": _websites(cell("url_lieu")),
        "emails": [cell("contact_email")] if cell("contact_email") else [],
        "phone": read("phone", lambda: phone_to_e164(cell("contact_tel"))),
        "source_updated_on": read("source_updated_on", lambda: _date(cell("mise_a_jour"))),
        "networks": networks,
        "national_programmes": _national_programmes(label_codes),
        "typology": _typology(_codes(cell("code_typo"))),
        "support_modes": read("support_modes", lambda: _support_modes(cell("code_accomp"))),
        "opening_hours": read("opening_hours", lambda: half_days_to_osm(row)),
        # The PANDA network states that each point lends computers with internet access; how
        # many is not said. Elsewhere the file says nothing about equipment: unknown.
        "equipment": {Equipment.COMPUTER: None} if in_panda else None,
        "services": [Service.INTERNET_AND_EQUIPMENT] if in_panda else [],
        "wheelchair_accessible": Accessibility.UNKNOWN,
    }
    try:
        return AccessPointCreate.model_validate(fields)
    except ValidationError as exc:
        raise ValueError(f"line {line}: {_describe(exc)}") from exc


def _at_line(line: int, field: str, convert: Callable[[], T]) -> T:
    """Run a conversion, prefixing its ValueError with the line and the field."""
    try:
        return convert()
    except ValueError as exc:
        raise ValueError(f"line {line}: {field}: {exc}") from exc


def _codes(cell: str) -> list[str]:
    """The codes of a `-`-separated cell, upper-cased (the file has a stray `i`)."""
    return [code.strip().upper() for code in cell.split("-") if code.strip()]


def _networks(name: str, label_codes: list[str]) -> list[str]:
    """PANDA first, then the city's network."""
    networks = []
    if "P" in label_codes or _PANDA_NAME.match(name):
        networks.append(PANDA_NETWORK)
    if "DM" in label_codes:
        networks.append(DIJON_NETWORK)
    return networks


def _national_programmes(label_codes: list[str]) -> list[NationalProgramme]:
    """France Services for MFS or MSAP; no other label has an equivalent."""
    if FRANCE_SERVICES_CODES.intersection(label_codes):
        return [NationalProgramme.FRANCE_SERVICES]
    return []


def _typology(typo_codes: list[str]) -> list[str]:
    """TIERS_LIEUX for TL; the other codes have no data.inclusion equivalent."""
    return [TIERS_LIEUX] if "TL" in typo_codes else []


def _support_modes(cell: str) -> list[SupportMode]:
    """Support modes of a code_accomp cell, without repeats, in the standard's order."""
    modes: set[SupportMode] = set()
    for code in _codes(cell):
        if code not in SUPPORT_MODES_BY_CODE:
            raise ValueError(f"unknown code {code!r}")
        modes.update(SUPPORT_MODES_BY_CODE[code])
    return [mode for mode in SupportMode if mode in modes]


def _coordinate(cell: str) -> float:
    """A decimal degree; the range is checked by the model."""
    value = float(cell)  # raises ValueError quoting the text for "" or "abc"
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {cell!r}")
    return value


def _websites(cell: str) -> list[str]:
    """The http(s) addresses of the cell; bare domains are left out rather than guessed."""
    return [part for part in cell.split() if part.startswith(("http://", "https://"))]


def _date(cell: str) -> date | None:
    """`DD/MM/YYYY` → date; empty → None."""
    if not cell:
        return None
    try:
        return datetime.strptime(cell, "%d/%m/%Y").date()
    except ValueError as exc:
        raise ValueError(f"not a DD/MM/YYYY date: {cell!r}") from exc


def _describe(exc: ValidationError) -> str:
    """`field: reason` for each error of a model validation."""
    return "; ".join(
        f"{'.'.join(map(str, error['loc'])) or 'row'}: {error['msg']}" for error in exc.errors()
    )
