"""On PostgreSQL a second process hears of a committed write through LISTEN/NOTIFY and applies
just that place, well within a second, with no polling."""

import time

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from api.database import make_engine
from api.read_model import ReadModel
from api.read_model.listener import ChangeListener
from models.access_point import AccessPoint
from seed.upsert import bump_data_version, upsert_access_points
from tests.conftest import make_access_point

DEADLINE_S = 1.0


@pytest.fixture
def postgres(engine: Engine) -> Engine:
    if engine.dialect.name != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite processes poll")
    return engine


def test_another_process_hears_a_write_within_a_second(postgres: Engine) -> None:
    with Session(postgres) as session:
        upsert_access_points(session, [make_access_point()])
        bump_data_version(session)
        session.commit()
    other_engine = make_engine(postgres.url.render_as_string(hide_password=False))
    other = ReadModel(other_engine)
    listener = ChangeListener(other_engine, other.refresh)
    listener.start()
    try:
        assert listener.listening.wait(5)
        rebuilds = other.rebuild_count
        with Session(postgres) as session:
            place = session.get(AccessPoint, other.current.places[0].id)
            assert place is not None
            place.opening_hours = "Mo 08:00-09:00"
            session.add(place)
            version = bump_data_version(session, places=[place.id or 0])
            session.commit()
        written = time.monotonic()
        while other.current.version < version and time.monotonic() - written < 5:
            time.sleep(0.005)
        delay = time.monotonic() - written
        assert other.current.version == version
        assert delay <= DEADLINE_S, f"heard after {delay:.3f} s"
        assert other.current.places[0].opening_hours == "Mo 08:00-09:00"
        assert other.rebuild_count == rebuilds, "the change was applied, not rebuilt"
    finally:
        listener.stop()
        other_engine.dispose()


def test_a_rolled_back_write_tells_nobody(postgres: Engine) -> None:
    other_engine = make_engine(postgres.url.render_as_string(hide_password=False))
    other = ReadModel(other_engine)
    calls: list[float] = []
    listener = ChangeListener(other_engine, lambda: calls.append(time.monotonic()))
    listener.start()
    try:
        assert listener.listening.wait(5)
        time.sleep(0.2)
        heard = len(calls)
        with Session(postgres) as session:
            bump_data_version(session, places=[1])
            session.rollback()
        time.sleep(0.5)
        assert len(calls) == heard
        assert other.current.version == 0 or other.refresh() is False
    finally:
        listener.stop()
        other_engine.dispose()
