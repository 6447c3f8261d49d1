"""Detection: every candidate pair scored and banded, for all places or one place."""

from dataclasses import dataclass

from api.duplicates.bands import Band, band
from api.duplicates.candidates import CandidateIndex
from api.duplicates.records import DuplicateRecord
from api.duplicates.scoring import PairScore, score_pair


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two records (a.id < b.id), their score and their band."""

    a: DuplicateRecord
    b: DuplicateRecord
    result: PairScore

    @property
    def band(self) -> Band:
        """The pair's band from its score."""
        return band(self.result.score)


def ordered(a: DuplicateRecord, b: DuplicateRecord) -> tuple[DuplicateRecord, DuplicateRecord]:
    """The pair with the smaller id first."""
    return (a, b) if a.id < b.id else (b, a)


def detect_all(records: list[DuplicateRecord], *, keep_below: bool = False) -> list[ScoredPair]:
    """Score every candidate pair among the records; pairs below the bands are dropped."""
    index = CandidateIndex(records)
    out = []
    for i, j in index.pairs():
        a, b = ordered(records[i], records[j])
        pair = ScoredPair(a, b, score_pair(a, b))
        if keep_below or pair.band != "below":
            out.append(pair)
    return out


def detect_one(
    index: CandidateIndex, record: DuplicateRecord, *, keep_below: bool = False
) -> list[ScoredPair]:
    """Score one new or changed record against its neighbours only (after a write)."""
    out = []
    for position in index.neighbours(record):
        a, b = ordered(record, index.records[position])
        pair = ScoredPair(a, b, score_pair(a, b))
        if keep_below or pair.band != "below":
            out.append(pair)
    return out
