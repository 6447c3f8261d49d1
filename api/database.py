"""Engine creation and schema set-up for SQLite and PostgreSQL."""

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
    data_version,
    geocode_cache,
)


def make_engine(url: str) -> Engine:
    """Build an engine; in-memory SQLite shares one connection so every session sees the data."""
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            poolclass=StaticPool if in_memory else None,
            json_serializer=_json_text,
            json_deserializer=orjson.loads,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url, pool_pre_ping=True, json_serializer=_json_text, json_deserializer=orjson.loads
    )


def _json_text(value: object) -> str:
    # orjson: the JSON columns of a 100,000-row import serialise several times faster;
    # NON_STR_KEYS because equipment counts are keyed by a StrEnum.
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the server read while a CLI import writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_schema(engine: Engine) -> None:
    """Create the tables that do not exist yet."""
    SQLModel.metadata.create_all(engine)
