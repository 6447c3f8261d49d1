"""Offline geocoder over BAN rows and the area's communes: indexes built once, then read-only.

Precision: `housenumber` when the number exists on the street (a missing `bis`/letter falls
back to the same number, score x0.95); a number absent from the street answers precision
`street` at the nearest number of the same parity (score x0.8), closer than the street's
middle on a long street; no number answers the street's middle (the address nearest to the
median of its points). Without a street match, a named commune answers at its centroid.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from scipy.spatial import cKDTree

from api.geocoding.base import (
    AddressRecord,
    Candidate,
    CommuneRecord,
    GeocodeHints,
    Precision,
    housenumber_label,
)
from api.geocoding.offline_communes import CommuneIndex, Hypothesis
from models.geo import geodesic_distance_m
from api.geocoding.normalise import STREET_TYPES, normalise_street, parse_address, split_street_type

__all__ = ["AddressRecord", "CommuneRecord", "OfflineGeocoder"]

_SHORTLIST = 15
_MIN_STREET = 0.7
REVERSE_RADIUS_M = 200.0
_TYPES = sorted(STREET_TYPES)
_REP_ALIASES = {"b": "bis", "bis": "b", "t": "ter", "ter": "t", "q": "quater", "quater": "q"}
# Degrees to metres at Dijon's latitude (47.3°), for the reverse k-d tree only.
_M_PER_DEG_LAT = 111_180.0
_M_PER_DEG_LON = 75_560.0


@dataclass(frozen=True, slots=True, eq=False)
class _Street:
    """Addresses sharing (commune, normalised street name)."""

    key: str
    kind: str
    name: str
    label: str
    insee_code: str
    postcode: str
    commune: str
    numbers: dict[tuple[int, str], int]
    middle: int


def query_key(street: str) -> tuple[str, str]:
    """(type, name) of a queried street; a misspelt type ("bouelvard") still counts as one."""
    kind, name = split_street_type(street)
    first, _, rest = street.partition(" ")
    if not kind and len(first) >= 4 and rest:
        found = process.extractOne(first, _TYPES, scorer=fuzz.ratio, score_cutoff=85)
        if found:
            return found[0], split_street_type(f"{found[0]} {rest}")[1]
    return kind, name


def street_similarity(query: str, key: tuple[str, str], street: _Street) -> float:
    """0..1; the type weighs heavily: "rue de la liberte" is far from "place de la liberation"."""
    if query == street.key:
        return 1.0
    kind, name = key
    # OSA counts a swap of two letters as one edit; token_sort forgives word order.
    similarity = max(
        OSA.normalized_similarity(name, street.name),
        fuzz.token_sort_ratio(name, street.name) / 100,
    )
    type_factor = 0.9 if not kind else 1.0 if kind == street.kind else 0.6
    # Below 1.0 on purpose: an exact match always beats a fuzzy one.
    return 0.98 * similarity * type_factor


class OfflineGeocoder:
    """In-memory geocoder; immutable after construction, so safe to share across threads."""

    name = "offline"

    def __init__(self, communes: Sequence[CommuneRecord], addresses: Sequence[AddressRecord]):
        self._addresses = tuple(addresses)
        self._communes = CommuneIndex(communes, self._addresses)
        self._streets = self._build_streets()
        self._choices = self._build_choices()
        self._lat = np.array([a.latitude for a in self._addresses], dtype=float)
        self._lon = np.array([a.longitude for a in self._addresses], dtype=float)
        self._tree = cKDTree(self._project(self._lat, self._lon)) if self._addresses else None

    def geocode(self, q: str, limit: int = 5, hints: GeocodeHints | None = None) -> list[Candidate]:
        """Candidates best first; raises InvalidQuery on unusable input."""
        parsed = parse_address(q)
        found: dict[str, Candidate] = {}
        for hypothesis in self._communes.hypotheses(parsed, hints):
            for candidate in self._answer(hypothesis, parsed.housenumber, parsed.rep):
                if candidate.label not in found or candidate.score > found[candidate.label].score:
                    found[candidate.label] = candidate
        bias = hints and hints.latitude is not None and hints.longitude is not None
        return sorted(
            found.values(),
            key=lambda c: (-c.score, self._bias_m(c, hints) if bias else 0.0, c.label),
        )[: max(limit, 0)]

    def reverse(self, latitude: float, longitude: float) -> Candidate | None:
        """Nearest address within 200 m, else the nearest commune within its reach."""
        if self._tree is not None:
            distance, index = self._tree.query(self._project(latitude, longitude))
            if distance <= REVERSE_RADIUS_M:
                return self._address_candidate(int(index), 1.0 - distance / REVERSE_RADIUS_M)
        return self._communes.nearest(latitude, longitude)

    def _answer(self, h: Hypothesis, number: str | None, rep: str | None) -> list[Candidate]:
        """Candidates for one reading of the query (street text and allowed communes)."""
        if not h.street:
            return self._communes.municipalities(h.communes, h.score)
        matches = self._match_streets(h.street, h.communes)
        if not matches:
            return self._communes.municipalities(h.communes, h.score * 0.5) if h.communes else []
        return [self._at_street(s, similarity * h.score, number, rep) for s, similarity in matches]

    def _match_streets(self, street: str, communes: frozenset[str] | None) -> list[tuple[_Street, float]]:
        """Streets scoring at least _MIN_STREET, from a WRatio shortlist."""
        names, entries = self._choices_for(communes)
        hits = process.extract(
            street, names, scorer=fuzz.WRatio, processor=None, limit=_SHORTLIST, score_cutoff=50
        )
        key = query_key(street)
        scored = [(entries[i], street_similarity(street, key, entries[i])) for _, _, i in hits]
        return [(s, similarity) for s, similarity in scored if similarity >= _MIN_STREET]

    def _at_street(self, street: _Street, score: float, number: str | None, rep: str | None) -> Candidate:
        """The candidate on a matched street: the number if found, else its stand-in."""
        index, precision, factor = self._locate(street, number, rep)
        if precision == "housenumber":
            return self._address_candidate(index, score * factor)
        a = self._addresses[index]
        label = f"{street.label} {street.postcode} {street.commune}"
        return Candidate(
            label, a.latitude, a.longitude, round(score * factor, 4), "street",
            street.insee_code, street.postcode, self.name,
        )  # fmt: skip

    def _address_candidate(self, index: int, score: float) -> Candidate:
        """A housenumber-precision candidate for one address."""
        a = self._addresses[index]
        number = housenumber_label(a.housenumber, a.rep)
        label = f"{number} {a.street} {a.postcode} {self._communes.display_name(a)}"
        return Candidate(
            label, a.latitude, a.longitude, round(score, 4), "housenumber",
            a.insee_code, a.postcode, self.name,
        )  # fmt: skip

    def _build_streets(self) -> list[_Street]:
        """Group addresses by (commune, normalised street); cache the normalisation per name."""
        keys: dict[str, str] = {}
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, a in enumerate(self._addresses):
            key = keys.get(a.street) or keys.setdefault(a.street, normalise_street(a.street))
            groups[(a.insee_code, key)].append(i)
        return [self._street(insee, key, members) for (insee, key), members in groups.items()]

    def _street(self, insee: str, key: str, members: list[int]) -> _Street:
        """One street: its numbers, usual postcode and middle address."""
        rows = [self._addresses[i] for i in members]
        lat = np.array([a.latitude for a in rows])
        lon = np.array([a.longitude for a in rows])
        # The member nearest the median point: on the street, even when the street bends.
        middle = int(np.argmin((lat - np.median(lat)) ** 2 + (lon - np.median(lon)) ** 2))
        kind, name = split_street_type(key)
        return _Street(
            key=key, kind=kind, name=name, label=rows[0].street, insee_code=insee,
            postcode=Counter(a.postcode for a in rows).most_common(1)[0][0],
            commune=self._communes.display_name(rows[0]),
            numbers={(_number(a.housenumber), a.rep.casefold()): i for a, i in zip(rows, members, strict=True)},
            middle=members[middle],
        )  # fmt: skip

    def _build_choices(self) -> dict[str | None, tuple[list[str], list[_Street]]]:
        """Street keys to match against: all of them (None) and per commune."""
        choices: dict[str | None, tuple[list[str], list[_Street]]] = {None: ([], [])}
        for street in self._streets:
            for group in (None, street.insee_code):
                names, entries = choices.setdefault(group, ([], []))
                names.append(street.key)
                entries.append(street)
        return choices

    def _choices_for(self, communes: frozenset[str] | None) -> tuple[list[str], list[_Street]]:
        """Choices for a set of communes; shared-postcode sets are joined per call (cheap)."""
        if communes is None or len(communes) == 1:
            key = None if communes is None else next(iter(communes))
            return self._choices.get(key, ([], []))
        names: list[str] = []
        entries: list[_Street] = []
        for insee in sorted(communes):
            names += self._choices.get(insee, ([], []))[0]
            entries += self._choices.get(insee, ([], []))[1]
        return names, entries

    @staticmethod
    def _project(lat: np.ndarray | float, lon: np.ndarray | float) -> np.ndarray:
        """Metres on a plane tangent at Dijon: within 0.5 % over the métropole's 20 km."""
        return np.column_stack((np.asarray(lon) * _M_PER_DEG_LON, np.asarray(lat) * _M_PER_DEG_LAT))

    @staticmethod
    def _bias_m(c: Candidate, hints: GeocodeHints | None) -> float:
        """Distance to the hinted point, to order equal scores."""
        assert hints is not None and hints.latitude is not None and hints.longitude is not None
        return geodesic_distance_m(c.latitude, c.longitude, hints.latitude, hints.longitude)

    @staticmethod
    def _locate(street: _Street, number: str | None, rep: str | None) -> tuple[int, Precision, float]:
        """(address index, precision, score factor) for a house number on a street."""
        if number is None:
            return street.middle, "street", 1.0
        n, r = int(number), rep or ""
        if (n, r) in street.numbers:
            return street.numbers[(n, r)], "housenumber", 1.0
        near = {r, _REP_ALIASES.get(r, r)}
        same = sorted((s not in near, s != "", s, i) for (m, s), i in street.numbers.items() if m == n)
        if same:
            return same[0][3], "housenumber", 0.95
        gaps = [(abs(m - n), m % 2 != n % 2, i) for (m, _), i in street.numbers.items()]
        gap, other_parity, index = min(gaps, key=lambda g: (g[1], g[0]))
        return index, "street", 0.7 if other_parity else 0.8


def _number(text: str) -> int:
    """BAN numbers are digits; a stray non-digit row sorts as 0 rather than failing the index."""
    return int(text) if text.isdigit() else 0
