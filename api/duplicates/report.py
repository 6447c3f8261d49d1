"""The quality report: groups by commune and by source pair, pairs to review, and where
grouped records disagree (hours, phone, address), so a city team knows what to check first."""

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from api.duplicates.addresses import compare_addresses
from api.duplicates.state import DuplicateState, Pair, groups


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two grouped records that disagree on one fact."""

    a_id: int
    b_id: int
    fact: Literal["horaires", "téléphone", "adresse", "séparés mais regroupés par un tiers"]


@dataclass(frozen=True, slots=True)
class Report:
    """What `panda duplicates report` prints and `GET /v1/duplicates/report` answers."""

    groups: int
    records_in_groups: int
    groups_by_commune: list[tuple[str, int]]
    groups_by_sources: list[tuple[str, int]]
    to_review: list[Pair]
    conflicts: list[Conflict]


def build_report(state: DuplicateState) -> Report:
    """Count groups, list the pairs to review and the conflicts inside groups."""
    pairs = state.pairs()
    found = [g for g in groups(pairs) if len(g) > 1]
    by_commune: Counter[str] = Counter()
    by_sources: Counter[str] = Counter()
    for group in found:
        members = [state.by_id[i] for i in group]
        by_commune[members[0].commune] += 1
        by_sources[" + ".join(sorted({m.source for m in members}))] += 1
    grouped = [p for p in pairs if p.status == "grouped"]
    group_of = {member: n for n, group in enumerate(found) for member in group}
    return Report(
        groups=len(found),
        records_in_groups=sum(len(g) for g in found),
        groups_by_commune=sorted(by_commune.items(), key=lambda kv: (-kv[1], kv[0])),
        groups_by_sources=sorted(by_sources.items(), key=lambda kv: (-kv[1], kv[0])),
        to_review=sorted(
            (p for p in pairs if p.status == "to_review"), key=lambda p: -p.result.score
        ),
        conflicts=[c for p in grouped for c in conflicts(state, p)]
        + [
            Conflict(p.a.id, p.b.id, "séparés mais regroupés par un tiers")
            for p in pairs
            if p.status == "distinct" and group_of.get(p.a.id, -1) == group_of.get(p.b.id, -2)
        ],
    )


def conflicts(state: DuplicateState, pair: Pair) -> list[Conflict]:
    """The facts two grouped records both state and state differently."""
    a, b = pair.a, pair.b
    out: list[Conflict] = []
    hours_a, hours_b = state.hours.get(a.id), state.hours.get(b.id)
    if hours_a and hours_b and hours_a != hours_b:
        out.append(Conflict(a.id, b.id, "horaires"))
    if a.phone and b.phone and a.phone != b.phone:
        out.append(Conflict(a.id, b.id, "téléphone"))
    if compare_addresses(a.address_key, b.address_key) in ("differs", "number_differs"):
        out.append(Conflict(a.id, b.id, "adresse"))
    return out
