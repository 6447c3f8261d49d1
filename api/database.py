"""Engine creation and schema set-up for SQLite and PostgreSQL."""

import functools
import sqlite3
import time

import orjson
from sqlalchemy import Engine, event
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel, create_engine

# Import the table models so that their metadata is registered before create_all.
from models import (  # noqa: F401
    access_point,
    address,
    api_key,
    audit,
    commune,
    data_source,
    data_version,
    duplicate,
    geocode_cache,
    idempotency,
    outbox,
    place_change,
    rate_limit,
    registration,
    report,
    steward,
    transit,
    workshop,
    workshop_audit,
)

# SQLite's own default, as Python's sqlite3 sets it: what PANDA_SQLITE_BUSY_TIMEOUT_S defaults to.
DEFAULT_BUSY_TIMEOUT_S = 5.0


def make_engine(url: str, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> Engine:
    """Build an engine; in-memory SQLite shares one connection so every session sees the data.

    On SQLite, a write waits `busy_timeout_s` for another writer, then fails "database is
    locked" (a 503 `database_busy`, api.http.database_errors)."""
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            poolclass=StaticPool if in_memory else None,
            json_serializer=_json_text,
            json_deserializer=orjson.loads,
            hide_parameters=True,
        )
        event.listen(engine, "connect", functools.partial(_sqlite_pragmas, busy_timeout_s))
        return engine
    # hide_parameters: a database error logged with a 500 must not carry a registration's
    # name or phone (the SQL is kept, the values are not).
    return create_engine(
        url,
        pool_pre_ping=True,
        json_serializer=_json_text,
        json_deserializer=orjson.loads,
        hide_parameters=True,
    )


def _json_text(value: object) -> str:
    # orjson: the JSON columns of a 100,000-row import serialise several times faster;
    # NON_STR_KEYS because equipment counts are keyed by a StrEnum.
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


WAL_SWITCH_TIMEOUT_S = 10.0


def _sqlite_pragmas(
    busy_timeout_s: float, dbapi_connection: sqlite3.Connection, _record: object
) -> None:
    cursor = dbapi_connection.cursor()
    _use_wal(cursor)
    cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Put the database in WAL mode (readers go on while a CLI import writes)."""
    # The mode is stored in the file: once one connection switched it, the others only
    # read it. Switching needs the file to itself, and SQLite answers "locked" at once
    # (no busy wait) while a process that opened a new database first is migrating it.
    deadline = time.monotonic() + WAL_SWITCH_TIMEOUT_S
    while True:
        try:
            # An in-memory database answers "memory" and stays so: that is fine too.
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def create_schema(engine: Engine) -> None:
    """Create the missing tables, recording no revision: for tests and benchmarks only; the
    service and the CLI upgrade with `api.migrations.upgrade.upgrade_to_head`."""
    SQLModel.metadata.create_all(engine)
