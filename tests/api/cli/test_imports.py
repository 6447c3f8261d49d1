"""`panda import` and `panda export` (api/cli/imports.py) against a SQLite file: the places a file
writes, the French report, the refusals that write nothing, and the files exported back."""

import json
from pathlib import Path

from sqlmodel import Session, select
from typer.testing import CliRunner

from api.cli.main import app
from api.database import make_engine
from models.access_point import AccessPoint
from tests.data_files import fixture

DIJON_CSV = fixture("lieux-mediation-dijon.csv")
NAMES = ["PANDA Grésilles", "PANDA Lab - Maison Phare MJC"]


def place_names(url: str) -> list[str]:
    engine = make_engine(url)
    with Session(engine) as session:
        names = [p.name for p in session.exec(select(AccessPoint).order_by(AccessPoint.name))]  # type: ignore[arg-type]
    engine.dispose()
    return names


def test_import_writes_the_places_and_prints_the_french_report(database: str) -> None:
    result = CliRunner().invoke(app, ["import", str(DIJON_CSV)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "3 lignes (lieux-mediation-numerique v1 csv) : 3 créés, 0 mis à jour, 0 inchangé, "
        "0 fermé, 0 rejeté"
    ]
    names = place_names(database)
    assert len(names) == 3 and set(NAMES) <= set(names)


def test_import_dry_run_writes_nothing(database: str) -> None:
    result = CliRunner().invoke(app, ["import", str(DIJON_CSV), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "essai à blanc (--dry-run) : rien n'a été écrit" in result.stdout.splitlines()
    assert place_names(database) == []


def test_a_file_that_cannot_be_read_exits_2_and_writes_nothing(
    database: str, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("titre,texte\nCourses,pain\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(notes)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"impossible de lire {notes} : colonnes obligatoires absentes")
    assert place_names(database) == []


def test_a_refused_file_with_the_json_report_is_one_json_document(
    database: str, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("titre,texte\nCourses,pain\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(notes), "--report", "json"])
    body = json.loads(result.stdout)
    assert (result.exit_code, body["error"]) == (2, "invalid_file")
    assert body["detail"].startswith("impossible de lire")
    assert place_names(database) == []


def test_the_json_report_of_an_import_is_machine_output(database: str) -> None:
    result = CliRunner().invoke(app, ["import", str(DIJON_CSV), "--report", "json"])
    body = json.loads(result.stdout)
    assert (result.exit_code, body["rows"], body["created"], body["written"]) == (0, 3, 3, True)


def test_bad_arguments_are_refused_in_french_before_any_work(database: str) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["import", "lieux.csv"])
    bad_report = runner.invoke(app, ["import", str(DIJON_CSV), "--report", "xml"])
    bad_format = runner.invoke(app, ["export", "--format", "xlsx"])
    assert [(r.exit_code, r.stderr) for r in (missing, bad_report, bad_format)] == [
        (2, "refusé : fichier introuvable : lieux.csv\n"),
        (2, "refusé : --report vaut text ou json, pas « xml »\n"),
        (2, "refusé : --format vaut lieux-mediation, geojson ou data-inclusion, pas « xlsx »\n"),
    ]
    assert not Path(database.removeprefix("sqlite:///")).exists()


def test_export_gives_back_the_imported_places(database: str, tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["import", str(DIJON_CSV)])
    csv = runner.invoke(app, ["export"])
    out = tmp_path / "lieux.geojson"
    geojson = runner.invoke(app, ["export", "--format", "geojson", "--out", str(out)])
    assert (csv.exit_code, geojson.exit_code) == (0, 0)
    lines = csv.stdout.splitlines()
    assert lines[0].startswith("id,pivot,nom,commune,code_postal") and len(lines) == 4
    # The import was the database's first change: the feed continues after version 1.
    assert geojson.stderr == f"fichier écrit : {out}\ncurseur des changements : 1\n"
    assert csv.stderr == "curseur des changements : 1\n"
    collection = json.loads(out.read_text(encoding="utf-8"))
    features = collection["features"]
    assert set(NAMES) <= {f["properties"]["name"] for f in features} and len(features) == 3
    assert collection["changes_cursor"] == "1"


def test_export_of_an_empty_database_says_so_in_french(database: str) -> None:
    result = CliRunner().invoke(app, ["export"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "base de données vide : « panda db upgrade » ou « panda serve » la crée\n"
    )
