"""`panda purge` (api/cli/purge.py, seed/purge.py): registrations go some days after their
session, the counts stay; on a SQLite file, or PostgreSQL with PANDA_TEST_DATABASE_URL."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from api.cli.main import app as cli
from api.database import make_engine
from api.migrations.upgrade import upgrade_to_head
from models.registration import Attendance, Registration, RegistrationStatus
from models.workshop import Workshop, WorkshopSession
from tests.live_server import server_database


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    with server_database(tmp_path) as url:
        monkeypatch.setenv("PANDA_DATABASE_URL", url)
        engine = make_engine(url)
        upgrade_to_head(engine)
        yield engine
        engine.dispose()


def add_session(engine: Engine, ended_days_ago: int, people: list[Attendance | None]) -> int:
    """A session that ended that many days ago, with one registration per entry of `people`."""
    ended = datetime.now(UTC) - timedelta(days=ended_days_ago)
    with Session(engine) as session:
        workshop = Workshop(title="Je recherche, je me connecte", organiser_id=1, venue_id=1)
        session.add(workshop)
        session.flush()
        stored = WorkshopSession(
            workshop_id=workshop.id or 0,
            starts_at=ended - timedelta(hours=2),
            ends_at=ended,
            capacity=10,
        )
        session.add(stored)
        session.flush()
        for n, attendance in enumerate(people):
            session.add(
                Registration(
                    session_id=stored.id or 0,
                    first_name=f"Personne{n}",
                    last_initial="B",
                    phone="+33612345678",
                    counsellor_name="Claire Martin",
                    counsellor_agency="France Travail Dijon Ouest",
                    consent=True,
                    status=RegistrationStatus.REGISTERED,
                    attendance=attendance,
                    booking_key_id=1,
                )
            )
        session.commit()
        return stored.id or 0


def test_purge_deletes_old_registrations_and_keeps_their_counts(engine: Engine) -> None:
    old = add_session(engine, 31, [Attendance.PRESENT, Attendance.PRESENT, Attendance.ABSENT])
    recent = add_session(engine, 29, [Attendance.PRESENT])
    result = CliRunner().invoke(cli, ["purge"])
    assert result.exit_code == 0, result.output
    assert "purge : 3 inscriptions supprimées, 1 séances" in result.output
    with Session(engine) as session:
        left = session.exec(select(Registration)).all()
        purged = session.get(WorkshopSession, old)
        assert purged is not None
        counts = (purged.booked_count, purged.attended_count, purged.no_show_count)
        assert purged.purged_at is not None
    assert [r.session_id for r in left] == [recent]
    assert counts == (3, 2, 1)
    again = CliRunner().invoke(cli, ["purge"])
    assert "purge : 0 inscriptions supprimées, 0 séances" in again.output


def test_purge_retention_days_option(engine: Engine) -> None:
    add_session(engine, 10, [None])
    result = CliRunner().invoke(cli, ["purge", "--days", "7"])
    assert "purge : 1 inscriptions supprimées, 1 séances" in result.output
