"""Data quality: places whose stored point lies far from the address base's point of their address.

A place keeps its own point (an entrance, a building across a car park); the report only lists
the gaps, for a person to check. The address base (BAN rows of the address table) is the
reference: a place's address is looked up among its commune's addresses, by house number.
"""

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import NamedTuple

from api.geocoding.base import AddressRecord, GeocodeHints, InvalidQuery
from api.geocoding.known_addresses import numbered_address
from api.geocoding.offline import OfflineGeocoder
from models.geo import geodesic_distance_m

GAP_THRESHOLD_M = 100.0
# Below this the address base knows another street or number: no gap can be measured.
_MIN_SCORE = 0.9


class PlacePoint(NamedTuple):
    """What the report needs of a stored place."""

    id: int
    name: str
    address: str
    postcode: str
    insee_code: str | None
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class AddressGap:
    """A place and the address base's point of its address, `distance_m` apart."""

    place_id: int
    name: str
    address: str
    insee_code: str
    distance_m: float
    latitude: float
    longitude: float
    address_label: str
    address_latitude: float
    address_longitude: float


@dataclass(frozen=True, slots=True)
class QualityReport:
    """Gaps above `threshold_m`, farthest first, and how many places could be compared."""

    threshold_m: float
    compared: int
    not_in_address_base: int
    gaps: tuple[AddressGap, ...]

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready values."""
        return asdict(self)


def address_gaps(
    places: Iterable[PlacePoint],
    addresses: Sequence[AddressRecord],
    threshold_m: float = GAP_THRESHOLD_M,
) -> QualityReport:
    """Compare every numbered address of `places` with the address base's point for it."""
    geocoder = OfflineGeocoder([], addresses)
    gaps: list[AddressGap] = []
    compared = missing = 0
    for place in places:
        line = numbered_address(place.address)
        if line is None or place.insee_code is None:
            continue
        found = _lookup(geocoder, line, place.insee_code)
        if found is None:
            missing += 1
            continue
        compared += 1
        gap = _gap(place, place.insee_code, *found)
        if gap.distance_m > threshold_m:
            gaps.append(gap)
    gaps.sort(key=lambda g: (-g.distance_m, g.place_id))
    return QualityReport(threshold_m, compared, missing, tuple(gaps))


def _gap(place: PlacePoint, insee_code: str, label: str, lat: float, lon: float) -> AddressGap:
    distance = geodesic_distance_m(place.latitude, place.longitude, lat, lon)
    return AddressGap(
        place.id, place.name, place.address, insee_code, round(distance, 1),
        place.latitude, place.longitude, label, lat, lon,
    )  # fmt: skip


def _lookup(
    geocoder: OfflineGeocoder, line: str, insee_code: str
) -> tuple[str, float, float] | None:
    """(label, latitude, longitude) of the address in its commune, when the base knows it."""
    try:
        found = geocoder.geocode(line, limit=1, hints=GeocodeHints(citycode=insee_code))
    except InvalidQuery:
        return None
    if not found or found[0].precision != "housenumber" or found[0].score < _MIN_SCORE:
        return None
    return found[0].label, found[0].latitude, found[0].longitude


def format_report(report: QualityReport) -> str:
    """The report in French, one line per place."""
    limit = f"{report.threshold_m:g} m"
    head = (
        f"{_count(report.compared, 'lieu comparé', 'lieux comparés')} à la Base Adresse "
        f"Nationale ; {_count(report.not_in_address_base, 'adresse', 'adresses')} qu'elle ne "
        "connaît pas."
    )
    if not report.gaps:
        return f"{head}\nAucun lieu à plus de {limit} du point de son adresse."
    lines = [head, f"{_count(len(report.gaps), 'lieu', 'lieux')} à plus de {limit} du point BAN :"]
    lines += [
        f"- n° {g.place_id} {g.name}, {g.address} : {g.distance_m:.0f} m de « {g.address_label} » "
        f"({g.address_latitude:.6f}, {g.address_longitude:.6f})"
        for g in report.gaps
    ]
    return "\n".join(lines)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"
