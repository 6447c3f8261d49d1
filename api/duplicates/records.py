"""The facts of one place that detection reads, prepared once for every comparison."""

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Protocol

from api.duplicates.addresses import AddressKey, address_key
from api.duplicates.contacts import e164, organisation_domains, siret, website_key
from api.duplicates.names import NameParts, name_parts
from models.text import fold_place_name


class PlaceLike(Protocol):
    """What detection reads of a place (AccessPoint, AccessPointPublic, a mapped row)."""

    @property
    def name(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def postcode(self) -> str: ...
    @property
    def commune(self) -> str: ...
    @property
    def latitude(self) -> float: ...
    @property
    def longitude(self) -> float: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def emails(self) -> list[str]: ...
    @property
    def websites(self) -> list[str]: ...
    @property
    def pivot(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def source_id(self) -> str: ...


@dataclass(frozen=True, slots=True)
class DuplicateRecord:
    """One source record, as detection sees it: identity, facts, and prepared keys."""

    id: int
    source: str
    source_id: str
    name: str
    address: str
    commune: str
    latitude: float
    longitude: float
    commune_key: str
    name_parts: NameParts
    address_key: AddressKey
    phone: str | None
    emails: frozenset[str]
    domains: frozenset[str]
    websites: frozenset[str]
    siret: str | None
    facts_date: date | None = field(default=None, compare=False)


def _same_text(a: str, b: str) -> bool:
    return fold_place_name(a) == fold_place_name(b)


@lru_cache(maxsize=65_536)
def commune_key(postcode: str, commune: str) -> str:
    """The department and the folded commune name: « 21:chevigny saint sauveur ».

    Names rather than INSEE codes, because files give a commune's name far more often than
    its code; the department keeps apart communes of one name in two departments.
    """
    return f"{postcode[:2]}:{fold_place_name(commune)}"


def prepare(place: PlaceLike, id: int, facts_date: date | None = None) -> DuplicateRecord:
    """The record of a place with its keys computed (names folded, address parsed...)."""
    emails = [e.strip().lower() for e in place.emails if e and e.strip()]
    return DuplicateRecord(
        id=id,
        source=place.source,
        source_id=place.source_id,
        name=place.name,
        address=place.address,
        commune=place.commune,
        latitude=place.latitude,
        longitude=place.longitude,
        commune_key=commune_key(place.postcode, place.commune),
        name_parts=name_parts(place.name, place.commune),
        # « Couveuse Potentiel » as the address of « Couveuse Potentiel » says no street.
        address_key=address_key(None if _same_text(place.address, place.name) else place.address),
        phone=e164(place.phone),
        emails=frozenset(emails),
        domains=organisation_domains(emails),
        websites=frozenset(website_key(w) for w in place.websites if w and w.strip()),
        siret=siret(place.pivot),
        facts_date=facts_date,
    )
