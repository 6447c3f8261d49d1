"""The limits of one app: which counter a request hits, and what a refusal says.

Fixed windows (the `limits` package's fixed-window strategy): one counter per limit and
client, reset when its window ends; a client may burst up to twice a limit across the end of
a window, which these limits tolerate, and each count is one increment (one round trip).
Reads are counted in this process unless RATE_LIMIT_SHARED_READS; writes, keys and failed
authentications in the shared storage (Redis or PostgreSQL) when there is one. A storage that
fails is left alone for OUTAGE_PAUSE_S: requests pass uncounted (fail open) and a warning is
logged, so a Redis outage never takes the service down.
"""

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import Storage
from sqlalchemy import Engine

from api.http.language import Text
from api.http.rate_limits.storage import LocalStorage, describe, make_shared_storage, storage_kind
from api.settings import Settings

log = logging.getLogger(__name__)

OUTAGE_PAUSE_S = 5.0
ADDRESS_MAX_LENGTH = 100
KEY_CACHE_SIZE = 50_000  # clients whose keys are kept built; past it, the cache starts again
# What a browser may read of a 429 (CORS), beside Retry-After.
RATE_LIMIT_HEADERS = [
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]


@dataclass(frozen=True)
class Refusal:
    """A limit a request is past: what to tell the client and when to come back."""

    detail: Text
    limit: RateLimitItem
    reset_at: float  # seconds since the epoch
    retry_after_s: int  # whole seconds until the window ends, at least 1

    def headers(self) -> dict[str, str]:
        """Retry-After, and the limit in the IETF draft's and the older X- headers."""
        wait, amount = str(self.retry_after_s), str(self.limit.amount)
        return {
            "Retry-After": wait,
            "RateLimit-Limit": amount,
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": wait,
            "RateLimit-Policy": f"{amount};w={self.limit.get_expiry()}",
            "X-RateLimit-Limit": amount,
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(math.ceil(self.reset_at)),
        }


class Counters:
    """Fixed windows over one storage, failing open when the storage fails.

    The semantics are the `limits` package's FixedWindowRateLimiter (a hit increments the
    window's counter and passes while it is at most the limit; the window resets at its
    expiry), with its keys (`RateLimitItem.key_for`), inlined so that the keys of a client
    are built once rather than at each request: that halves the cost of a read's check.
    """

    def __init__(self, storage: Storage, name: str) -> None:
        self.storage = storage
        self.name = name
        self._keys: dict[tuple[str, str], list[str]] = {}
        self._paused_until = 0.0

    def _keys_of(self, items: list[RateLimitItem], kind: str, who: str) -> list[str]:
        keys = self._keys.get((kind, who))
        if keys is None:
            if len(self._keys) >= KEY_CACHE_SIZE:
                self._keys = {}
            keys = self._keys[kind, who] = [item.key_for(kind, who) for item in items]
        return keys

    def hit(
        self, items: list[RateLimitItem], kind: str, who: str
    ) -> tuple[RateLimitItem, float] | None:
        """Count one hit on each limit; the first limit passed and its reset time, or None."""
        if self._paused_until and time.monotonic() < self._paused_until:
            return None
        try:
            for item, key in zip(items, self._keys_of(items, kind, who), strict=True):
                if self.storage.incr(key, item.get_expiry()) > item.amount:
                    return item, self.storage.get_expiry(key)
        except StorageError as exc:
            self._pause(exc)
        return None

    def exhausted(
        self, items: list[RateLimitItem], kind: str, who: str
    ) -> tuple[RateLimitItem, float] | None:
        """The first limit already used up, without counting a hit, or None."""
        if self._paused_until and time.monotonic() < self._paused_until:
            return None
        try:
            for item, key in zip(items, self._keys_of(items, kind, who), strict=True):
                if self.storage.get(key) >= item.amount:
                    return item, self.storage.get_expiry(key)
        except StorageError as exc:
            self._pause(exc)
        return None

    def _pause(self, exc: StorageError) -> None:
        self._paused_until = time.monotonic() + OUTAGE_PAUSE_S
        log.warning(
            "rate limits not enforced for %g s: their storage (%s) failed: %s",
            OUTAGE_PAUSE_S,
            self.name,
            exc.storage_error,
        )


def _refusal(found: tuple[RateLimitItem, float] | None, what: str) -> Refusal | None:
    if found is None:
        return None
    item, reset_at = found
    wait = max(1, math.ceil(reset_at - time.time()))
    english = f"too many {what}: at most {item}; retry in {wait} s"
    unit = _FRENCH_UNITS.get(item.GRANULARITY.name, item.GRANULARITY.name)
    per = f"{item.multiples} {unit}" if item.multiples != 1 else unit
    french = (
        f"trop {_FRENCH_WHAT.get(what, what)} : au plus {item.amount} par {per} ; "
        f"réessayez dans {wait} s"
    )
    return Refusal(Text(french, english), item, reset_at, wait)


_FRENCH_WHAT = {
    "reads from this address": "de lectures depuis cette adresse",
    "failed authentications from this address": "d'authentifications échouées depuis cette adresse",
    "writes from this address": "d'écritures depuis cette adresse",
    "writes with this key": "d'écritures avec cette clé",
    "reports from this address": "de signalements depuis cette adresse",
    "reports on this place": "de signalements sur ce lieu",
}
_FRENCH_UNITS = {
    "second": "seconde",
    "minute": "minute",
    "hour": "heure",
    "day": "jour",
    "month": "mois",
    "year": "an",
}


class RateLimits:
    """Reads per address; writes per address and per key; failed authentications per address."""

    def __init__(self, settings: Settings) -> None:
        self.reads = parse_many(settings.rate_limit_reads)
        self.writes = parse_many(settings.rate_limit_writes)
        self.auth_failures = parse_many(settings.rate_limit_auth_failures)
        self.reports = parse_many(settings.rate_limit_reports)
        self.reports_per_place = parse_many(settings.rate_limit_reports_per_place)
        self._settings = settings
        self._shared_reads = settings.rate_limit_shared_reads
        self.local = Counters(LocalStorage(), "memory")
        self.shared = self.local
        # Whether a check is a round trip to a storage (to run off the event loop).
        self.writes_block = False
        self.reads_block = False
        self._close: Callable[[], None] = lambda: None

    def start(self, engine: Engine) -> None:
        """Connect the shared storage the settings name (none for memory)."""
        storage = make_shared_storage(self._settings, engine)
        kind = describe(storage_kind(self._settings))
        if storage is not None:
            self.shared = Counters(storage, kind)
            self.writes_block = True
            self.reads_block = self._shared_reads
            connection = getattr(storage, "storage", None)  # the Redis client
            self._close = getattr(connection, "close", lambda: None)
        log.info(
            "rate limits: reads %s per address, writes %s per address and per key, "
            "failed authentications %s per address; counted in %s",
            *(";".join(map(str, items)) for items in (self.reads, self.writes)),
            ";".join(map(str, self.auth_failures)),
            kind,
        )

    def stop(self) -> None:
        """Close the shared storage's connections."""
        self._close()

    def read(self, address: str) -> Refusal | None:
        """Count a read from this address."""
        counters = self.shared if self._shared_reads else self.local
        return _refusal(
            counters.hit(self.reads, "read", address[:ADDRESS_MAX_LENGTH]),
            "reads from this address",
        )

    def write(self, address: str) -> Refusal | None:
        """Refuse a write from an address locked out by failed authentications; else count it."""
        address = address[:ADDRESS_MAX_LENGTH]
        locked = self.shared.exhausted(self.auth_failures, "auth-failure", address)
        if locked is not None:
            return _refusal(locked, "failed authentications from this address")
        found = self.shared.hit(self.writes, "write", address)
        return _refusal(found, "writes from this address")

    def authentication_failed(self, address: str) -> None:
        """Count a 401 answered to this address."""
        self.shared.hit(self.auth_failures, "auth-failure", address[:ADDRESS_MAX_LENGTH])

    def key_write(self, key_id: int) -> Refusal | None:
        """Count a write with this (valid) key: by its id, never its secret."""
        return _refusal(self.shared.hit(self.writes, "key", str(key_id)), "writes with this key")

    def steward_write(self, link_id: int) -> Refusal | None:
        """Count a write with this (valid) steward link, as `key_write` does for a key."""
        found = self.shared.hit(self.writes, "steward", str(link_id))
        return _refusal(found, "writes with this steward link")

    def report(self, address: str, place_id: int) -> Refusal | None:
        """Count an error report from this address on this place (api.reports)."""
        found = self.shared.hit(self.reports, "report", address[:ADDRESS_MAX_LENGTH])
        if found is not None:
            return _refusal(found, "reports from this address")
        found = self.shared.hit(self.reports_per_place, "report-place", str(place_id))
        return _refusal(found, "reports on this place")
