"""`panda duplicates list | confirm | split | report` (api/cli/duplicates.py) against a
SQLite file holding the seed (the census' places of Dijon Métropole)."""

import csv
import io

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from api.cli import duplicates as cli_duplicates
from api.cli.main import app
from api.database import make_engine
from models.duplicate import DuplicateDecision, DuplicateDecisionAudit


@pytest.fixture
def seeded(database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(cli_duplicates.console, "width", 200)
    result = CliRunner().invoke(app, ["seed", "load"])
    assert result.exit_code == 0, result.output
    return database


def rows(url: str, model: type) -> list[object]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return list(session.exec(select(model)).all())
    finally:
        engine.dispose()


def listed_csv(*options: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(app, ["duplicates", "list", "--csv", *options])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_list_csv_has_both_records_side_by_side(seeded: str) -> None:
    pairs = listed_csv("--band", "grouped")
    gresilles = [p for p in pairs if {p["a_nom"], p["b_nom"]} == {
        "PANDA Grésilles", "Centre multimédia des grésilles"}]  # fmt: skip
    [pair] = gresilles
    assert (pair["score"], pair["statut"], pair["décision"]) == ("97", "regroupé", "")
    assert pair["raisons"].startswith("noms semblables (100 %) ; même adresse")
    assert all(p["statut"] == "regroupé" for p in pairs)
    assert listed_csv("--commune", "Talant") == []


def test_list_table_and_bad_band(seeded: str) -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["duplicates", "list", "--commune", "Dijon"])
    assert table.exit_code == 0, table.output
    assert "PANDA Grésilles" in table.stdout and "regroupé" in table.stdout
    bad = runner.invoke(app, ["duplicates", "list", "--band", "maybe"])
    assert (bad.exit_code, bad.stdout.strip()) == (2, "--band : grouped, to_review ou distinct")


def test_confirm_then_split_audited_and_listed(seeded: str) -> None:
    pair = listed_csv("--band", "to_review")[0]
    a, b = pair["a_id"], pair["b_id"]
    runner = CliRunner()
    confirmed = runner.invoke(app, ["duplicates", "confirm", a, b])
    assert confirmed.exit_code == 0, confirmed.output
    assert confirmed.stdout.startswith(f"lieux {a} et {b} : même lieu (décidé par cli")
    after = [p for p in listed_csv() if (p["a_id"], p["b_id"]) == (a, b)]
    assert [(p["statut"], p["décision"]) for p in after] == [("regroupé", "même lieu")]
    split = runner.invoke(app, ["duplicates", "split", b, a])
    assert split.exit_code == 0, split.output
    assert len(rows(seeded, DuplicateDecision)) == 1
    assert len(rows(seeded, DuplicateDecisionAudit)) == 2


def test_bad_decisions_exit_1_nothing_written(seeded: str) -> None:
    runner = CliRunner()
    same = runner.invoke(app, ["duplicates", "confirm", "3", "3"])
    missing = runner.invoke(app, ["duplicates", "split", "3", "99999"])
    assert same.exit_code == missing.exit_code == 1
    assert "ne peut pas être le doublon de lui-même" in same.stdout
    assert "aucun lieu n'a l'id 99999" in missing.stdout
    zero = runner.invoke(app, ["duplicates", "split", "0", "3"])
    assert zero.exit_code == 2
    assert rows(seeded, DuplicateDecisionAudit) == []


def test_report_counts_groups_review_and_conflicts(seeded: str) -> None:
    result = CliRunner().invoke(app, ["duplicates", "report"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "7 groupe(s), 16 fiche(s) regroupée(s)"
    assert "1 paire(s) à revoir (panda duplicates list --band to_review)" in lines
    assert "3 désaccord(s) dans les groupes" in lines
