"""The writer's side of the change log: which places a data version touched, and a notice."""

from collections.abc import Iterable

from sqlalchemy import delete, insert, text
from sqlmodel import Session

from models.place_change import PlaceChange

# Versions kept in the log: a process further behind than this reloads everything anyway.
KEPT_VERSIONS = 1_000
# The PostgreSQL channel every process listens on (api.read_model.listener).
CHANNEL = "panda_data_version"


def record(session: Session, version: int, place_ids: Iterable[int] | None) -> None:
    """Log the places changed at `version` (None: everything) and tell other processes.

    Runs in the writer's transaction: the log rows and the notice appear when it commits,
    and never if it rolls back (PostgreSQL delivers NOTIFY only on commit).
    """
    ids = sorted(set(place_ids)) if place_ids is not None else [None]
    table = PlaceChange.__table__  # type: ignore[attr-defined]
    session.execute(insert(table), [{"version": version, "place_id": i} for i in ids or [None]])
    if version % 100 == 0:  # trim now and then, not on every write
        session.execute(delete(table).where(table.c.version <= version - KEPT_VERSIONS))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :version)"),
            {
                "channel": CHANNEL,
                "version": str(version),
            },
        )
