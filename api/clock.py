"""The one place that reads the clock, and the span of time the service can evaluate."""

import re
from datetime import UTC, date, datetime

from models.opening_hours import PARIS, paris_time
from seed.validation_text import ValueErrorFr

# Moments the service evaluates hours at, Paris time. Outside, Paris offsets stop being whole
# minutes (+00:09:21 before 1911) and the arithmetic overflows near year 1 and 9999.
EARLIEST = datetime(1970, 1, 1, tzinfo=PARIS)
LATEST = datetime(2100, 12, 31, 23, 59, 59, tzinfo=PARIS)
MOMENT_RANGE = "1970-01-01T00:00:00 to 2100-12-31T23:59:59, Paris time"
# The first day of a week of hours: its seven days end by LATEST.
FIRST_DAY, LAST_WEEK_START = date(1970, 1, 1), date(2100, 12, 25)
# A number is a Unix time to Pydantic; the document promises ISO 8601 moments only.
_NUMBER = re.compile(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*")


def utc_now() -> datetime:
    """The current moment in UTC: what stored timestamps are compared with."""
    return datetime.now(UTC)


def now_paris() -> datetime:
    """The current moment in Paris time."""
    # The same moment as datetime.now(UTC).astimezone(PARIS) (both go through the zone's
    # fromutc), in a third of the time: the read path asks for it several times a request.
    return datetime.now(PARIS)


def today_paris() -> date:
    """Today's date in Paris: what the age of a place's facts is counted from."""
    return now_paris().date()


def moment_for(open_at: datetime | None) -> datetime:
    """The moment a query is about: `open_at` (naive = Paris time) or now, to the minute."""
    if open_at is not None:
        return paris_time(open_at)
    # Hours are given to the minute; a stable moment makes answers cacheable for a minute.
    return now_paris().replace(second=0, microsecond=0)


def not_a_number(value: object) -> object:
    """A query moment unchanged unless it is a bare number (ValueError): before Pydantic."""
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        raise ValueErrorFr(
            "give an ISO 8601 moment, not a number",
            "donnez un moment ISO 8601, pas un nombre (exemple : 2025-07-15T10:00:00+02:00)",
        )
    return value


def evaluable_moment(at: datetime) -> datetime:
    """`at` unchanged if within EARLIEST..LATEST (naive = Paris time); else ValueError."""
    moment = at if at.tzinfo is not None else at.replace(tzinfo=PARIS)
    try:
        within = EARLIEST <= moment <= LATEST
    except OverflowError:
        within = False
    if not within:
        raise ValueErrorFr(
            f"must be from {MOMENT_RANGE}",
            f"« {at.isoformat()} » est hors de la période 1970-01-01T00:00:00 à "
            "2100-12-31T23:59:59, heure de Paris (exemple : 2025-07-15T10:00:00+02:00)",
        )
    return at


def evaluable_week_start(day: date | None) -> date | None:
    """`day` unchanged if a week from it stays within the span; else ValueError."""
    if day is not None and not FIRST_DAY <= day <= LAST_WEEK_START:
        raise ValueErrorFr(
            f"must be from {FIRST_DAY} to {LAST_WEEK_START}",
            f"« {day} » est hors de la période {FIRST_DAY} à {LAST_WEEK_START} "
            "(exemple : 2025-07-14)",
        )
    return day
