"""The hub's structures and their digital services as our places (rows for the import engine).

The reverse of the export's tables (api/data_inclusion/vocabulary.py), kept to what a hub value
says without doubt: a thematique or a public shared by several of the standard's values gives
the one its meaning names, or none (docs/data-inclusion.md, « Import »). One place per
structure that has at least one service of the `numerique` category; its source is
`data-inclusion:<the hub's source>` and its id the hub's structure id.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

from api.data_inclusion import vocabulary as v
from api.data_inclusion.mapping import HUB_SOURCE_PREFIX
from models.vocabulary import (
    AccessMode,
    Fees,
    NationalProgramme,
    Service,
    SupportMode,
)
from seed.formats.base import ParsedRow, RowError
from seed.formats.mapping_values import phone_to_e164

T = TypeVar("T")

# A thematique → the one service of the standard whose meaning it names (none when unclear:
# `numerique--acquerir-un-equipement` could be either « Accès internet et matériel
# informatique » or « Acquisition … à prix solidaire »).
SERVICES: dict[str, Service] = {
    "numerique--acceder-a-une-connexion-internet": Service.INTERNET_AND_EQUIPMENT,
    "numerique--acceder-a-des-services-en-ligne": Service.ADMIN_PROCEDURES,
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives": (
        Service.ADMIN_PROCEDURES
    ),
    "numerique--maitriser-les-fondamentaux-du-numerique": Service.EVERYDAY_TOOLS,
    "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi": Service.EMPLOYMENT,
    "famille--soutien-a-la-parentalite-et-a-leducation": Service.PARENTING,
    "remobilisation--activites-sportives-et-culturelles": Service.LEISURE,
}
SUPPORT_MODES = {name: mode for mode, name in v.TYPES.items()}
ACCESS_MODES: dict[str, AccessMode] = {
    "envoyer-un-courriel": AccessMode.EMAIL,
    "utiliser-lien-mobilisation": AccessMode.ONLINE_BOOKING,
    "se-presenter": AccessMode.WALK_IN,
    "telephoner": AccessMode.PHONE,
}
AUDIENCES = {name: audience for audience, name in v.PUBLICS.items()}
PROGRAMMES = {name: programme for programme, name in v.RESEAUX_PORTEURS.items()}
PROGRAMMES["msap"] = NationalProgramme.FRANCE_SERVICES  # France Services' former name
FEES = {"gratuit": Fees.FREE, "payant": Fees.PAID}


def is_digital(service: dict[str, Any]) -> bool:
    """Whether a hub service belongs to the `numerique` category."""
    thematiques = service.get("thematiques") or ()
    return any(str(t).startswith(f"{v.NUMERIQUE}--") for t in thematiques)


def rows_of(
    structures: Sequence[dict[str, Any]],
    services: Iterable[dict[str, Any]],
    insee_codes: frozenset[str] | None = None,
) -> list[ParsedRow]:
    """A row per structure with a digital service (within `insee_codes`, when given)."""
    # Page-numbered listings can repeat a record that moved between two pages: once each.
    structures = list({str(s.get("id")): s for s in structures}.values())
    services = {str(s.get("id")): s for s in services}.values()
    by_structure: dict[str, list[dict[str, Any]]] = {}
    for service in services:
        if is_digital(service):
            by_structure.setdefault(str(service.get("structure_id")), []).append(service)
    rows = []
    for rank, structure in enumerate(structures, start=1):
        own = by_structure.get(str(structure.get("id")))
        code = structure.get("code_insee") or next((s.get("code_insee") for s in own or ()), None)
        if own and (insee_codes is None or code in insee_codes):
            rows.append(row_of(rank, structure, own))
    return rows


def row_of(rank: int, structure: dict[str, Any], services: list[dict[str, Any]]) -> ParsedRow:
    """One structure and its digital services as a row; `rank` is its place in the listing."""
    row = ParsedRow(line=rank)
    ident = str(structure.get("id"))

    def first(field: str) -> Any:
        """The structure's value, else the first of its services'."""
        values = [structure.get(field), *(s.get(field) for s in services)]
        return next((value for value in values if value not in (None, "", [])), None)

    def each(field: str) -> list[str]:
        return sorted({str(x) for s in services for x in (s.get(field) or ())})

    fields: dict[str, Any] = {
        "source": f"{HUB_SOURCE_PREFIX}{structure.get('source')}",
        "source_id": ident,
        "name": structure.get("nom"),
        "address": first("adresse"),
        "address_complement": first("complement_adresse"),
        "postcode": first("code_postal"),
        "commune": first("commune"),
        "insee_code": first("code_insee"),
        "latitude": first("latitude"),
        "longitude": first("longitude"),
        "emails": [first("courriel")] if first("courriel") else [],
        "websites": [structure["site_web"]] if structure.get("site_web") else [],
        "opening_hours": first("horaires_accueil"),
        "description": structure.get("description") or first("description"),
        "pivot": structure.get("siret"),
        "source_updated_on": _latest([structure, *services]),
        "services": _known(SERVICES, each("thematiques")),
        "support_modes": _known(SUPPORT_MODES, [s["type"] for s in services if s.get("type")])
        + ([SupportMode.REMOTE] if "a-distance" in each("modes_accueil") else []),
        "access_modes": _known(ACCESS_MODES, each("modes_mobilisation")),
        "audiences": _known(AUDIENCES, each("publics")),
        "fees": _fees(services),
        "national_programmes": _known(PROGRAMMES, sorted(structure.get("reseaux_porteurs") or ())),
        "accessibility_sheet_url": structure.get("accessibilite_lieu"),
        "appointment_url": first("lien_mobilisation"),
    }
    row.columns = {name: f"{_HUB_FIELDS.get(name, name)} [{ident}]" for name in [*fields, "phone"]}
    row.fields = {name: value for name, value in fields.items() if value not in (None, [])}
    _phone(row, first("telephone"), fields["insee_code"])
    return row


_HUB_FIELDS = {
    "name": "nom",
    "address": "adresse",
    "address_complement": "complement_adresse",
    "postcode": "code_postal",
    "insee_code": "code_insee",
    "emails": "courriel",
    "websites": "site_web",
    "opening_hours": "horaires_accueil",
    "pivot": "siret",
    "source_updated_on": "date_maj",
    "services": "thematiques",
    "support_modes": "type",
    "access_modes": "modes_mobilisation",
    "audiences": "publics",
    "fees": "frais",
    "national_programmes": "reseaux_porteurs",
    "accessibility_sheet_url": "accessibilite_lieu",
    "appointment_url": "lien_mobilisation",
    "phone": "telephone",
    "source_id": "id",
}


def _known(table: dict[str, T], values: Iterable[str]) -> list[T]:
    """The values the table names, once each, in the order given."""
    return list(dict.fromkeys(table[value] for value in values if value in table))


def _fees(services: list[dict[str, Any]]) -> list[Fees]:
    stated = {FEES[s["frais"]] for s in services if s.get("frais") in FEES}
    return sorted(stated, key=list(Fees).index)


def _latest(records: list[dict[str, Any]]) -> date | None:
    """The latest `date_maj` of the structure and its services: when the hub's facts held."""
    days = []
    for record in records:
        try:
            days.append(date.fromisoformat(str(record.get("date_maj"))[:10]))
        except ValueError:
            continue
    return max(days, default=None)


def _phone(row: ParsedRow, text: Any, insee_code: Any) -> None:
    """The phone in E.164, or the row's error saying why it cannot be read."""
    if not text:
        return
    department = str(insee_code)[:2] if insee_code else None
    try:
        row.fields["phone"] = phone_to_e164(str(text), department)
    except ValueError as exc:
        row.errors.append(RowError(row.line, row.columns["phone"], text, str(exc)))
