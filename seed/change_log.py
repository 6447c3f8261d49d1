"""The writer's side of the change log: which places a data version touched, and a notice.

The log serves two readers: each process's read model (api.read_model.changes) and the
partners' change feed (api.feed). Its order is the commit order because every writer takes
the data version's row lock (seed.upsert.bump_data_version) before it appends, and holds it
until it commits: version v + 1 cannot be taken, let alone committed, before v is committed.
"""

from collections.abc import Iterable

from sqlalchemy import Table, delete, insert, select, text
from sqlmodel import Session

from models.access_point import AccessPoint
from models.place_change import PlaceChange

# Versions kept in the log: a process further behind reloads everything; a feed follower
# further behind is told to copy again (410). At one version a write, days of writes.
KEPT_VERSIONS = 100_000
# The PostgreSQL channel every process listens on (api.read_model.listener).
CHANNEL = "panda_data_version"
# Where bulk writes (imports, the seed) note the places they changed, until the bump.
_NOTED = "panda.changed_places"
_BATCH = 1_000
LOG: Table = PlaceChange.__table__  # type: ignore[attr-defined]
PLACES: Table = AccessPoint.__table__  # type: ignore[attr-defined]


def note_changed(session: Session, place_ids: Iterable[int]) -> None:
    """Remember places written in this transaction, for the log of its coming version.

    A note left by a transaction that rolled back names places that did not change: the
    feed then sends their state again, which a follower applies as a no-op.
    """
    session.info.setdefault(_NOTED, set()).update(place_ids)


def record(
    session: Session, version: int, place_ids: Iterable[int] | None, everything: bool = False
) -> None:
    """Log the places changed at `version` and tell other processes; None: everything.

    Runs in the writer's transaction, after the places' rows are written and before a deleted
    one's row goes: the log rows and the notice appear when it commits, and never if it rolls
    back (PostgreSQL delivers NOTIFY only on commit).
    """
    noted: set[int] = session.info.pop(_NOTED, set())
    ids = sorted(noted | set(place_ids or ()))
    named = _named(session, ids)
    rows: list[dict[str, object]] = [
        {
            "version": version,
            "place_id": i,
            "source": named.get(i, (None, None))[0],
            "source_id": named.get(i, (None, None))[1],
        }
        for i in ids
    ]
    if everything or place_ids is None or not rows:
        rows.append({"version": version, "place_id": None, "source": None, "source_id": None})
    session.execute(insert(LOG), rows)
    if version % 100 == 0:  # trim now and then, not on every write
        session.execute(delete(LOG).where(LOG.c.version <= version - KEPT_VERSIONS))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :version)"),
            {"channel": CHANNEL, "version": str(version)},
        )


def _named(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each place's source and source_id by id, as the transaction sees them."""
    found: dict[int, tuple[str, str]] = {}
    columns = (PLACES.c.id, PLACES.c.source, PLACES.c.source_id)
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        rows = session.execute(select(*columns).where(PLACES.c.id.in_(batch)))
        found |= {int(place_id): (source, source_id) for place_id, source, source_id in rows}
    return found
