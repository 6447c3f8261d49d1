"""Offline geocoder over BAN rows and the area's communes: indexes built once, then read-only.

Precision: `housenumber` when the number exists on the street (a missing `bis` or letter
falls back to the same number, score x0.95). A number absent from the street answers
precision `street` at the nearest number of the same parity (score x0.8; x0.7 if only the
other side exists): nearer the door than the street's middle on a long street. No number
answers the street's middle (the address nearest the median of its points). Without a street match,
the query's words are completed as typed prefixes ("14 rue cam": Rue Camille Claudel, score at
most 0.45); failing that, a named commune answers at its centroid (score halved), flagged
`street_not_found` with its streets of nearest names as `alternatives`.

A commune or postcode in the query keeps every answer in it: a street elsewhere stands only
if its own name holds the words that named the commune ("rue Buffon" in Dijon, not the village
Buffon). A commune or postcode nobody here has is ignored, the answers flagged
`commune_not_found`, score halved. When two records give the same number of a street, the
first wins: the address base is passed before the places' own addresses.
"""

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from api.geocoding.base import (
    AddressRecord,
    Candidate,
    CommuneRecord,
    GeocodeHints,
    Precision,
    housenumber_label,
)
from api.geocoding.normalise import ParsedAddress, parse_address
from api.geocoding.offline_communes import CommuneIndex, Hypothesis
from api.geocoding.offline_streets import Street, StreetIndex, holds, query_key, street_match
from models.geo import geodesic_distance_m
from models.text import fold_place_name

__all__ = ["AddressRecord", "CommuneRecord", "OfflineGeocoder"]

REVERSE_RADIUS_M = 200.0
# Streets offered when the asked one is unknown in its commune, and how much they score.
ALTERNATIVES = 5
ALTERNATIVE_WEIGHT = 0.4
_REP_ALIASES = {"b": "bis", "bis": "b", "t": "ter", "ter": "t", "q": "quater", "quater": "q"}
# Degrees to metres at Dijon's latitude (47.3°): only to shortlist reverse neighbours.
_M_PER_DEG_LAT = 111_180.0
_M_PER_DEG_LON = 75_640.0


class OfflineGeocoder:
    """In-memory geocoder; immutable after construction, so one instance serves all threads.

    `addresses`: the address base (BAN rows) first, then the places' own addresses.
    """

    name = "offline"

    def __init__(
        self, communes: Sequence[CommuneRecord], addresses: Sequence[AddressRecord]
    ) -> None:
        self._addresses = tuple(addresses)
        self._communes = CommuneIndex(communes, self._addresses)
        self._streets = StreetIndex(self._addresses, self._communes.display_name)
        points = [(a.latitude, a.longitude) for a in self._addresses]
        self._tree = cKDTree(_project(np.array(points))) if points else None

    def geocode(self, q: str, limit: int = 5, hints: GeocodeHints | None = None) -> list[Candidate]:
        """Candidates best first; raises InvalidQuery on unusable input."""
        parsed = parse_address(q)
        found: dict[str, Candidate] = {}
        answers = self._answers(self._communes.hypotheses(parsed, hints), parsed)
        if parsed.housenumber is None and parsed.postcode is None:
            # Folded as typed: "che" is Chenôve's start, not the abbreviation of "chemin".
            answers += self._communes.complete(fold_place_name(q), hints)
        for candidate in answers:
            if candidate.label not in found or candidate.score > found[candidate.label].score:
                found[candidate.label] = candidate
        return sorted(found.values(), key=lambda c: _rank(c, hints))[: max(limit, 0)]

    def commune_suggestions(self, q: str, limit: int = 3) -> list[str]:
        """Commune names that look like part of the query, to help a user rephrase it."""
        return self._communes.suggestions(q, limit)

    def reverse(self, latitude: float, longitude: float) -> Candidate | None:
        """Nearest address within 200 m, else the commune with the nearest centroid in reach."""
        if self._tree is not None:
            _, index = self._tree.query(_project(np.array([[latitude, longitude]]))[0])
            a = self._addresses[int(index)]
            distance = geodesic_distance_m(latitude, longitude, a.latitude, a.longitude)
            if distance <= REVERSE_RADIUS_M:
                return self._address_candidate(int(index), 1.0 - distance / REVERSE_RADIUS_M)
        return self._communes.nearest(latitude, longitude)

    def _answers(self, hypotheses: list[Hypothesis], parsed: ParsedAddress) -> list[Candidate]:
        """Candidates of every reading, in order; a guarded reading is skipped after an exact hit.

        A reading outside the named communes scores below 1.0, so it cannot win then.
        """
        number, rep = parsed.housenumber, parsed.rep
        per = [None if h.named is not None else self._answer(h, number, rep) for h in hypotheses]
        exact = any(c.score >= 1.0 for found in per if found for c in found)
        return [
            c
            for h, found in zip(hypotheses, per, strict=True)
            for c in (found if found is not None else [] if exact else self._answer(h, number, rep))
        ]

    def _answer(self, h: Hypothesis, number: str | None, rep: str | None) -> list[Candidate]:
        """Candidates for one reading of the query, flagged when it ignores a typed commune."""
        found = self._read(h, number, rep)
        if h.commune_not_found:
            return [replace(c, commune_not_found=True) for c in found]
        return found

    def _read(self, h: Hypothesis, number: str | None, rep: str | None) -> list[Candidate]:
        """Candidates for one reading of the query (street text and allowed communes)."""
        if not h.street:
            return self._communes.municipalities(h.communes, h.score)
        typed = query_key(h.street)[1]
        matches = _kept(h, self._streets.match(h.street, h.communes))
        if matches:
            return [self._at_street(s, sim * h.score, number, rep, typed) for s, sim in matches]
        # Typing in progress: "14 rue cam" completes to the streets whose words it starts.
        found = [
            self._at_street(s, weight * h.score, number, rep, typed)
            for s, weight in _kept(h, self._streets.complete(h.street, h.communes))
        ]
        # Unrestricted, or named communes read by another hypothesis: nothing to fall back on.
        if h.communes is None or h.named is not None:
            return found
        return found or self._street_not_found(h, h.street, number, rep)

    def _street_not_found(
        self, h: Hypothesis, street: str, number: str | None, rep: str | None
    ) -> list[Candidate]:
        """The named commune(s), flagged, with the known streets whose names are nearest."""
        typed = query_key(street)[1]
        alternatives = tuple(
            self._at_street(s, similarity * h.score * ALTERNATIVE_WEIGHT, number, rep, typed)
            for s, similarity in self._streets.closest(street, h.communes, ALTERNATIVES)
        )
        return [
            replace(c, street_not_found=True, alternatives=alternatives)
            for c in self._communes.municipalities(h.communes, h.score * 0.5)
        ]

    def _at_street(
        self, street: Street, score: float, number: str | None, rep: str | None, typed: str
    ) -> Candidate:
        """The candidate on a matched street: the number if found, else its stand-in."""
        index, precision, factor = _locate(street, number, rep)
        matched = street_match(typed, street)
        if precision == "housenumber":
            return replace(self._address_candidate(index, score * factor), street_match=matched)
        a = self._addresses[index]
        return Candidate(
            f"{street.label} {street.postcode} {street.commune}", a.latitude, a.longitude,
            round(score * factor, 4), "street", street.insee_code, street.postcode, self.name,
            street_match=matched,
        )  # fmt: skip

    def _address_candidate(self, index: int, score: float) -> Candidate:
        """A housenumber-precision candidate for one address, labelled like the BAN."""
        a = self._addresses[index]
        commune = self._communes.display_name(a.insee_code, a.commune)
        label = f"{housenumber_label(a.housenumber, a.rep)} {a.street} {a.postcode} {commune}"
        return Candidate(
            label, a.latitude, a.longitude, round(score, 4), "housenumber",
            a.insee_code, a.postcode, self.name,
        )  # fmt: skip


def _kept(h: Hypothesis, hits: list[tuple[Street, float]]) -> list[tuple[Street, float]]:
    """Hits in the communes the query named, or on streets whose name holds the naming words."""
    if h.named is None:
        return hits
    return [(s, sim) for s, sim in hits if s.insee_code in h.named or holds(h.tail, s)]


def _locate(street: Street, number: str | None, rep: str | None) -> tuple[int, Precision, float]:
    """(address index, precision, score factor) for a house number on a street."""
    if number is None:
        return street.middle, "street", 1.0
    n, r = int(number), rep or ""
    if (n, r) in street.numbers:
        return street.numbers[(n, r)], "housenumber", 1.0
    # Same number, other suffix: "12 b" for "12 bis" first, then the plain number.
    near = {r, _REP_ALIASES.get(r, r)}
    same = sorted((s not in near, s != "", s, i) for (m, s), i in street.numbers.items() if m == n)
    if same:
        return same[0][3], "housenumber", 0.95
    gaps = [(m % 2 != n % 2, abs(m - n), i) for (m, _), i in street.numbers.items()]
    other_side, _, index = min(gaps)
    return index, "street", 0.7 if other_side else 0.8


def _rank(c: Candidate, hints: GeocodeHints | None) -> tuple[float, float, float]:
    """Best score, then more of the typed street matched, then nearer the hint; sort is stable."""
    bias = 0.0
    if hints is not None and hints.latitude is not None and hints.longitude is not None:
        bias = geodesic_distance_m(c.latitude, c.longitude, hints.latitude, hints.longitude)
    return (-c.score, -c.street_match, bias)


def _project(points: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """(lat, lon) rows as metres on a plane tangent at Dijon; exact distance is checked after."""
    return np.column_stack((points[:, 1] * _M_PER_DEG_LON, points[:, 0] * _M_PER_DEG_LAT))
