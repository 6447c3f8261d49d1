"""The audit trail of workshops and sessions, as places have theirs (models/audit.py)."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.workshop import utc_column


class WorkshopAuditEntry(SQLModel, table=True):
    """One change to a workshop or one of its sessions; never a person's data."""

    __tablename__ = "workshop_audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    # No foreign keys: the history outlives what it describes.
    workshop_id: int = Field(index=True)
    session_id: int | None = Field(default=None)
    actor: str = Field(max_length=100)
    action: str = Field(max_length=20, description="create, update, cancel or purge.")
    at: datetime = Field(default_factory=lambda: datetime.now(UTC), sa_column=utc_column(False))
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
