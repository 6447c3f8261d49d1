"""models/rate_limit.py: one fixed window of one limit for one client, shared in PostgreSQL."""

import pytest
from sqlalchemy import Float, Integer
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from models.rate_limit import KEY_MAX_LENGTH, RateLimitCounter


def test_a_new_window_has_counted_nothing() -> None:
    assert RateLimitCounter(key="LIMITER/test/10/1/minute", expires_at=0.0).count == 0


def test_a_window_round_trips_with_its_end_to_the_microsecond(session: Session) -> None:
    # Seconds since the epoch with microseconds, as time.time() gives them.
    end = 1_752_573_600.123456
    key = "LIMITER/203.0.113.7/60/1/minute"  # 203.0.113.0/24: documentation addresses
    session.add(RateLimitCounter(key=key, count=3, expires_at=end))
    session.commit()
    session.expire_all()
    stored = session.get(RateLimitCounter, key)
    assert stored is not None
    assert (stored.count, stored.expires_at) == (3, end)


def test_a_key_of_the_longest_allowed_length_is_stored(session: Session) -> None:
    key = "k" * KEY_MAX_LENGTH
    session.add(RateLimitCounter(key=key, count=1, expires_at=1.0))
    session.commit()
    session.expire_all()
    assert session.get(RateLimitCounter, key) is not None


def test_one_window_per_key(session: Session) -> None:
    session.add(RateLimitCounter(key="LIMITER/test", count=1, expires_at=1.0))
    session.commit()
    session.expunge_all()
    session.add(RateLimitCounter(key="LIMITER/test", count=1, expires_at=2.0))
    with pytest.raises(IntegrityError):
        session.commit()


def test_table_matches_what_the_raw_sql_of_the_storage_expects() -> None:
    # api/http/rate_limits/storage.py writes key, count and expires_at (a float of epoch seconds)
    # with ON CONFLICT (key): the key must be the primary key and the three columns required.
    table = SQLModel.metadata.tables["rate_limit_counter"]
    assert [c.name for c in table.columns] == ["key", "count", "expires_at"]
    assert [c.name for c in table.primary_key.columns] == ["key"]
    assert table.c.key.type.length == KEY_MAX_LENGTH == 200
    assert isinstance(table.c.count.type, Integer)
    assert isinstance(table.c.expires_at.type, Float)
    assert not any(c.nullable for c in table.columns)
