"""api/database.py: engines for SQLite (WAL, foreign keys, a busy timeout; in memory, one
shared connection) and PostgreSQL; JSON columns through orjson; errors that never carry the
values written; the schema made from the table models."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from api import database
from api.database import create_schema, make_engine
from models.access_point import AccessPoint, AccessPointCreate
from models.idempotency import IdempotentRequest
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

GRESILLES = next(
    e for e in read_seed_file(ACCESS_POINTS_FILE)["access_points"] if e["name"] == "PANDA Grésilles"
)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_is_one_connection_every_session_shares(url: str) -> None:
    engine = make_engine(url)
    try:
        assert isinstance(engine.pool, StaticPool)
        create_schema(engine)
        with Session(engine) as writer:
            writer.add(AccessPoint.model_validate(AccessPointCreate.model_validate(GRESILLES)))
            writer.commit()
        with Session(engine) as reader:
            assert reader.exec(text("SELECT name FROM access_point")).all() == [  # type: ignore[call-overload]
                ("PANDA Grésilles",)
            ]
    finally:
        engine.dispose()


def test_a_sqlite_file_is_in_wal_mode_with_foreign_keys_and_the_busy_timeout(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'panda.db'}", busy_timeout_s=1.25)
    try:
        assert not isinstance(engine.pool, StaticPool)
        with engine.connect() as connection:
            pragma = lambda name: connection.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 1250
    finally:
        engine.dispose()
    # The mode is kept in the file: a plain connection finds it.
    plain = sqlite3.connect(tmp_path / "panda.db")
    assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    plain.close()


def test_the_default_busy_timeout_is_sqlites_own(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'panda.db'}")
    try:
        with engine.connect() as connection:
            busy = connection.execute(text("PRAGMA busy_timeout")).scalar()
        assert busy == int(database.DEFAULT_BUSY_TIMEOUT_S * 1000) == 5000
    finally:
        engine.dispose()


def test_create_schema_makes_every_table_and_records_no_revision() -> None:
    engine = make_engine("sqlite://")
    try:
        create_schema(engine)
        tables = set(inspect(engine).get_table_names())
        assert {
            "access_point",
            "address",
            "api_key",
            "audit_entry",
            "commune",
            "data_source",
            "data_version",
            "geocode_cache",
            "idempotent_request",
            "place_change",
            "registration",
            "steward_link",
            "workshop",
            "workshop_session",
        } <= tables
        assert "alembic_version" not in tables
        create_schema(engine)  # again: nothing to do, nothing fails
    finally:
        engine.dispose()


def test_json_columns_are_written_by_orjson_with_enum_keys_as_text(session: Session) -> None:
    fields = GRESILLES | {"equipment": {"computer": 4, "printer": None}}
    place = AccessPoint.model_validate(AccessPointCreate.model_validate(fields))
    session.add(place)
    session.commit()
    raw = session.execute(
        text("SELECT equipment, networks FROM access_point WHERE id = :id"), {"id": place.id}
    ).one()
    assert raw[0] in ('{"computer":4,"printer":null}', {"computer": 4, "printer": None})
    session.expunge_all()
    stored = session.get(AccessPoint, place.id)
    assert stored is not None and stored.equipment == {"computer": 4, "printer": None}
    assert stored.networks == ["PANDA", "Réseau Dijon métropole"]


def test_a_database_error_names_the_sql_but_never_the_values(session: Session) -> None:
    secret = "0612345678-jean-dupont"
    session.add(IdempotentRequest(fingerprint=secret, request_hash="h"))
    session.commit()
    session.add(IdempotentRequest(fingerprint=secret, request_hash="h"))
    with pytest.raises(IntegrityError) as caught:
        session.commit()
    session.rollback()
    message = str(caught.value)
    assert "INSERT INTO idempotent_request" in message
    assert "hidden due to hide_parameters" in message
    if session.get_bind().dialect.name == "sqlite":
        assert secret not in message
    else:
        # PostgreSQL's own DETAIL line names the duplicate key: no parameter hiding can remove
        # it, which is why logs never carry an exception's message (api/ops/safe_log.py).
        sql_part = message[message.index("[SQL:") :]
        assert secret not in sql_part


class LockedCursor:
    """A cursor whose first answers to the WAL switch are "database is locked"."""

    def __init__(self, locked: int, error: str = "database is locked") -> None:
        self.locked, self.error, self.calls = locked, error, 0

    def execute(self, _sql: str) -> None:
        self.calls += 1
        if self.calls <= self.locked:
            raise sqlite3.OperationalError(self.error)


def test_the_wal_switch_waits_while_another_process_holds_a_new_file() -> None:
    cursor = LockedCursor(locked=3)
    database._use_wal(cursor)  # type: ignore[arg-type]
    assert cursor.calls == 4


def test_the_wal_switch_gives_up_after_its_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "WAL_SWITCH_TIMEOUT_S", 0.1)
    cursor = LockedCursor(locked=10_000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        database._use_wal(cursor)  # type: ignore[arg-type]
    assert 1 < cursor.calls < 10_000


def test_the_wal_switch_does_not_retry_other_errors() -> None:
    cursor = LockedCursor(locked=1, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        database._use_wal(cursor)  # type: ignore[arg-type]
    assert cursor.calls == 1
