"""Stewards: people of one place who keep its facts current, through a link only they hold."""

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


def _utc_column(nullable: bool) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=nullable)


class StewardLink(SQLModel, table=True):
    """One steward's link to one place: its prefix finds it, the SHA-256 of its token checks it."""

    __tablename__ = "steward_link"

    id: int | None = Field(default=None, primary_key=True)
    # No foreign key, as in the audit trail: a hard delete leaves a link that opens nothing.
    access_point_id: int = Field(index=True)
    steward_name: str = Field(min_length=1, max_length=100)
    token_prefix: str = Field(max_length=16, unique=True, index=True)
    token_hash: str = Field(max_length=64)
    created_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), sa_column=_utc_column(False)
    )
    expires_at: datetime = Field(sa_column=_utc_column(False))
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(True))
    last_used_at: datetime | None = Field(default=None, sa_column=_utc_column(True))
    # Where review reminders go (api.reviews); None: the steward is not reminded.
    email: str | None = Field(default=None, max_length=254)
    # The token a reminder e-mail carries (the link's own is never kept): a second way in to the
    # same link, replaced by each reminder, found by its prefix and checked by its SHA-256.
    mail_token_prefix: str | None = Field(default=None, max_length=16, unique=True, index=True)
    mail_token_hash: str | None = Field(default=None, max_length=64)
    last_reminded_at: datetime | None = Field(default=None, sa_column=_utc_column(True))
