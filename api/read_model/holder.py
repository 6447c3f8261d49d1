"""The read model: the one mutable reference to the current snapshot, and how changes reach it."""

import asyncio
import logging
import threading
import time

from sqlalchemy import Engine
from sqlmodel import Session

from api.http.database_errors import log_background_failure
from api.read_model.apply import applied
from api.read_model.changes import Changes, read_changes
from api.read_model.loader import load_snapshot
from api.read_model.snapshot import Snapshot
from api.transit.nearest import RADIUS_M
from seed.collector import collector_paused

log = logging.getLogger(__name__)
# Past this many changed places (or this share of them), a whole rebuild is the faster path.
MAX_APPLIED_PLACES = 2_000
MAX_APPLIED_SHARE = 0.05


class ReadModel:
    """Readers take `current` (never mutated); `apply` installs the snapshot a change leads to.

    Every change goes through `apply`, whether it was made in this process (the write service
    calls `publish` after its commit: the one door for writes) or in another one (a
    PostgreSQL notice, or the poller, calls `refresh`). Versions only move forward: a change
    older than the installed snapshot is ignored, so a slow rebuild can never install older
    data over newer.
    """

    def __init__(self, engine: Engine, transit_radius_m: float = RADIUS_M) -> None:
        self._engine = engine
        # One change at a time: each builds on the snapshot the previous one installed.
        self._lock = threading.Lock()
        self.current: Snapshot = load_snapshot(engine, None, transit_radius_m)
        # When `current` was installed, on the monotonic clock (for its age, not a date).
        self.installed_at = time.monotonic()
        # How each change was taken in (exposed by /metrics): place by place, or whole.
        self.applied_count = 0
        self.rebuild_count = 1

    def apply(self, changes: Changes) -> bool:
        """Take in one change; True when a newer snapshot was installed.

        Place-by-place changes are applied copy-on-write (api.read_model.apply); "everything",
        or a change that starts after the installed version, rebuilds from the database.
        """
        with self._lock:
            current = self.current
            if changes.version <= current.version:
                return False
            if changes.everything or changes.since > current.version:
                snapshot = load_snapshot(self._engine, current)
                if snapshot.version <= current.version:
                    return False
                self.rebuild_count += 1
            else:
                snapshot = applied(current, changes.version, changes.places, changes.removed)
                self.applied_count += 1
            self.current = snapshot
            self.installed_at = time.monotonic()
            return True

    def publish(self) -> bool:
        """The write services' door, after their commit: this process reads its own write now."""
        return self.refresh()

    def refresh(self) -> bool:
        """Apply whatever the database changed since the installed version."""
        current = self.current
        limit = max(MAX_APPLIED_PLACES, int(len(current) * MAX_APPLIED_SHARE))
        with Session(self._engine) as session, collector_paused():
            changes = read_changes(session, current.version, current.sources, limit)
        return changes is not None and self.apply(changes)

    async def poll(self, interval_s: float) -> None:
        """Refresh forever, every `interval_s`, off the event loop: the fallback for notices."""
        while True:
            await asyncio.sleep(interval_s)
            try:
                await asyncio.to_thread(self.refresh)
            except Exception as exc:  # keep serving the old snapshot if the database hiccups
                # Once per incident, not a traceback every few seconds.
                log_background_failure(log, "read model refresh failed", exc)
