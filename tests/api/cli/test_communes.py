"""`panda communes load` (api/cli/communes.py) against a SQLite file: every commune of France
stored once; a file refused whole writes nothing and says why in French."""

import gzip
import json
from pathlib import Path

import pytest
import typer
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from api.cli.communes import load_or_exit
from api.cli.main import app
from api.database import make_engine
from api.migrations.upgrade import upgrade_to_head
from api.settings import Settings
from models.commune import Commune
from seed.communes import COLUMNS, FORMAT

DIJON = ["21231", "Dijon", ["21000"], "21", "27", "242100410", "Europe/Paris", 47.32, 5.04, []]


def commune_count(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.exec(select(func.count()).select_from(Commune)).one()
    engine.dispose()
    return count


def communes_file(path: Path, rows: list[list[object]]) -> Path:
    document = {"format": FORMAT, "columns": list(COLUMNS), "count": len(rows), "communes": rows}
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    return path


def said(text: str) -> str:
    return " ".join(text.split())


def test_communes_load_stores_every_commune_of_france(database: str) -> None:
    result = CliRunner().invoke(app, ["communes", "load"])
    assert result.exit_code == 0, result.output
    count = commune_count(database)
    assert count > 30_000
    assert said(result.output) == f"communes : {count} créées, 0 mises à jour, 0 inchangées"


def test_a_cut_communes_file_is_refused_and_nothing_is_written(
    database: str, tmp_path: Path
) -> None:
    short = communes_file(tmp_path / "communes.json.gz", [DIJON])
    result = CliRunner().invoke(app, ["communes", "load", "--file", str(short)])
    assert result.exit_code == 1
    assert said(result.output) == (
        f"fichier des communes refusé, rien n'a été écrit : fichier des communes {short} : "
        "1 communes seulement (au moins 30000 attendues)"
    )
    assert commune_count(database) == 0


def test_a_missing_communes_file_is_named(database: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["communes", "load", "--file", str(tmp_path / "no.gz")])
    assert result.exit_code == 1
    assert f"fichier des communes introuvable : {tmp_path / 'no.gz'}" in said(result.output)


def test_load_or_exit_exits_1_on_a_bad_file(database: str, tmp_path: Path) -> None:
    engine = make_engine(database)
    upgrade_to_head(engine)
    engine.dispose()
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(b"\x1f\x8b broken")
    with pytest.raises(typer.Exit) as stopped:
        load_or_exit(Settings(), broken)
    assert stopped.value.exit_code == 1
