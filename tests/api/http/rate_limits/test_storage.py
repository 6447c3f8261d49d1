"""The rate limits' counters (api/http/rate_limits/storage.py): windows in memory and in
PostgreSQL, and which storage the settings choose."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from limits import parse
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import Engine

from api.database import make_engine
from api.http.rate_limits.storage import (
    SWEEP_EVERY_S,
    LocalStorage,
    PostgresStorage,
    make_shared_storage,
    storage_kind,
)
from api.settings import Settings

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/panda"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_local_storage_window_counts_then_starts_again_when_it_ends() -> None:
    clock = Clock()
    storage = LocalStorage(clock)
    counts = [storage.incr("k", 60) for _ in range(3)]
    expiry = storage.get_expiry("k")
    clock.now += 60
    assert (counts, expiry, storage.get("k"), storage.incr("k", 60)) == (
        [1, 2, 3],
        1_000_060.0,
        0,
        1,
    )


def test_local_storage_sweeps_expired_windows() -> None:
    clock = Clock()
    storage = LocalStorage(clock)
    for n in range(100):
        storage.incr(f"address-{n}", 1)
    clock.now += SWEEP_EVERY_S
    storage.incr("address-new", 60)
    assert storage.size == 1


def test_local_storage_fixed_window_limiter_lets_exactly_the_limit_through() -> None:
    limiter = FixedWindowRateLimiter(LocalStorage())
    item = parse("5/minute")
    assert [limiter.hit(item, "read", "127.0.0.1") for _ in range(7)] == [True] * 5 + [False] * 2


@pytest.mark.postgres
def test_postgres_storage_counts_atomically_under_concurrency(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: set PANDA_TEST_DATABASE_URL")
    limiter = FixedWindowRateLimiter(PostgresStorage(engine))
    item = parse("50/minute")
    barrier = threading.Barrier(10)

    def five_hits(_n: int) -> list[bool]:
        barrier.wait()
        return [limiter.hit(item, "write", "192.0.2.1") for _ in range(5)]

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = [ok for hits in pool.map(five_hits, range(10)) for ok in hits]
    stats = limiter.get_window_stats(item, "write", "192.0.2.1")
    assert (results.count(True), limiter.hit(item, "write", "192.0.2.1")) == (50, False)
    assert stats.remaining == 0
    assert 58 < stats.reset_time - time.time() <= 60


@pytest.mark.postgres
def test_postgres_storage_starts_a_new_window_when_the_old_one_ended(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: set PANDA_TEST_DATABASE_URL")
    storage = PostgresStorage(engine)
    storage.incr("k", 0)  # a window already over
    counts = [storage.incr("k", 60) for _ in range(2)]
    storage.clear("k")
    assert (counts, storage.get("k"), storage.check()) == ([1, 2], 0, True)


@pytest.mark.parametrize(
    ("settings", "kind"),
    [
        ({}, "memory"),
        ({"database_url": POSTGRES}, "database"),
        ({"database_url": POSTGRES, "redis_url": "redis://cache:6379/0"}, "redis://cache:6379/0"),
        ({"rate_limit_storage": "memory", "database_url": POSTGRES}, "memory"),
    ],
)
def test_storage_kind_follows_the_settings(settings: dict[str, str], kind: str) -> None:
    assert storage_kind(Settings(**settings)) == kind


def test_shared_storage_for_redis_uses_the_key_prefix(engine: Engine) -> None:
    settings = Settings(rate_limit_storage="redis://127.0.0.1:6379/0", rate_limit_key_prefix="x")
    storage = make_shared_storage(settings, engine)
    assert isinstance(storage, RedisStorage)
    assert storage.prefixed_key("k") == "x:rate-limit:k"


def test_database_storage_refuses_sqlite() -> None:
    engine = make_engine("sqlite://")
    with pytest.raises(ValueError, match="needs a PostgreSQL database"):
        make_shared_storage(Settings(rate_limit_storage="database"), engine)
    engine.dispose()


def test_settings_refuse_an_unreadable_limit_or_storage() -> None:
    with pytest.raises(ValueError, match="'often' is not a rate limit such as '60/minute'"):
        Settings(rate_limit_reads="often")
    with pytest.raises(ValueError, match="expected auto, memory, database or a redis:// URL"):
        Settings(rate_limit_storage="memcached://127.0.0.1:11211")
