"""begin_write on a SQLite file: the write lock is taken before the read, readers carry on."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from api.database import create_schema, make_engine
from models.access_point import AccessPoint
from seed.locking import begin_write

COUNT = select(func.count()).select_from(AccessPoint)


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[tuple[Engine, Path]]:
    path = tmp_path / "panda.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    yield engine, path
    engine.dispose()


def other_writer_is_refused(path: Path) -> bool:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc)
    finally:
        other.close()


def test_begin_write_after_a_read_holds_the_write_lock(sqlite_file: tuple[Engine, Path]) -> None:
    engine, path = sqlite_file
    with Session(engine) as session:
        # A request's session has read already (its API key) when the write begins.
        session.execute(COUNT).one()
        begin_write(session)
        assert other_writer_is_refused(path)
    assert not other_writer_is_refused(path)


def test_begin_write_lets_readers_read(sqlite_file: tuple[Engine, Path]) -> None:
    engine, path = sqlite_file
    with Session(engine) as session:
        begin_write(session)
        reader = sqlite3.connect(path, timeout=0)
        try:
            assert reader.execute(
                f"SELECT count(*) FROM {AccessPoint.__tablename__}"
            ).fetchone() == (0,)
        finally:
            reader.close()


def test_session_that_only_reads_takes_no_lock(sqlite_file: tuple[Engine, Path]) -> None:
    engine, path = sqlite_file
    with Session(engine) as session:
        session.execute(COUNT).one()
        assert not other_writer_is_refused(path)
