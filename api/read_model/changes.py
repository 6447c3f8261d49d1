"""What changed in the database since a data version, read from the change log."""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from api.read_model import queries
from models.access_point import AccessPointPublic
from models.data_source import DataSource
from models.place_change import PlaceChange

# Further behind than this many versions, a process reloads everything rather than reading
# the log (which keeps far more, for the change feed: seed.change_log.KEPT_VERSIONS).
BEHIND = 1_000


@dataclass(frozen=True)
class Changes:
    """The places written between two versions and the ids gone, or "everything" changed.

    `places` hold their state when read, which is at least as new as `version`: applying them
    twice, or over any version from `since` on, gives the same model.
    """

    since: int
    version: int
    places: tuple[AccessPointPublic, ...] = ()
    removed: frozenset[int] = frozenset()
    everything: bool = False


def read_changes(
    session: Session, since: int, sources: Mapping[str, DataSource], limit: int
) -> Changes | None:
    """The changes after version `since`; None when there are none.

    "Everything" when the log cannot tell them place by place: a bulk change (import, seed,
    communes, sources), a gap in the log, or more than `limit` places (a rebuild is faster).
    """
    version = queries.data_version(session)
    if version <= since:
        return None
    if version - since > BEHIND:
        return Changes(since, version, everything=True)
    table = PlaceChange.__table__  # type: ignore[attr-defined]
    logged = session.execute(
        select(table.c.version, table.c.place_id).where(
            table.c.version > since, table.c.version <= version
        )
    ).all()
    ids = {place_id for _, place_id in logged}
    complete = {v for v, _ in logged} == set(range(since + 1, version + 1))
    if None in ids or not complete or len(ids) > limit:
        return Changes(since, version, everything=True)
    found = [int(i) for i in ids if i is not None]
    places = queries.access_points_by_ids(session, found, sources)
    removed = frozenset(found) - {p.id for p in places}
    return Changes(since, version, tuple(places), removed)
