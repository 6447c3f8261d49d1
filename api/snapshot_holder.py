"""Keeps the current snapshot and swaps in a new one when the database's data version moves."""

import asyncio
import contextlib
import gc
import logging
import threading
import time

from sqlalchemy import Engine
from sqlmodel import Session

from api import queries
from api.snapshot import Snapshot, build_geocoder
from models.access_point import AccessPointPublic
from models.commune import CommunePublic
from seed.collector import collector_paused
from seed.data_sources import all_data_sources

log = logging.getLogger(__name__)


def load_snapshot(engine: Engine, previous: Snapshot | None = None) -> Snapshot:
    """Read every place and commune in one transaction and build a snapshot.

    The offline geocoder (tens of thousands of addresses, about a second to build) is
    carried over from `previous` when neither the address table nor the places' addresses
    changed, so an edit to a place's hours does not rebuild it.
    """
    with Session(engine) as session, collector_paused():
        version = queries.data_version(session)
        sources = all_data_sources(session)
        places = queries.all_access_points(session, sources)
        communes = queries.all_communes(session)
        key = _geocoder_key(queries.addresses_version(session), places, communes)
        if previous is not None and previous.geocoder_key == key:
            geocoder = previous.geocoder
        else:
            geocoder = build_geocoder(communes, places, queries.all_addresses(session))
    with collector_paused():
        snapshot = Snapshot(version, places, communes, geocoder, sources)
    snapshot.geocoder_key = key
    # A snapshot is immutable and long-lived: keep the cycle collector from walking its
    # millions of objects again and again (full collections paused the server > 1 s at
    # 100,000 places). Reference counting still frees an old snapshot once replaced.
    gc.collect()
    gc.freeze()
    return snapshot


def _geocoder_key(
    addresses_version: int, places: list[AccessPointPublic], communes: list[CommunePublic]
) -> tuple[object, ...]:
    located = tuple(
        (p.address, p.postcode, p.insee_code, p.commune, p.latitude, p.longitude) for p in places
    )
    return (addresses_version, located, tuple(communes))


class SnapshotHolder:
    """The one mutable reference: readers take `current`, a refresh replaces it atomically."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # One rebuild at a time: a write's own refresh and the poller's used to build the
        # same new snapshot side by side (twice the time and three snapshots alive at once).
        self._refreshing = threading.Lock()
        self.current = load_snapshot(engine)
        # When `current` was installed, on the monotonic clock (for its age, not a date).
        self.installed_at = time.monotonic()

    def refresh(self) -> bool:
        """Reload if the data version changed; True when a new snapshot was installed."""
        with self._refreshing:
            # Read under the lock: a refresh that waited finds the version already installed.
            with Session(self._engine) as session:
                version = queries.data_version(session)
            if version == self.current.version:
                return False
            self.current = load_snapshot(self._engine, self.current)
            self.installed_at = time.monotonic()
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
