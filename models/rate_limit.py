"""Rate-limit counters shared by the processes of one PostgreSQL database (no Redis)."""

from sqlmodel import Field, SQLModel

KEY_MAX_LENGTH = 200


class RateLimitCounter(SQLModel, table=True):
    """One fixed window of one limit for one client: how many hits, until when.

    A cache, not data: PostgreSQL keeps it UNLOGGED (revision 0003), so a crash empties it.
    """

    __tablename__ = "rate_limit_counter"

    key: str = Field(primary_key=True, max_length=KEY_MAX_LENGTH)
    count: int = Field(default=0)
    expires_at: float = Field(description="End of the window, in seconds since the epoch.")
