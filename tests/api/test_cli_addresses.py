"""`panda addresses import` and `panda geocoder evaluate`, run as a user runs them."""

from pathlib import Path

import pytest
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from api.cli import app
from api.database import make_engine
from models.address import Address
from tests.data_files import fixture

FIXTURE = fixture("ban-dijon-sample.csv")


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'panda.db'}"
    monkeypatch.setenv("PANDA_DATABASE_URL", url)
    return url


def address_count(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.exec(select(func.count()).select_from(Address)).one()
    engine.dispose()
    return count


def test_addresses_import_fills_table_and_is_idempotent(database: str) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["addresses", "import", str(FIXTURE)])
    second = runner.invoke(app, ["addresses", "import", str(FIXTURE)])
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert address_count(database) == 52


def test_addresses_import_broken_file_keeps_previous_table(database: str, tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["addresses", "import", str(FIXTURE)])
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join([*lines[:30], lines[30].replace("47.", "x47.", 1)]) + "\n")
    result = runner.invoke(app, ["addresses", "import", str(broken)])
    assert result.exit_code == 1
    assert "line 31" in " ".join(result.output.split())
    assert address_count(database) == 52


def test_addresses_import_wrong_encoding_is_refused(database: str, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(FIXTURE.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    result = CliRunner().invoke(app, ["addresses", "import", str(latin)])
    assert result.exit_code == 1


def test_geocoder_evaluate_prints_figures(database: str, tmp_path: Path) -> None:
    truth = tmp_path / "truth.csv"
    truth.write_text(
        "query,latitude,longitude,insee_code\n"
        "14 rue Camille Claudel Dijon,47.329680,5.069047,21231\n"
    )
    runner = CliRunner()
    runner.invoke(app, ["seed", "load"])
    result = runner.invoke(app, ["geocoder", "evaluate", str(truth)])
    assert result.exit_code == 0
    assert "within 50 m: 100.0%" in result.output
