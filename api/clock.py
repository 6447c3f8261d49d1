"""The one place that reads the clock."""

from datetime import UTC, datetime

from models.opening_hours import PARIS, paris_time


def now_paris() -> datetime:
    """The current moment in Paris time."""
    return datetime.now(UTC).astimezone(PARIS)


def moment_for(open_at: datetime | None) -> datetime:
    """The moment a query is about: `open_at` (naive = Paris time) or now, to the minute."""
    if open_at is not None:
        return paris_time(open_at)
    # Hours are given to the minute; a stable moment makes answers cacheable for a minute.
    return now_paris().replace(second=0, microsecond=0)
