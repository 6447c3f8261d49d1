"""People's decisions about pairs of records: the same place (confirm) or not (split).

A decision is keyed on the two records' (source, source_id), never on row ids, so it holds
through re-imports and updates of either record, and wins over any score. The pair is
stored in one order (the smaller (source, source_id) first) so each pair has one row.
"""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime, String, UniqueConstraint
from sqlmodel import Field, SQLModel


class Decision(StrEnum):
    """What a person decided about a pair."""

    CONFIRM = "confirm"  # the same place: shown as one card
    SPLIT = "split"  # not the same place: never grouped


DECISION_FR = {Decision.CONFIRM: "même lieu", Decision.SPLIT: "lieux différents"}


def _utc_column() -> "Column[datetime]":
    return Column(DateTime(timezone=True), nullable=False)


class DuplicateDecision(SQLModel, table=True):
    """The standing decision on one pair of records (the latest one taken)."""

    __tablename__ = "duplicate_decision"
    __table_args__ = (
        UniqueConstraint(
            "a_source",
            "a_source_id",
            "b_source",
            "b_source_id",
            name="uq_duplicate_decision_a_source",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    a_source: str = Field(max_length=100)
    a_source_id: str = Field(max_length=200)
    b_source: str = Field(max_length=100)
    b_source_id: str = Field(max_length=200)
    decision: Decision = Field(sa_type=String(10))
    decided_by: str = Field(max_length=100)
    decided_at: datetime = Field(default_factory=lambda: datetime.now(UTC), sa_column=_utc_column())


class DuplicateDecisionAudit(SQLModel, table=True):
    """One decision taken: kept even when a later one replaces it."""

    __tablename__ = "duplicate_decision_audit"

    id: int | None = Field(default=None, primary_key=True)
    a_source: str = Field(max_length=100)
    a_source_id: str = Field(max_length=200)
    b_source: str = Field(max_length=100)
    b_source_id: str = Field(max_length=200)
    decision: Decision = Field(sa_type=String(10))
    actor: str = Field(max_length=100)
    at: datetime = Field(default_factory=lambda: datetime.now(UTC), sa_column=_utc_column())
