"""A write's `Idempotency-Key`, remembered a day with its first answer (api/http/idempotency.py)."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.workshop import UtcDateTime

HASH_LENGTH = 64  # a SHA-256 in hexadecimal


class IdempotentRequest(SQLModel, table=True):
    """One key of one client, and the answer its first request got.

    Neither the key nor the request is kept: only hashes. The answer is kept without the
    personal data it carried (a booking's person and counsellor): those are read back from
    the row the request created (`resource_id`) when the answer is replayed.
    """

    __tablename__ = "idempotent_request"

    fingerprint: str = Field(primary_key=True, max_length=HASH_LENGTH)
    request_hash: str = Field(max_length=HASH_LENGTH)
    # None only inside the transaction that reserved the key, before its answer is known.
    status_code: int | None = None
    resource_id: int | None = None
    body: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    headers: dict[str, str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC),
        sa_column=Column(UtcDateTime(), nullable=False, index=True),
    )
