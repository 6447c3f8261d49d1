"""The geocode cache in the database (api/geocoding/ban_cache.py): answers kept for a while,
keys that always fit, and a cache failure that never fails a geocode."""

import dataclasses
import hashlib
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from api.geocoding.ban_cache import DEFAULT_MAX_AGE_S, SqlGeocodeCache, storage_key
from api.geocoding.base import Candidate
from models.geocode_cache import KEY_MAX_LENGTH, GeocodeCacheEntry

T0 = datetime(2025, 7, 15, 10, 0, tzinfo=UTC)
CLAUDEL = Candidate(
    "14 Rue Camille Claudel 21000 Dijon", 47.32968, 5.069047, 0.97, "housenumber",
    "21231", "21000", "ban",
)  # fmt: skip
DIJON = Candidate("Dijon", 47.3228, 5.0374, 0.4, "municipality", "21231", "21000", "ban")
QUERY = ("14 rue camille claudel 21000 dijon", 5)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def cache_at(engine: Engine, clock: Clock, **options: object) -> SqlGeocodeCache:
    return SqlGeocodeCache(engine, now=clock, **options)  # type: ignore[arg-type]


def test_a_short_key_is_readable() -> None:
    assert storage_key("ban", QUERY) == "ban:5:14 rue camille claudel 21000 dijon"


def test_namespace_and_limit_tell_keys_apart() -> None:
    keys = {storage_key(ns, (QUERY[0], limit)) for ns in ("ban", "other") for limit in (1, 5)}
    assert len(keys) == 4


def test_an_overlong_query_is_hashed_to_fit() -> None:
    fits = "a" * (KEY_MAX_LENGTH - len("ban:5:"))
    assert storage_key("ban", (fits, 5)) == f"ban:5:{fits}"
    longer = fits + "b"
    hashed = storage_key("ban", (longer, 5))
    assert hashed == f"ban:5:sha256:{hashlib.sha256(longer.encode()).hexdigest()}"
    assert len(hashed) <= KEY_MAX_LENGTH
    assert storage_key("ban", (fits + "c", 5)) != hashed


def test_answers_round_trip_without_alternatives(engine: Engine) -> None:
    cache = cache_at(engine, Clock())
    with_alternatives = dataclasses.replace(DIJON, street_not_found=True, alternatives=(CLAUDEL,))
    cache.put(QUERY, [CLAUDEL, with_alternatives])
    assert cache.get(QUERY) == [CLAUDEL, dataclasses.replace(with_alternatives, alternatives=())]


def test_an_empty_answer_is_cached_as_such(engine: Engine) -> None:
    cache = cache_at(engine, Clock())
    assert cache.get(QUERY) is None  # absent
    cache.put(QUERY, [])
    assert cache.get(QUERY) == []  # known to have no answer


def test_an_overlong_query_round_trips(engine: Engine) -> None:
    cache = cache_at(engine, Clock())
    long_query = ("œ" * KEY_MAX_LENGTH, 5)
    cache.put(long_query, [DIJON])
    assert cache.get(long_query) == [DIJON]


def test_a_new_answer_replaces_the_old_and_its_stamp(engine: Engine) -> None:
    clock = Clock()
    cache = cache_at(engine, clock, max_age_s=3600)
    cache.put(QUERY, [DIJON])
    clock.now = T0 + timedelta(minutes=50)
    cache.put(QUERY, [CLAUDEL])
    clock.now = T0 + timedelta(minutes=100)  # old stamp expired, new one not
    assert cache.get(QUERY) == [CLAUDEL]


def test_an_entry_expires_after_its_max_age(engine: Engine) -> None:
    clock = Clock()
    cache = cache_at(engine, clock, max_age_s=60)
    cache.put(QUERY, [CLAUDEL])
    clock.now = T0 + timedelta(seconds=60)
    assert cache.get(QUERY) == [CLAUDEL]
    clock.now = T0 + timedelta(seconds=61)
    assert cache.get(QUERY) is None


def test_the_default_max_age_is_thirty_days(engine: Engine) -> None:
    clock = Clock()
    cache = cache_at(engine, clock)
    cache.put(QUERY, [CLAUDEL])
    clock.now = T0 + timedelta(seconds=DEFAULT_MAX_AGE_S - 1)
    assert cache.get(QUERY) == [CLAUDEL]
    clock.now = T0 + timedelta(days=31)
    assert cache.get(QUERY) is None


def test_namespaces_do_not_share_answers(engine: Engine) -> None:
    clock = Clock()
    cache_at(engine, clock, namespace="ban").put(QUERY, [CLAUDEL])
    assert cache_at(engine, clock, namespace="other").get(QUERY) is None


def test_a_stored_shape_no_longer_a_candidate_is_a_miss(engine: Engine) -> None:
    cache = cache_at(engine, Clock())
    with Session(engine) as session:
        stale = {"label": "Dijon", "lat": 47.3228}  # an older layout
        session.add(
            GeocodeCacheEntry(key=storage_key("ban", QUERY), payload=[stale], created_at=T0)
        )
        session.commit()
    assert cache.get(QUERY) is None


def test_a_cache_failure_is_logged_never_raised(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    cache = cache_at(engine, Clock())
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE geocode_cache"))
    with caplog.at_level(logging.WARNING, logger="api.geocoding.ban_cache"):
        cache.put(QUERY, [CLAUDEL])
        assert cache.get(QUERY) is None
    assert [r.getMessage() for r in caplog.records] == [
        "geocode cache write failed",
        "geocode cache read failed",
    ]
