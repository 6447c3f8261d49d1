"""`panda reports list | show | answer | close` (api/cli/reports.py) against a SQLite file."""

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from api.cli import reports as cli_reports
from api.cli.main import app
from api.database import make_engine
from api.reports.submit import ReportForm, open_report
from models.access_point import AccessPoint
from models.audit import AuditEntry
from models.report import ReportKind
from tests.data_files import fixture


class NoReadModel:
    def publish(self) -> None:
        """The CLI's processes hold no read model."""


@pytest.fixture
def reported(database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Places of Dijon, and one closed-for-good report on place 2 with a contact."""
    monkeypatch.setattr(cli_reports.console, "width", 160)
    result = CliRunner().invoke(app, ["import", str(fixture("lieux-mediation-dijon.csv"))])
    assert result.exit_code == 0, result.output
    engine = make_engine(database)
    with Session(engine) as session:
        form = ReportForm(kind=ReportKind.CLOSED_FOR_GOOD, text="Rideau baissé", contact="a@b.fr")
        open_report(session, 2, form, NoReadModel())  # type: ignore[arg-type]
    engine.dispose()
    return database


def test_list_then_show_with_the_contact(reported: str) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["reports", "list"])
    assert listed.exit_code == 0, listed.output
    assert "Fermé définitivement" in listed.stdout and "Rideau baissé" in listed.stdout
    shown = runner.invoke(app, ["reports", "show", "1"])
    assert shown.exit_code == 0, shown.output
    assert "contact : a@b.fr" in shown.stdout.splitlines()
    assert "état : ouvert" in shown.stdout.splitlines()


def test_answer_then_close_place_closed(reported: str) -> None:
    runner = CliRunner()
    answered = runner.invoke(app, ["reports", "answer", "1", "Nous passons demain."])
    assert answered.exit_code == 0, answered.output
    closed = runner.invoke(app, ["reports", "close", "1", "--outcome", "place_closed"])
    assert closed.exit_code == 0, closed.output
    assert closed.stdout.strip() == "signalement 1 clos (lieu fermé)"
    engine = make_engine(reported)
    with Session(engine) as session:
        place = session.get(AccessPoint, 2)
        assert place is not None and (place.status, place.reported_closed_on) == ("closed", None)
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.actor == "cli")).all()
        assert actions[-2:] == ["report_answer", "report_close"]
    engine.dispose()
    again = runner.invoke(app, ["reports", "close", "1", "--outcome", "spam"])
    assert again.exit_code == 1
    assert "déjà clos" in again.stdout
    assert "clos (lieu fermé)" in runner.invoke(app, ["reports", "list", "--status", "all"]).stdout


def test_refusals_exit_non_zero(reported: str) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["reports", "close", "1", "--outcome", "maybe"]).exit_code == 2
    assert runner.invoke(app, ["reports", "list", "--status", "later"]).exit_code == 2
    assert runner.invoke(app, ["reports", "show", "9"]).exit_code == 1
    assert runner.invoke(app, ["reports", "answer", "1", "  "]).exit_code == 2
