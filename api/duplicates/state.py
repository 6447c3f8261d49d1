"""All pairs as they stand: scores, bands, people's decisions, and each place's duplicates.

`DuplicateState` is built from places and the standing decisions, once; it answers
`duplicates_of(place_id)`, the list the read model will carry on each place answer:
`[{"id", "source", "source_id", "score", "status"}]`, `status` being « grouped » (sure, or
confirmed by a person), « to_review » or « distinct » (split by a person). A decision wins
over any score; pairs below the bands that nobody decided are left out.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, TypedDict

from sqlalchemy import select
from sqlmodel import Session

from api.duplicates.bands import band
from api.duplicates.candidates import CandidateIndex, positions_to_ids
from api.duplicates.decisions import PairKey, pair_key, standing
from api.duplicates.records import DuplicateRecord, prepare
from api.duplicates.scoring import PairScore, score_pair
from models.access_point import AccessPoint
from models.duplicate import Decision

Status = Literal["grouped", "to_review", "distinct"]
# What detection and the report read of a place: no more, so 100,000 places load quickly.
COLUMNS = (
    "id", "name", "address", "postcode", "commune", "latitude", "longitude", "phone", "emails",
    "websites", "pivot", "source", "source_id", "opening_hours",
)  # fmt: skip


class DuplicateOf(TypedDict):
    """One record a place may be the same as, as a place answer carries it."""

    id: int
    source: str
    source_id: str
    score: int
    status: Status


@dataclass(frozen=True, slots=True)
class Pair:
    """A pair as it stands: both records, the score, the decision if any, the status."""

    a: DuplicateRecord
    b: DuplicateRecord
    result: PairScore
    decision: Decision | None
    status: Status


@dataclass
class DuplicateState:
    """Records, their candidate index and the standing decisions, by pair of source keys."""

    records: list[DuplicateRecord]
    decisions: dict[PairKey, Decision]
    hours: dict[int, str | None] = field(default_factory=dict)
    index: CandidateIndex = field(init=False)
    by_id: dict[int, DuplicateRecord] = field(init=False)
    by_key: dict[tuple[str, str], DuplicateRecord] = field(init=False)

    def __post_init__(self) -> None:
        self.index = CandidateIndex(self.records)
        self.by_id = {r.id: r for r in self.records}
        self.by_key = {(r.source, r.source_id): r for r in self.records}

    def pairs(self) -> list[Pair]:
        """Every pair in a band or decided by a person, smaller id first."""
        ids = positions_to_ids(self.index, self.index.pairs()) | self._decided_ids()
        found = (self.pair(self.by_id[a], self.by_id[b]) for a, b in sorted(ids))
        return [pair for pair in found if pair is not None]

    def duplicates_of(self, place_id: int) -> list[DuplicateOf]:
        """The records that may be the same place as this one, highest score first."""
        record = self.by_id.get(place_id)
        if record is None:
            return []
        others = {self.index.records[p].id for p in self.index.neighbours(record)}
        others |= {b if a == place_id else a for a, b in self._decided_ids() if place_id in (a, b)}
        found = [self.pair(record, self.by_id[other]) for other in others]
        listed = [self._entry(place_id, p) for p in found if p is not None]
        return sorted(listed, key=lambda entry: (-entry["score"], entry["id"]))

    def pair(self, a: DuplicateRecord, b: DuplicateRecord) -> Pair | None:
        """The pair's standing (smaller id first); None when below the bands and undecided."""
        a, b = (a, b) if a.id < b.id else (b, a)
        result = score_pair(a, b)
        decision = self.decisions.get(pair_key((a.source, a.source_id), (b.source, b.source_id)))
        if decision is not None:
            status: Status = "grouped" if decision == Decision.CONFIRM else "distinct"
            return Pair(a, b, result, decision, status)
        scored = band(result.score)
        if scored == "below":
            return None
        return Pair(a, b, result, None, scored)

    def _decided_ids(self) -> set[tuple[int, int]]:
        """Decided pairs whose two records both exist now, as ids."""
        out = set()
        for first, second in self.decisions:
            a, b = self.by_key.get(first), self.by_key.get(second)
            if a is not None and b is not None:
                out.add((min(a.id, b.id), max(a.id, b.id)))
        return out

    @staticmethod
    def _entry(place_id: int, pair: Pair) -> DuplicateOf:
        other = pair.b if pair.a.id == place_id else pair.a
        return DuplicateOf(
            id=other.id,
            source=other.source,
            source_id=other.source_id,
            score=pair.result.score,
            status=pair.status,
        )


def load_state(session: Session) -> DuplicateState:
    """Every place and every standing decision, read from the database."""
    columns = [getattr(AccessPoint, name) for name in COLUMNS]
    rows = session.execute(select(*columns)).all()
    records = [prepare(row, row.id) for row in rows]
    hours = {row.id: row.opening_hours for row in rows}
    decisions = {key: Decision(row.decision) for key, row in standing(session).items()}
    return DuplicateState(records, decisions, hours)


def groups(pairs: Iterable[Pair]) -> list[list[int]]:
    """Records joined by grouped pairs, as sorted lists of ids (union-find)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        if pair.status == "grouped":
            parent[root(pair.a.id)] = root(pair.b.id)
    members: dict[int, list[int]] = {}
    for x in list(parent):
        members.setdefault(root(x), []).append(x)
    return sorted(sorted(group) for group in members.values())
