"""Answers of the national address service kept to spare its quota: one row per query."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel

KEY_MAX_LENGTH = 300


class GeocodeCacheEntry(SQLModel, table=True):
    """The candidates one query answered (possibly none), and when they were fetched."""

    __tablename__ = "geocode_cache"

    key: str = Field(
        primary_key=True,
        max_length=KEY_MAX_LENGTH,
        description="Namespace, limit and normalised query (hashed when too long).",
    )
    payload: list[dict[str, Any]] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False),
        description="Candidates as dicts of their fields, best first.",
    )
    created_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC),
        sa_column=Column(DateTime(timezone=True), nullable=False),
    )
