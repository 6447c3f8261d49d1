"""The geocode cache in the database: SQL for BanGeocoder's answers stays in this module.

A cache failure never fails a geocode: read errors are misses, write errors are logged.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from api.geocoding.base import Candidate
from models.geocode_cache import KEY_MAX_LENGTH, GeocodeCacheEntry

log = logging.getLogger(__name__)

DEFAULT_MAX_AGE_S = 30 * 24 * 3600.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


def storage_key(namespace: str, key: tuple[str, int]) -> str:
    """The row key for (normalised query, limit); a SHA-256 stands in for an overlong query."""
    query, limit = key
    plain = f"{namespace}:{limit}:{query}"
    if len(plain) <= KEY_MAX_LENGTH:
        return plain
    # Folding can lengthen a query ("œ" → "oe"), so even a valid one may not fit the column.
    return f"{namespace}:{limit}:sha256:{hashlib.sha256(query.encode()).hexdigest()}"


class SqlGeocodeCache:
    """GeocodeCache over the `geocode_cache` table; entries older than `max_age_s` are ignored."""

    def __init__(
        self,
        engine: Engine,
        max_age_s: float = DEFAULT_MAX_AGE_S,
        namespace: str = "ban",
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._engine = engine
        self._max_age = timedelta(seconds=max_age_s)
        self._namespace = namespace
        self._now = now

    def get(self, key: tuple[str, int]) -> list[Candidate] | None:
        """The cached candidates, or None when absent, expired or unreadable."""
        try:
            with Session(self._engine) as session:
                entry = session.get(GeocodeCacheEntry, storage_key(self._namespace, key))
                if entry is None or self._expired(entry.created_at):
                    return None
                return _candidates(entry.payload)
        except SQLAlchemyError:
            log.warning("geocode cache read failed", exc_info=True)
            return None

    def put(self, key: tuple[str, int], candidates: list[Candidate]) -> None:
        """Store (or replace) the answer to a query, stamped now."""
        entry = GeocodeCacheEntry(
            key=storage_key(self._namespace, key),
            payload=[_flat(c) for c in candidates],
            created_at=self._now(),
        )
        try:
            with Session(self._engine) as session:
                session.merge(entry)
                session.commit()
        except SQLAlchemyError:
            # Includes two threads inserting the same key: the other one's answer is as good.
            log.warning("geocode cache write failed", exc_info=True)

    def _expired(self, created_at: datetime) -> bool:
        # SQLite gives back naive datetimes; every stamp was written in UTC.
        if created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=UTC)
        return self._now() - created_at > self._max_age


def _flat(candidate: Candidate) -> dict[str, Any]:
    """A candidate's own fields: the national service never nests alternatives in one."""
    return {k: v for k, v in asdict(candidate).items() if k != "alternatives"}


def _candidates(payload: list[dict[str, Any]]) -> list[Candidate] | None:
    """Candidates from stored dicts; None (a miss) if the stored shape is no longer Candidate's."""
    try:
        return [Candidate(**item) for item in payload]
    except TypeError:
        return None
