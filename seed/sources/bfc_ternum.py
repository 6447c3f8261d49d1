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
from seed.formats.mapping_hours import DAYS as HOURS_DAYS
from seed.formats.mapping_hours import week_to_osm

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
# The mapping engine's hours reader, keyed by its English day names.
_DAY_COLUMNS = {
    english: tuple(f"{day} {half}" for half in HALF_DAYS)
    for (day, _), (english, _) in zip(DAYS, HOURS_DAYS, strict=True)
}
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
# A cell that says "no hours this half-day".
_PANDA_NAME = re.compile(r"^PANDA\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")

C = TypeVar("C", bound=CommuneBase)
T = TypeVar("T")


def half_days_to_osm(columns: Mapping[str, str]) -> str | None:
    """OSM opening_hours from the 14 half-day columns; None when no half-day has hours."""
    return week_to_osm(_DAY_COLUMNS, columns)


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
