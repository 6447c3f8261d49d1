"""Keeps the current snapshot and swaps in a new one when the database's data version moves."""

import asyncio
import contextlib
import logging

from sqlalchemy import Engine
from sqlmodel import Session

from api import queries
from api.snapshot import Snapshot

log = logging.getLogger(__name__)


def load_snapshot(engine: Engine) -> Snapshot:
    """Read every place and commune in one transaction and build a snapshot."""
    with Session(engine) as session:
        version = queries.data_version(session)
        places = queries.all_access_points(session)
        communes = queries.all_communes(session)
        addresses = queries.all_addresses(session)
    return Snapshot(version, places, communes, addresses)


class SnapshotHolder:
    """The one mutable reference: readers take `current`, a refresh replaces it atomically."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.current = load_snapshot(engine)

    def refresh(self) -> bool:
        """Reload if the data version changed; True when a new snapshot was installed."""
        with Session(self._engine) as session:
            version = queries.data_version(session)
        if version == self.current.version:
            return False
        self.current = load_snapshot(self._engine)
        return True

    async def poll(self, interval_s: float) -> None:
        """Refresh forever, every `interval_s`, off the event loop; for writes made elsewhere."""
        while True:
            await asyncio.sleep(interval_s)
            try:
                await asyncio.to_thread(self.refresh)
            except Exception:  # keep serving the old snapshot if the database hiccups
                log.exception("snapshot refresh failed")

    @staticmethod
    async def stop(task: "asyncio.Task[None]") -> None:
        """Cancel a polling task and wait for it."""
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
