"""The feed in the database: replaced whole in one transaction, read back for the read model.

A refused feed never reaches here (api.transit.reader checks it first), and a replacement
either commits whole or not at all: readers see the old feed or the new one, never a mix.
The data version is bumped as for any bulk change, so every server process rebuilds its read
model with the new stops.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session, SQLModel

from api.transit.feed import Feed
from models.transit import TransitFeed
from seed.locking import hold_writers
from seed.upsert import bump_data_version

# Two imports at once take turns (a PostgreSQL advisory lock; SQLite's write lock).
IMPORT_LOCK_KEY = 0x7472616E  # "tran"
# Rows per INSERT: large enough to be fast, small enough for SQLite's variable limit.
_BATCH = 500


@dataclass(frozen=True)
class StoredFeed:
    """What `panda transit show` and the read model say of the feed in use."""

    name: str
    start_date: date
    end_date: date
    imported_at: datetime
    sha256: str
    stops: int
    lines: int
    stop_times: int


def replace_feed(session: Session, feed: Feed) -> int:
    """Replace the stored feed by `feed` and commit; the new data version."""
    hold_writers(session, IMPORT_LOCK_KEY)
    tables = SQLModel.metadata.tables
    for name in ("transit_stop_line", "transit_line", "transit_stop", "transit_feed"):
        session.execute(delete(tables[name]))
    session.add(
        TransitFeed(
            id=1,
            name=feed.name,
            start_date=feed.start_date,
            end_date=feed.end_date,
            imported_at=datetime.now(UTC),
            sha256=feed.sha256,
            stop_times=feed.stop_times,
        )
    )
    stops = [
        {"position": i, "stop_id": s.stop_id, "name": s.name, "latitude": s.latitude}
        | {"longitude": s.longitude}
        for i, s in enumerate(feed.stops)
    ]
    lines = [
        {"position": i, "route_id": ln.route_id, "short_name": ln.short_name}
        | {"long_name": ln.long_name, "mode": ln.mode, "color": ln.color}
        | {"text_color": ln.text_color, "geometry": ln.geometry}
        for i, ln in enumerate(feed.lines)
    ]
    serves = [{"stop": stop, "line": line} for stop, line in feed.serves]
    for name, rows in (
        ("transit_stop", stops),
        ("transit_line", lines),
        ("transit_stop_line", serves),
    ):
        table = tables[name]
        for start in range(0, len(rows), _BATCH):
            session.execute(insert(table), rows[start : start + _BATCH])
    version = bump_data_version(session)
    session.commit()
    return version


def stored_feed(session: Session) -> StoredFeed | None:
    """The feed in use, with its counts; None when none was imported."""
    feed = session.get(TransitFeed, 1)
    if feed is None:
        return None
    tables = SQLModel.metadata.tables
    stops = session.execute(select(func.count()).select_from(tables["transit_stop"])).scalar_one()
    lines = session.execute(select(func.count()).select_from(tables["transit_line"])).scalar_one()
    return StoredFeed(
        feed.name,
        feed.start_date,
        feed.end_date,
        feed.imported_at,
        feed.sha256,
        stops,
        lines,
        feed.stop_times,
    )
