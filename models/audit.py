"""The audit trail: who changed which fields of a place, when, from what to what."""

from datetime import UTC, datetime
from typing import Any

from pydantic import field_validator
from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel


class AuditEntry(SQLModel, table=True):
    """One change to one place."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    # No foreign key: the history of a hard-deleted place is kept.
    access_point_id: int = Field(index=True)
    actor: str = Field(max_length=100, description="Key name, or `cli:<user>` for the CLI.")
    action: str = Field(max_length=20, description="create, update, close, delete or import.")
    at: datetime = Field(
        default_factory=lambda: datetime.now(UTC),
        sa_column=Column(DateTime(timezone=True), nullable=False),
    )
    changes: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False),
        description='{field: {"before": ..., "after": ...}}',
    )


class AuditEntryPublic(SQLModel):
    """An audit entry as the API returns it."""

    id: int
    access_point_id: int
    actor: str = Field(
        description="A key's or the CLI's name, or « intendant du lieu » for the place's "
        "steward: never a steward's name."
    )
    action: str
    at: datetime
    changes: dict[str, Any]

    @field_validator("at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        # SQLite drops the zone; stored times are UTC. Always answered in UTC, with its offset.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
