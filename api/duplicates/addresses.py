"""Addresses as comparable keys, with the offline geocoder's normaliser.

« 14  rue Camille Claudel », « 14 r. Camille-Claudel » and « 3-5 rue Jean XXIII » (a range
names the building by its first number) become (number, street) keys; postal boxes, CEDEX
and building names before the number are dropped.
"""

from dataclasses import dataclass, field

from api.geocoding.base import InvalidQuery
from api.geocoding.normalise import parse_address, split_street_type


@dataclass(frozen=True, slots=True)
class AddressKey:
    """A house number (with its bis/ter) and a street, as the geocoder spells them;
    `street_name` is the street without its type and articles (« rue de la Gare » → « gare »)."""

    number: str | None
    street: str | None
    street_name: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.street is not None and self.street_name is None:
            name = split_street_type(self.street)[1] or self.street
            object.__setattr__(self, "street_name", name)


def address_key(address: str | None) -> AddressKey:
    """The (number, street) of an address; both None when nothing usable is in it."""
    if not address or not address.strip():
        return AddressKey(None, None)
    try:
        parsed = parse_address(address)
    except (InvalidQuery, IndexError):
        return AddressKey(None, None)
    number = parsed.housenumber
    if number is not None and parsed.rep:
        number = f"{number} {parsed.rep}"
    return AddressKey(number, parsed.street)


def compare_addresses(a: AddressKey, b: AddressKey) -> str:
    """« same », « same_street », « number_differs », « differs » or « unknown »."""
    if a.street is None or b.street is None:
        return "unknown"
    if not _same_street(a.street_name or "", b.street_name or ""):
        return "differs"
    if a.number is None or b.number is None:
        return "same_street"
    if a.number == b.number:
        return "same"
    return "number_differs"


def _same_street(a: str, b: str) -> bool:
    """Equal names, or one the start of the other (« jardins » in « jardins 2a boulevard
    olivier serres », where a file joined two addresses of one corner)."""
    return a == b or a.startswith(f"{b} ") or b.startswith(f"{a} ")
