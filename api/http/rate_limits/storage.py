"""Where the rate limits' fixed windows are counted: this process, PostgreSQL, or Redis.

Both classes implement the `limits` package's `Storage` interface for its fixed-window
strategy (`incr`, `get`, `get_expiry`, `check`, `reset`, `clear`). Redis is the package's own
`RedisStorage`; `make_shared_storage` picks one from the settings.
"""

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from limits.storage import RedisStorage, Storage
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from api.settings import Settings

SWEEP_EVERY_S = 60.0
# A storage that does not answer this fast is taken as down (the limiter then fails open).
REDIS_TIMEOUT_S = 0.5


class LocalStorage(Storage):
    """Counters in this process's memory, expired lazily: no timer thread (the package's
    MemoryStorage starts one after each idle 10 ms, about 0.2 ms of a read), one lock."""

    STORAGE_SCHEME = None

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        super().__init__(wrap_exceptions=True)
        self._clock = clock
        self._windows: dict[str, list[float]] = {}  # key: [count, expires_at]
        self._lock = threading.Lock()
        self._next_sweep = clock() + SWEEP_EVERY_S

    @property
    def base_exceptions(self) -> type[Exception]:
        return ValueError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = self._clock()
        with self._lock:
            if now >= self._next_sweep:
                self._sweep(now)
            window = self._windows.get(key)
            if window is None or window[1] <= now:
                self._windows[key] = [amount, now + expiry]
                return amount
            window[0] += amount
            return int(window[0])

    def _sweep(self, now: float) -> None:
        self._windows = {k: w for k, w in self._windows.items() if w[1] > now}
        self._next_sweep = now + SWEEP_EVERY_S

    def get(self, key: str) -> int:
        window = self._windows.get(key)
        return int(window[0]) if window is not None and window[1] > self._clock() else 0

    def get_expiry(self, key: str) -> float:
        window = self._windows.get(key)
        return window[1] if window is not None else self._clock()

    @property
    def size(self) -> int:
        """Windows held, expired ones included until the next sweep."""
        return len(self._windows)

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        with self._lock:
            count = len(self._windows)
            self._windows = {}
        return count

    def clear(self, key: str) -> None:
        with self._lock:
            self._windows.pop(key, None)


# One statement, atomic under concurrency: a new or expired window starts at `amount`.
_INCR = text(
    """
    INSERT INTO rate_limit_counter AS c (key, count, expires_at)
    VALUES (:key, :amount, EXTRACT(EPOCH FROM now())::float8 + :expiry)
    ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN c.expires_at <= EXTRACT(EPOCH FROM now())::float8
                     THEN EXCLUDED.count ELSE c.count + EXCLUDED.count END,
        expires_at = CASE WHEN c.expires_at <= EXTRACT(EPOCH FROM now())::float8
                          THEN EXCLUDED.expires_at ELSE c.expires_at END
    RETURNING count
    """
)
_GET = text(
    "SELECT count FROM rate_limit_counter "
    "WHERE key = :key AND expires_at > EXTRACT(EPOCH FROM now())::float8"
)
# Seconds left, on the database's clock, so that processes on several hosts agree.
_TTL = text(
    "SELECT expires_at - EXTRACT(EPOCH FROM now())::float8 FROM rate_limit_counter WHERE key = :key"
)
_SWEEP = text("DELETE FROM rate_limit_counter WHERE expires_at <= EXTRACT(EPOCH FROM now())")


class PostgresStorage(Storage):
    """Counters in the UNLOGGED table `rate_limit_counter`, one autocommitted statement each."""

    STORAGE_SCHEME = None

    def __init__(self, engine: Engine) -> None:
        super().__init__(wrap_exceptions=True)
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._next_sweep = time.monotonic() + SWEEP_EVERY_S

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        with self._engine.connect() as conn:
            if time.monotonic() >= self._next_sweep:
                self._next_sweep = time.monotonic() + SWEEP_EVERY_S
                conn.execute(_SWEEP)
            params = {"key": key, "amount": amount, "expiry": expiry}
            return int(conn.execute(_INCR, params).scalar_one())

    def get(self, key: str) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(_GET, {"key": key}).scalar() or 0)

    def get_expiry(self, key: str) -> float:
        with self._engine.connect() as conn:
            left = conn.execute(_TTL, {"key": key}).scalar()
        return time.time() + max(float(left or 0.0), 0.0)

    def check(self) -> bool:
        try:
            with self._engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self._engine.connect() as conn:
            return conn.execute(text("DELETE FROM rate_limit_counter")).rowcount

    def clear(self, key: str) -> None:
        with self._engine.connect() as conn:
            conn.execute(text("DELETE FROM rate_limit_counter WHERE key = :key"), {"key": key})


def storage_kind(settings: Settings) -> str:
    """`memory`, `database` or a redis:// URL: what RATE_LIMIT_STORAGE names or implies."""
    chosen = settings.rate_limit_storage
    if chosen != "auto":
        return chosen
    if settings.redis_url:
        return settings.redis_url
    return "database" if settings.database_url.startswith("postgresql") else "memory"


def make_shared_storage(settings: Settings, engine: Engine) -> Storage | None:
    """The storage all processes share, or None when each process counts for itself."""
    kind = storage_kind(settings)
    if kind == "memory":
        return None
    if kind == "database":
        if engine.dialect.name != "postgresql":
            raise ValueError("PANDA_RATE_LIMIT_STORAGE=database needs a PostgreSQL database")
        return PostgresStorage(engine)
    return RedisStorage(
        kind,
        key_prefix=f"{settings.rate_limit_key_prefix}:rate-limit",
        wrap_exceptions=True,
        socket_connect_timeout=REDIS_TIMEOUT_S,
        socket_timeout=REDIS_TIMEOUT_S,
        # Fail fast and let the limiter fail open, rather than retry inside a request.
        retry=Retry(NoBackoff(), 0),  # type: ignore[arg-type]
    )


def describe(kind: str) -> str:
    """A storage for the log: its scheme and host, never a password."""
    parts = urlsplit(kind)
    if not parts.scheme:
        return kind
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"
