"""One place as data·inclusion v1 reads it: one structure and one « Service d'accompagnement au
numérique », field by field as the hub maps the national standard (docs/data-inclusion.md).

Pure functions of the place and its facts date: nothing is added that the place does not state,
except what the hub itself states for every digital-inclusion place (the service's name, who
may ask for it, « tous-publics » when no public is named, « en présentiel »).
"""

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from pydantic import HttpUrl, TypeAdapter, ValidationError

from api.data_inclusion import vocabulary as v
from models.access_point import AccessPointPublic
from models.vocabulary import SupportMode

# The schema's limits on a structure's name and on descriptions.
NAME_LENGTHS = range(3, 151)
MIN_DESCRIPTION = 5
EARLIEST_DATE_MAJ = date(2000, 1, 1)
SIRET = re.compile(r"^\d{14}$")
# The source of a place pulled from the hub (api/data_inclusion/hub_places.py).
HUB_SOURCE_PREFIX = "data-inclusion:"
# RFC 5322's dot-atom at a domain of letters, digits and hyphens (labels of 63 at most, none
# with the `xx--` of encoded names), outside the special-use domains (`.test`, `.local`...):
# what the hub's e-mail check (email-validator) surely accepts. Ours is looser (any non-blank
# text around an @): an address outside this is left out of the record.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"(?![A-Za-z0-9]{2}--)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SPECIAL_USE = r"(?!(arpa|invalid|local|localhost|onion|test)$)"
EMAIL = re.compile(
    rf"^{_ATOM}(\.{_ATOM})*@({_LABEL}\.)+{_SPECIAL_USE}[A-Za-z]{{2,63}}$", re.IGNORECASE
)
_HTTP_URL: TypeAdapter[HttpUrl] = TypeAdapter(HttpUrl)


def producer(place: AccessPointPublic) -> str:
    """The original producer of the place's facts: its source, or for a place pulled from the
    hub (`data-inclusion:dora`), the hub's own source (`dora`)."""
    return place.source.removeprefix(HUB_SOURCE_PREFIX)


def record_id(place: AccessPointPublic) -> str:
    """The hub's identifier: the producer's source, two hyphens, the producer's own id; a
    place pulled from the hub keeps the hub's id, so that the hub knows it again."""
    if place.source.startswith(HUB_SOURCE_PREFIX):
        return place.source_id
    return f"{place.source}--{place.source_id}"


def exportable(place: AccessPointPublic, day: date | None, today: date) -> bool:
    """Whether the schema can state the place: a facts date in this century and not to come,
    and a name of 3 to 150 characters (the schema requires both)."""
    if day is None or not EARLIEST_DATE_MAJ <= day <= today:
        return False
    return len(place.name) in NAME_LENGTHS


def structure_of(place: AccessPointPublic, day: date) -> dict[str, Any]:
    """The place as a data·inclusion structure; `day` is its facts date (`date_maj`)."""
    return {
        "source": producer(place),
        "id": record_id(place),
        "nom": place.name,
        "date_maj": day.isoformat(),
        "description": _text(place.description) or _text(place.summary),
        "lien_source": None,
        "siret": place.pivot
        if place.pivot and SIRET.match(place.pivot) and int(place.pivot)
        else None,
        **_address(place),
        "telephone": place.phone,
        "courriel": _email(place),
        "site_web": _url(place.websites[0]) if place.websites else None,
        "horaires_accueil": place.opening_hours,
        "accessibilite_lieu": _acceslibre(place.accessibility_sheet_url),
        "reseaux_porteurs": _sorted_or_none(
            v.RESEAUX_PORTEURS.get(p) for p in place.national_programmes
        ),
    }


def service_of(place: AccessPointPublic, day: date) -> dict[str, Any]:
    """The place's one « Service d'accompagnement au numérique », without its score."""
    email = _email(place)
    booking = _url(place.appointment_url) if place.appointment_url else None
    return {
        "source": producer(place),
        "structure_id": record_id(place),
        "id": record_id(place),
        "nom": v.SERVICE_NAME,
        "description": _service_description(place),
        "lien_source": None,
        "date_maj": day.isoformat(),
        "type": _type(place),
        "thematiques": _sorted_or_none(t for s in place.services for t in v.THEMATIQUES[s]),
        "frais": _frais(place),
        "frais_precisions": None,
        **_publics(place),
        "conditions_acces": None,
        **_address(place),
        "telephone": place.phone,
        "courriel": email,
        "modes_accueil": _modes_accueil(place),
        "zone_eligibilite": _department(place.insee_code),
        "contact_nom_prenom": None,
        "lien_mobilisation": booking,
        "modes_mobilisation": _modes_mobilisation(place, email, booking),
        "mobilisable_par": list(v.MOBILISABLE_PAR),
        "mobilisation_precisions": None,
        "volume_horaire_hebdomadaire": None,
        "nombre_semaines": None,
        "horaires_accueil": place.opening_hours,
    }


def _address(place: AccessPointPublic) -> dict[str, Any]:
    return {
        "commune": place.commune,
        "code_postal": place.postcode,
        "code_insee": place.insee_code,
        "adresse": place.address,
        "complement_adresse": place.address_complement,
        "longitude": place.longitude,
        "latitude": place.latitude,
    }


def _text(value: str | None) -> str | None:
    """A description the schema takes (at least 5 characters), else None."""
    return value if value is not None and len(value) >= MIN_DESCRIPTION else None


def _service_description(place: AccessPointPublic) -> str:
    """The hub's: the description, else the summary, else the services named; and when the
    place states none of them, the one fact every place here states (the schema requires it)."""
    named = ", ".join(sorted(place.services))
    for text in (place.description, place.summary, named):
        kept = _text(text)
        if kept is not None:
            return kept
    return f"{v.SERVICE_NAME} proposé par {place.name}, {place.commune}."


def _email(place: AccessPointPublic) -> str | None:
    return next((email for email in place.emails if EMAIL.match(email)), None)


def _url(value: str) -> str | None:
    """The address when the schema reads it as an http(s) URL, else None."""
    try:
        _HTTP_URL.validate_python(value)
    except ValidationError:
        return None
    return value


def _acceslibre(value: str | None) -> str | None:
    """`accessibilite_lieu` is a link to acceslibre's page of the place: another sheet is not."""
    if value is None or _url(value) is None:
        return None
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:  # a bracketed host that is no IPv6 address
        return None
    return value if host == "acceslibre.beta.gouv.fr" or host.startswith("acceslibre.") else None


def _type(place: AccessPointPublic) -> str | None:
    types = {v.TYPES[mode] for mode in place.support_modes if mode in v.TYPES}
    return next((name for name in v.TYPE_PRIORITY if name in types), None)


def _frais(place: AccessPointPublic) -> str | None:
    values = {v.FRAIS[fee] for fee in place.fees}
    if "gratuit" in values:
        return "gratuit"
    return "payant" if values else None


def _publics(place: AccessPointPublic) -> dict[str, Any]:
    mapped = {v.PUBLICS[a] for a in place.audiences}
    mapped |= {v.PUBLICS_BY_SUPPORT[s] for s in place.specific_support if s in v.PUBLICS_BY_SUPPORT}
    stated = sorted([*place.audiences, *place.specific_support])
    return {
        "publics": sorted(mapped) or [v.ALL_PUBLICS],
        "publics_precisions": ", ".join(stated) or None,
    }


def _modes_accueil(place: AccessPointPublic) -> list[str]:
    if SupportMode.REMOTE in place.support_modes:
        return ["a-distance", "en-presentiel"]
    return ["en-presentiel"]


def _modes_mobilisation(
    place: AccessPointPublic, email: str | None, booking: str | None
) -> list[str] | None:
    """From the access modes; without any, from the means of contact the place gives."""
    stated = _sorted_or_none(v.MODES_MOBILISATION.get(mode) for mode in place.access_modes)
    if stated:
        return stated
    implied = [
        name
        for name, given in (
            ("telephoner", place.phone),
            ("envoyer-un-courriel", email),
            ("utiliser-lien-mobilisation", booking),
        )
        if given
    ]
    return sorted(implied) or None


def _department(insee_code: str | None) -> list[str] | None:
    """The department the service serves, as the hub sets it from the commune's code."""
    if insee_code is None:
        return None
    return [insee_code[:3] if insee_code.startswith("97") else insee_code[:2]]


def _sorted_or_none(values: Any) -> list[str] | None:
    found = sorted({value for value in values if value is not None})
    return found or None
