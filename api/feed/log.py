"""Reading the change feed: the places changed after a position, in commit order.

Why the order holds under concurrent writes: every writer appends to the log under the data
version's row lock (`SELECT … FOR UPDATE` on PostgreSQL, the database write lock on
SQLite) and keeps it until it commits, so version v + 1 is taken only after v is committed.
The versions committed at any moment are therefore 1..n with no hole, and a reader never
sees v + 1 without v: a cursor moved past what one read saw can never skip a change that
commits later. (An autoincrement id would not do: on PostgreSQL a transaction holding a
lower id may commit after a reader saw a higher one.)

Each entry carries the place as it is when read (at least as new as the change), or a
tombstone when the place is gone: a follower applying entries in order ends with the
database's places; an entry seen twice is applied twice to the same effect.
"""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlmodel import Session

from api.feed.cursor import WHOLE, Position
from api.read_model import queries
from models.access_point import AccessPointPublic
from models.place_change import PlaceChange
from seed.data_sources import all_data_sources

LOG = PlaceChange.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Entry:
    """One place changed at one version: its state now, or None when it is gone."""

    at: Position
    place_id: int
    source: str | None
    source_id: str | None
    place: AccessPointPublic | None


@dataclass(frozen=True)
class Page:
    """Entries after a position; `next` is where to continue; `full` says more may wait."""

    entries: list[Entry]
    next: Position
    full: bool
    version: int


class Expired(Exception):
    """The position is older than the log keeps (`horizon`): copy everything again."""

    def __init__(self, horizon: int) -> None:
        super().__init__(horizon)
        self.horizon = horizon


class Ahead(Exception):
    """The position is past the database's version: a cursor from another database."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def read_page(session: Session, after: Position, limit: int) -> Page:
    """Up to `limit` entries after `after`; Expired or Ahead when it cannot be followed."""
    # Read first: every version up to it is committed, so the log holds all of them below.
    version = queries.data_version(session)
    if after.version > version:
        raise Ahead(version)
    rows = session.execute(
        select(LOG.c.version, LOG.c.place_id, LOG.c.source, LOG.c.source_id)
        .where(LOG.c.place_id.is_not(None), _after(after))
        .order_by(LOG.c.version, LOG.c.place_id)
        .limit(limit)
    ).all()
    # Checked after reading: a trim that removed rows past `after` before the read shows here.
    horizon = _horizon(session, version)
    if after.version < horizon:
        raise Expired(horizon)
    ids = {row.place_id for row in rows}
    found = queries.access_points_by_ids(session, ids, all_data_sources(session)) if ids else []
    places = {place.id: place for place in found}
    entries = [
        Entry(
            Position(row.version, row.place_id),
            row.place_id,
            row.source,
            row.source_id,
            places.get(row.place_id),
        )
        for row in rows
    ]
    full = len(entries) == limit
    # A page that is not full holds every change up to `version`: continue from there.
    last = entries[-1].at if entries else after
    return Page(entries, last if full else max(last, Position(version, WHOLE)), full, version)


def _after(position: Position) -> ColumnElement[bool]:
    return or_(
        LOG.c.version > position.version,
        and_(LOG.c.version == position.version, LOG.c.place_id > position.place_id),
    )


def _horizon(session: Session, version: int) -> int:
    """The oldest position the log still continues from: the version before its first row."""
    oldest = session.execute(select(func.min(LOG.c.version))).scalar()
    return version if oldest is None else int(oldest) - 1
