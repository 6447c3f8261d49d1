"""What the duplicates' API and CLI answer: pairs side by side, decisions, the report."""

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.duplicates.decisions import Decided
from api.duplicates.records import DuplicateRecord
from api.duplicates.report import Report
from api.duplicates.state import Pair, Status
from api.http.errors import ErrorBody
from models.duplicate import Decision
from models.text import fold_place_name

MAX_ID = 2_147_483_647


class RecordSide(BaseModel):
    """One record of a pair, as a person compares it with the other."""

    id: int
    source: str
    source_id: str
    name: str
    address: str
    commune: str
    phone: str | None


class PairPublic(BaseModel):
    """A pair: its score (0-100), status, the person's decision if any, reasons, both sides."""

    score: int
    status: Status
    decision: Decision | None
    reasons: list[str]
    distance_m: int
    a: RecordSide
    b: RecordSide


class DecisionRequest(BaseModel):
    """A decision on two places, by their ids: the same place (confirm) or not (split)."""

    model_config = ConfigDict(extra="forbid")

    a: int = Field(ge=1, le=MAX_ID, description="One place's id.")
    b: int = Field(ge=1, le=MAX_ID, description="The other place's id.")
    decision: Decision


class StewardSplit(BaseModel):
    """« Ce n'est pas le même lieu »: the other record the steward's place is not."""

    model_config = ConfigDict(extra="forbid")

    other: int = Field(ge=1, le=MAX_ID, description="The other place's id.")


class DecisionPublic(BaseModel):
    """A decision as it stands after it was taken."""

    a: int
    b: int
    a_source: str
    a_source_id: str
    b_source: str
    b_source_id: str
    decision: Decision
    decided_by: str
    decided_at: datetime

    @field_validator("decided_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class DuplicateOfPublic(BaseModel):
    """A record a place may be the same as."""

    id: int
    source: str
    source_id: str
    score: int
    status: Status


class Count(BaseModel):
    """A number of groups for one commune or one pair of sources."""

    key: str
    groups: int


class ConflictPublic(BaseModel):
    """Two grouped records disagreeing on one fact."""

    a: int
    b: int
    fact: Literal["horaires", "téléphone", "adresse", "séparés mais regroupés par un tiers"]


class ReportPublic(BaseModel):
    """Groups by commune and source pair, pairs to review, conflicts inside groups."""

    groups: int
    records_in_groups: int
    groups_by_commune: list[Count]
    groups_by_sources: list[Count]
    to_review: list[PairPublic]
    conflicts: list[ConflictPublic]


def side(record: DuplicateRecord, phone: str | None) -> RecordSide:
    """One side of a pair."""
    return RecordSide(
        id=record.id,
        source=record.source,
        source_id=record.source_id,
        name=record.name,
        address=record.address,
        commune=record.commune,
        phone=phone,
    )


def pair_public(pair: Pair) -> PairPublic:
    """A pair with both records side by side."""
    return PairPublic(
        score=pair.result.score,
        status=pair.status,
        decision=pair.decision,
        reasons=list(pair.result.reasons),
        distance_m=round(pair.result.distance_m),
        a=side(pair.a, pair.a.phone),
        b=side(pair.b, pair.b.phone),
    )


def decision_public(decided: Decided) -> DecisionPublic:
    """A decision taken."""
    (a_source, a_source_id), (b_source, b_source_id) = decided.pair
    return DecisionPublic(
        a=decided.a_id,
        b=decided.b_id,
        a_source=a_source,
        a_source_id=a_source_id,
        b_source=b_source,
        b_source_id=b_source_id,
        decision=decided.decision,
        decided_by=decided.decided_by,
        decided_at=decided.decided_at,
    )


def report_public(report: Report) -> ReportPublic:
    """The report as JSON."""
    return ReportPublic(
        groups=report.groups,
        records_in_groups=report.records_in_groups,
        groups_by_commune=[Count(key=k, groups=n) for k, n in report.groups_by_commune],
        groups_by_sources=[Count(key=k, groups=n) for k, n in report.groups_by_sources],
        to_review=[pair_public(p) for p in report.to_review],
        conflicts=[ConflictPublic(a=c.a_id, b=c.b_id, fact=c.fact) for c in report.conflicts],
    )


def filtered(pairs: list[Pair], commune: str | None, status: Status | None) -> list[Pair]:
    """Pairs of one commune (either record's, folded) and one status, highest score first."""
    wanted = fold_place_name(commune) if commune else None
    out = [
        p
        for p in pairs
        if (status is None or p.status == status)
        and (wanted is None or wanted in (_commune(p.a), _commune(p.b)))
    ]
    return sorted(out, key=lambda p: (-p.result.score, p.a.id, p.b.id))


def _commune(record: DuplicateRecord) -> str:
    return fold_place_name(record.commune)


__all__ = ["ErrorBody"]
