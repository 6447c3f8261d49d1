"""Which pairs of records are worth scoring, without comparing every place with every other.

Two ways in, both in time close to linear in the number of places:
- a k-d tree (scipy's cKDTree) on points in metres finds every pair within RADIUS_M;
- an inverted index finds pairs in one commune (department + name) sharing a phone, an
  e-mail, a website, a SIRET, an address (number and street) or a distinctive name word,
  and pairs within CONTACT_RADIUS_M sharing a phone, e-mail or SIRET (a commune misspelt).
A key carried by more than MAX_BUCKET places says little and would cost a square: skipped.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from scipy.spatial import cKDTree

from api.duplicates.geometry import distance_m, to_xyz_m
from api.duplicates.names import core_tokens
from api.duplicates.records import DuplicateRecord

RADIUS_M = 300.0
CONTACT_RADIUS_M = 10_000.0
MAX_BUCKET = 40


def record_keys(record: DuplicateRecord) -> Iterator[str]:
    """The inverted index's keys of one record: per commune, and contacts everywhere."""
    commune = record.commune_key
    for email in record.emails:
        yield f"e:{email}"
    if record.phone:
        yield f"p:{record.phone}"
    if record.siret:
        yield f"s:{record.siret}"
    for site in record.websites:
        yield f"{commune}|w:{site}"
    address = record.address_key
    if address.street:
        yield f"{commune}|a:{address.number or ''}:{address.street_name}"
    for token in core_tokens(record.name_parts):
        yield f"{commune}|n:{token}"


@dataclass
class CandidateIndex:
    """A k-d tree and an inverted index over records, for all pairs or one record's."""

    records: list[DuplicateRecord]
    tree: cKDTree = field(init=False)
    keys: dict[str, list[int]] = field(init=False)

    def __post_init__(self) -> None:
        lat = np.array([r.latitude for r in self.records], dtype=np.float64)
        lon = np.array([r.longitude for r in self.records], dtype=np.float64)
        self.tree = cKDTree(to_xyz_m(lat, lon)) if self.records else cKDTree(np.zeros((0, 3)))
        self.keys = defaultdict(list)
        for position, record in enumerate(self.records):
            for key in set(record_keys(record)):
                self.keys[key].append(position)

    def pairs(self) -> set[tuple[int, int]]:
        """Every candidate pair, as positions (i < j) in `records`."""
        found: set[tuple[int, int]] = set(
            map(tuple, self.tree.query_pairs(RADIUS_M, output_type="ndarray").tolist())
        )
        for key, positions in self.keys.items():
            if 1 < len(positions) <= MAX_BUCKET:
                found.update(p for p in combinations(positions, 2) if self._near_enough(key, *p))
        return found

    def neighbours(self, record: DuplicateRecord) -> set[int]:
        """Positions of the records a new or changed record should be scored against."""
        point = to_xyz_m(np.array([record.latitude]), np.array([record.longitude]))[0]
        found = set(self.tree.query_ball_point(point, RADIUS_M))
        for key in set(record_keys(record)):
            positions = self.keys.get(key, [])
            if len(positions) < MAX_BUCKET:
                found.update(p for p in positions if self._near(key, record, self.records[p]))
        return {p for p in found if self.records[p].id != record.id}

    def _near_enough(self, key: str, i: int, j: int) -> bool:
        return self._near(key, self.records[i], self.records[j])

    @staticmethod
    def _near(key: str, a: DuplicateRecord, b: DuplicateRecord) -> bool:
        """Commune keys already agree; contact keys hold only within CONTACT_RADIUS_M."""
        if "|" in key:
            return True
        return distance_m(a.latitude, a.longitude, b.latitude, b.longitude) <= CONTACT_RADIUS_M


def positions_to_ids(
    index: CandidateIndex, pairs: Iterable[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Candidate pairs as record ids, smaller id first."""
    out = set()
    for i, j in pairs:
        a, b = index.records[i].id, index.records[j].id
        out.add((a, b) if a < b else (b, a))
    return out
