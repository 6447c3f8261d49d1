"""`panda review due | remind | period` (api/cli/review.py) against a SQLite file."""

import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from api.cli import review as cli_review
from api.cli.main import app
from api.database import make_engine
from models.access_point import AccessPoint
from models.outbox import OutboxMessage
from tests.data_files import fixture


@pytest.fixture
def places(database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Places of Dijon (facts of the fixture's dates, long due); place 2 has a steward."""
    monkeypatch.setattr(cli_review.console, "width", 160)
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(fixture("lieux-mediation-dijon.csv"))])
    assert result.exit_code == 0, result.output
    issued = runner.invoke(
        app, ["stewards", "issue", "2", "--name", "Camille Martin", "--email", "c@example.fr"]
    )
    assert issued.exit_code == 0, issued.output
    return database


def reminders(url: str) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            query = select(OutboxMessage).where(col(OutboxMessage.kind) == "review.reminder")
            return len(session.exec(query).all())
    finally:
        engine.dispose()


def test_remind_queues_one_reminder_then_nothing_the_same_day(places: str) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["review", "remind"])
    assert first.exit_code == 0, first.output
    assert "1 rappels mis en file" in first.stdout
    second = runner.invoke(app, ["review", "remind"])
    assert "0 rappels mis en file" in second.stdout
    assert reminders(places) == 1


def test_due_lists_places_and_those_without_steward(places: str) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["review", "due"])
    assert listed.exit_code == 0, listed.output
    assert "1/1" in listed.stdout
    alone = runner.invoke(app, ["review", "due", "--without-steward"])
    assert "1/1" not in alone.stdout


def test_period_sets_never_and_refuses_other_values(places: str) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["review", "period", "2", "never"])
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == "lieu 2 : à vérifier jamais"
    engine = make_engine(places)
    with Session(engine) as session:
        place = session.get(AccessPoint, 2)
        assert place is not None and place.review_period_months is None
    engine.dispose()
    assert runner.invoke(app, ["review", "period", "2", "5"]).exit_code == 2
    assert runner.invoke(app, ["review", "period", "999", "3"]).exit_code == 1
