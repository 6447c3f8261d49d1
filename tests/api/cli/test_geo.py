"""`panda geocoder evaluate` (api/cli/geo.py): the offline geocoder against a file of expected
answers, its figures in French."""

from pathlib import Path

from typer.testing import CliRunner

from api.cli.main import app

HEADER = "query,latitude,longitude,insee_code\n"


def test_geocoder_evaluate_prints_figures(database: str, tmp_path: Path) -> None:
    truth = tmp_path / "truth.csv"
    truth.write_text(HEADER + "14 rue Camille Claudel Dijon,47.329680,5.069047,21231\n")
    runner = CliRunner()
    runner.invoke(app, ["seed", "load"])
    result = runner.invoke(app, ["geocoder", "evaluate", str(truth)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "requêtes : 1, sans réponse : 0",
        "erreur : médiane 0 m, p90 0 m, max 0 m",
        "à 50 m au plus : 100,0 %, à 250 m au plus : 100,0 %",
        "bonne commune : 100,0 %",
        "précision : housenumber 1",
    ]


def test_geocoder_evaluate_of_a_file_without_its_columns_says_which(
    database: str, tmp_path: Path
) -> None:
    truth = tmp_path / "truth.csv"
    truth.write_text("query,lat,lon\n14 rue Camille Claudel Dijon,47.3,5.0\n")
    result = CliRunner().invoke(app, ["geocoder", "evaluate", str(truth)])
    assert result.exit_code == 1
    assert "ligne 1 : colonne(s) manquante(s)" in " ".join(result.stderr.split())


def test_geocoder_evaluate_of_a_missing_file_is_refused_in_french(database: str) -> None:
    result = CliRunner().invoke(app, ["geocoder", "evaluate", "verite.csv"])
    assert (result.exit_code, result.stderr) == (2, "refusé : fichier introuvable : verite.csv\n")
