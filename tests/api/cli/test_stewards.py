"""`panda stewards issue | list | revoke` (api/cli/stewards.py) against a SQLite file: a link
issued for a place opens its page until it is revoked, and stays listed."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from api.cli import stewards as cli_stewards
from api.cli.main import app
from api.database import make_engine
from api.stewards.links import StewardLinkRefused, verify
from tests.api.cli.test_keys import table_rows
from tests.data_files import fixture

HEADERS = ["id", "lieu", "nom", "préfixe", "créé", "expire", "retiré", "dernier usage"]


@pytest.fixture
def places(database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Three places of Dijon (ids 1 to 3), and a console wide enough for the whole table."""
    monkeypatch.setattr(cli_stewards.console, "width", 160)
    result = CliRunner().invoke(app, ["import", str(fixture("lieux-mediation-dijon.csv"))])
    assert result.exit_code == 0, result.output
    return database


def opens(url: str, path: str) -> str:
    """The name on the link a page path opens, or the French reason it is refused."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            token = path.removeprefix("/intendance/")
            return verify(session, token, datetime.now(UTC)).steward_name
    except StewardLinkRefused as exc:
        return str(exc.detail)
    finally:
        engine.dispose()


def test_a_link_issued_is_listed_then_revoked(places: str) -> None:
    runner = CliRunner()
    issued = runner.invoke(app, ["stewards", "issue", "2", "--name", "Camille Martin"])
    assert issued.exit_code == 0, issued.output
    message, path = issued.stdout.splitlines()
    until = datetime.now(UTC) + timedelta(days=180)
    assert message == f"lien 1 pour « Camille Martin », lieu 2, valable jusqu'au {until:%d/%m/%Y}"
    assert path.startswith("/intendance/st_") and opens(places, path) == "Camille Martin"
    listed = runner.invoke(app, ["stewards", "list"]).stdout
    today, prefix = f"{datetime.now(UTC):%Y-%m-%d}", path.split("_")[1]
    assert all(header in listed for header in HEADERS) and path not in listed
    [row] = table_rows(listed)
    assert row[:7] == ["1", "2", "Camille Martin", prefix, today, f"{until:%Y-%m-%d}", ""]
    assert table_rows(runner.invoke(app, ["stewards", "list", "--place", "3"]).stdout) == []
    revoked = runner.invoke(app, ["stewards", "revoke", "1"])
    assert (revoked.exit_code, revoked.stdout) == (0, "lien 1 retiré\n")
    assert opens(places, path).startswith("Ce lien d'intendance a été retiré")
    [row] = table_rows(runner.invoke(app, ["stewards", "list", "--place", "2"]).stdout)
    assert row[6] == today


def test_a_link_for_a_few_days(places: str) -> None:
    issued = CliRunner().invoke(app, ["stewards", "issue", "1", "--name", "Léa", "--days", "7"])
    until = datetime.now(UTC) + timedelta(days=7)
    assert issued.stdout.splitlines()[0].endswith(f"valable jusqu'au {until:%d/%m/%Y}")


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [(["issue", "99", "--name", "Camille"], "Aucun lieu n'a l'identifiant 99."),
     (["issue", "1", "--name", "  "], "Le nom de la personne est vide."),
     (["revoke", "5"], "Aucun lien d'intendance n'a l'identifiant 5.")],
)  # fmt: skip
def test_what_cannot_be_done_exits_1_with_the_french_reason(
    places: str, arguments: list[str], reason: str
) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["stewards", *arguments])
    assert (result.exit_code, result.stdout) == (1, f"{reason}\n")
    assert table_rows(runner.invoke(app, ["stewards", "list"]).stdout) == []
