"""What every geocoder answers, takes and raises, and the records the offline one indexes."""

from dataclasses import dataclass
from typing import Literal, Protocol

from models.address import AddressRecord, CommuneRecord

__all__ = ["AddressRecord", "CommuneRecord"]

Precision = Literal["housenumber", "street", "municipality"]


class GeocoderUnavailable(Exception):
    """The geocoder cannot answer now (network down, quota, index not loaded)."""

    def __init__(self, *args: object, retry_after_s: float | None = None) -> None:
        super().__init__(*args)
        # When to ask again (HTTP Retry-After), None when the geocoder cannot tell.
        self.retry_after_s = retry_after_s


class InvalidQuery(ValueError):
    """The query cannot be geocoded: empty, too long, control characters, no letters."""

    def __init__(self, message: str, fr: str | None = None) -> None:
        super().__init__(message)
        # The same reason in French, for the people who read API errors.
        self.fr = fr or message


@dataclass(frozen=True, slots=True)
class Candidate:
    """One answer: a position, how precise it is and how well it matched (score 0..1).

    `street_not_found`: a commune answered because its streets hold nothing like the one
    asked; `alternatives` are then that commune's streets with the nearest names.
    `commune_not_found`: the query named a commune or postcode the geocoder does not know, so
    this answer ignores it (it may lie anywhere). `street_match`: the share of the typed
    street name's words the answer's street holds (0..1), which breaks ties between scores.
    """

    label: str
    latitude: float
    longitude: float
    score: float
    precision: Precision
    citycode: str
    postcode: str
    geocoder: str
    street_not_found: bool = False
    alternatives: tuple["Candidate", ...] = ()
    commune_not_found: bool = False
    street_match: float = 0.0


@dataclass(frozen=True, slots=True)
class GeocodeHints:
    """What the caller already knows: restrict to a commune or postcode, prefer near a point."""

    citycode: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class Geocoder(Protocol):
    """A forward and reverse geocoder."""

    name: str

    def geocode(self, q: str, limit: int = 5, hints: GeocodeHints | None = None) -> list[Candidate]:
        """Candidates for a typed address, best first; raise InvalidQuery on unusable input."""
        ...

    def reverse(self, latitude: float, longitude: float) -> Candidate | None:
        """The address (or commune) at a point, or None outside the area."""
        ...


def housenumber_label(number: str, rep: str) -> str:
    """House number as written on a label: "10 bis", "64E", "14"."""
    if not rep:
        return number
    return f"{number}{rep.upper()}" if len(rep) == 1 else f"{number} {rep}"
