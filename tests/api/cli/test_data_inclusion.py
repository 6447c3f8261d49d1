"""`panda export --format data-inclusion` and `panda import data-inclusion`."""

import json
from pathlib import Path

from data_inclusion.schema import v1
from typer.testing import CliRunner

from api.cli.main import app


def test_export_writes_structures_and_services_files(database: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["seed", "load"]).exit_code == 0
    out = tmp_path / "hub"
    result = runner.invoke(app, ["export", "--format", "data-inclusion", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"fichier écrit : {out / 'structures.json'}",
        f"fichier écrit : {out / 'services.json'}",
    ]
    structures = json.loads((out / "structures.json").read_text(encoding="utf-8"))
    services = json.loads((out / "services.json").read_text(encoding="utf-8"))
    assert len(structures) == len(services) == 68
    v1.Structure.model_validate(structures[0])
    v1.Service.model_validate(services[-1])


def test_export_refuses_a_file_for_a_folder(database: str, tmp_path: Path) -> None:
    taken = tmp_path / "taken.json"
    taken.write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", "--format", "data-inclusion", "--out", str(taken)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"refusé : --out nomme un dossier pour le format data-inclusion ; {taken} est un fichier\n",
    )
