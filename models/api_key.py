"""API keys for writes: only a hash is stored; scopes say what a key may do."""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel


class Scope(StrEnum):
    """What a key allows; `admin` allows everything."""

    WRITE = "write"
    IMPORT = "import"
    # Book seats on workshop sessions for job seekers (counsellors).
    REGISTER = "register"
    ADMIN = "admin"


def _utc_column(nullable: bool) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=nullable)


class ApiKey(SQLModel, table=True):
    """A key as stored: its public prefix finds it, its SHA-256 hash verifies it."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(min_length=1, max_length=100, index=True)
    prefix: str = Field(max_length=16, unique=True, index=True)
    key_hash: str = Field(max_length=64)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), sa_column=_utc_column(False)
    )
    expires_at: datetime | None = Field(default=None, sa_column=_utc_column(True))
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(True))

    def allows(self, scope: Scope) -> bool:
        """True when the key holds the scope, or admin."""
        return scope.value in self.scopes or Scope.ADMIN.value in self.scopes
