"""`panda db` and the database helpers of the other commands (api/cli/database.py): the URL as
it may be printed, one French line when the database is out of reach or not at this code's
revision."""

from pathlib import Path

import pytest
import typer
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from typer.testing import CliRunner

from api.cli.database import engine_at_head, shown_url, unreachable, upgrade_database
from api.cli.main import app
from api.migrations.upgrade import head_revision
from api.settings import Settings

UNREADABLE_URL = (
    "adresse de base de données illisible (PANDA_DATABASE_URL) : attendu "
    "sqlite:///chemin.db ou postgresql+psycopg://utilisateur@hôte/base"
)


def test_shown_url_hides_the_password_and_never_echoes_an_unreadable_one() -> None:
    assert shown_url("postgresql+psycopg://panda:s3cret@db/panda") == (
        "postgresql+psycopg://panda:***@db/panda"
    )
    assert shown_url("panda:s3cret@nowhere") == "(illisible)"


def test_unreachable_is_the_driver_reason_on_one_line(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'panda.db'}")
    with pytest.raises(SQLAlchemyError) as failed, engine.connect() as connection:
        connection.execute(text("select 1"))
    engine.dispose()
    assert unreachable(failed.value) == "unable to open database file"


def test_upgrade_database_says_what_it_did(database: str) -> None:
    head = head_revision()
    first, second = upgrade_database(Settings()), upgrade_database(Settings())
    assert (first, second) == (
        f"base de données mise à jour : révision aucune → {head}",
        f"base de données à jour : révision {head}",
    )


@pytest.mark.parametrize(
    ("url", "line"),
    [("panda:s3cret@nowhere", f"démarrage refusé : {UNREADABLE_URL}"),
     ("sqlite:///{tmp}/missing/panda.db",
      "base de données injoignable : unable to open database file")],
)  # fmt: skip
def test_db_upgrade_out_of_reach_is_one_french_line(
    url: str, line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", url.format(tmp=tmp_path))
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"{line}\n")


def test_engine_at_head_opens_only_a_database_at_this_code_s_revision(database: str) -> None:
    with pytest.raises(typer.Exit) as empty:
        engine_at_head(Settings())
    assert empty.value.exit_code == 1
    upgrade_database(Settings())
    engine = engine_at_head(Settings())
    with engine.connect() as connection:
        assert connection.execute(text("select count(*) from access_point")).scalar() == 0
    engine.dispose()


def test_engine_at_head_refuses_an_unreadable_url(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", "panda:s3cret@nowhere")
    with pytest.raises(typer.Exit):
        engine_at_head(Settings())
    assert capsys.readouterr().err == f"refusé : {UNREADABLE_URL}\n"
