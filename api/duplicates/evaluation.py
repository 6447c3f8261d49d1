"""Measuring detection on labelled pairs: the split, precision and recall per band.

Labels are our own judgement of pairs of real records (tests/fixtures/duplicates/), SAME,
DISTINCT or UNSURE by the rules of docs/duplicates.md. A fixed hash of the pair sends it to
the tuning part or to the held-out part, so the split never depends on the scores.
"""

import csv
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from api.duplicates.bands import band
from api.duplicates.candidates import CandidateIndex, positions_to_ids
from api.duplicates.national_rule import national_merges
from api.duplicates.records import DuplicateRecord, prepare
from api.duplicates.scoring import score_pair
from seed.formats.mapping import load_mapping, read_mapped_csv

Label = Literal["SAME", "DISTINCT", "UNSURE"]
Part = Literal["tuning", "held_out"]
# One pair in three is held out.
HELD_OUT_MODULUS = 3


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """Two source ids, our label and its one-line reason."""

    a: str
    b: str
    label: Label
    reason: str

    @property
    def part(self) -> Part:
        """« held_out » for one pair in three by a fixed hash of the two ids, else « tuning »."""
        key = "|".join(sorted((self.a, self.b))).encode()
        digest = int(hashlib.sha256(key).hexdigest()[:8], 16)
        return "held_out" if digest % HELD_OUT_MODULUS == 0 else "tuning"


@dataclass(frozen=True, slots=True)
class Figures:
    """Precision and recall of one decision rule on the SAME/DISTINCT pairs of one part."""

    same: int
    distinct: int
    flagged: int
    true_positive: int

    @property
    def precision(self) -> float:
        """Share of flagged pairs labelled SAME (1.0 when nothing is flagged)."""
        return self.true_positive / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        """Share of SAME pairs flagged."""
        return self.true_positive / self.same if self.same else 1.0


def read_labels(path: Path) -> list[LabelledPair]:
    """The labelled pairs of a CSV with columns a, b, label, reason."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    labels = {"SAME", "DISTINCT", "UNSURE"}
    bad = [row for row in rows if row["label"] not in labels]
    if bad:
        raise ValueError(f"unknown label {bad[0]['label']!r} for {bad[0]['a']} / {bad[0]['b']}")
    return [LabelledPair(r["a"], r["b"], r["label"], r["reason"]) for r in rows]  # type: ignore[arg-type]


def figures(pairs: Iterable[LabelledPair], flagged: Callable[[LabelledPair], bool]) -> Figures:
    """Precision and recall of `flagged` over the pairs labelled SAME or DISTINCT."""
    same = distinct = hits = true_positive = 0
    for pair in pairs:
        if pair.label == "UNSURE":
            continue
        same += pair.label == "SAME"
        distinct += pair.label == "DISTINCT"
        if flagged(pair):
            hits += 1
            true_positive += pair.label == "SAME"
    return Figures(same, distinct, hits, true_positive)


def census_records(path: Path, mapping: Path) -> dict[str, DuplicateRecord]:
    """The census' rows read through its import mapping, as a city team imports it."""
    result = read_mapped_csv(path.read_bytes(), load_mapping(mapping))
    records = {}
    for position, row in enumerate(result.rows, start=1):
        # Rows whose hours or codes the import refuses still say who and where they are.
        fields = row.fields
        if "name" not in fields or "latitude" not in fields:
            continue
        place = _MappedPlace(
            name=fields["name"],
            address=fields.get("address") or "",
            postcode=fields.get("postcode") or "",
            commune=fields.get("commune") or "",
            latitude=fields["latitude"],
            longitude=fields["longitude"],
            phone=fields.get("phone"),
            emails=list(fields.get("emails") or []),
            websites=list(fields.get("websites") or []),
            pivot=fields.get("pivot"),
            source=fields["source"],
            source_id=fields["source_id"],
        )
        records[place.source_id] = prepare(place, position)
    return records


@dataclass(frozen=True, slots=True)
class _MappedPlace:
    """The fields of a mapped row that detection reads."""

    name: str
    address: str
    postcode: str
    commune: str
    latitude: float
    longitude: float
    phone: str | None
    emails: list[str]
    websites: list[str]
    pivot: str | None
    source: str
    source_id: str


def measure(
    records: dict[str, DuplicateRecord], labels: list[LabelledPair], part: Part
) -> dict[str, Figures]:
    """Our two bands (found as candidates, then scored) and the national rule on one part.

    « grouped » counts pairs scored in the grouped band; « flagged » pairs in either band
    (grouped or to review); « national » pairs the cartographie nationale's rule merges.
    """
    index = CandidateIndex(list(records.values()))
    candidates = positions_to_ids(index, index.pairs())
    chosen = [pair for pair in labels if pair.part == part]

    def score(pair: LabelledPair) -> int:
        a, b = records[pair.a], records[pair.b]
        key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        return score_pair(a, b).score if key in candidates else -1

    return {
        "grouped": figures(chosen, lambda p: band(score(p)) == "grouped"),
        "flagged": figures(chosen, lambda p: score(p) >= 0 and band(score(p)) != "below"),
        "national": figures(chosen, lambda p: national_merges(records[p.a], records[p.b])),
    }
