"""Addresses the offline geocoder learns from the stored places themselves."""

import re
from collections.abc import Iterable

from models.access_point import AccessPointPublic
from models.address import AddressRecord

# "14 rue Camille Claudel", "2H  rue Darius Milhaud", "10 bis rue X", "3-5 rue Y" (first number).
_NUMBERED = re.compile(
    r"^\s*(?P<number>\d{1,4})(?:\s*-\s*\d{1,4})?\s*(?P<rep>bis|ter|quater|[a-z])?\b[\s,]+(?P<street>.+)$",
    re.IGNORECASE,
)
_NOISE = re.compile(r"\s*[-,]?\s*\b(BP|CS)\s*\d+.*$", re.IGNORECASE)


def numbered_address(address: str) -> str | None:
    """The address line without postal box, when it starts with a house number."""
    line = _NOISE.sub("", address)
    return " ".join(line.split()) if _NUMBERED.match(line) else None


def place_addresses(places: Iterable[AccessPointPublic]) -> list[AddressRecord]:
    """House-number positions of places whose address starts with a number."""
    records = []
    for place in places:
        match = _NUMBERED.match(_NOISE.sub("", place.address))
        if match is None or place.insee_code is None:
            continue
        street = " ".join(match["street"].split())
        records.append(
            AddressRecord(
                housenumber=match["number"].lstrip("0") or "0",
                rep=(match["rep"] or "").lower(),
                street=street[0].upper() + street[1:],
                postcode=place.postcode,
                insee_code=place.insee_code,
                commune=place.commune,
                latitude=place.latitude,
                longitude=place.longitude,
            )
        )
    return records
