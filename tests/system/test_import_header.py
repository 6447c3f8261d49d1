"""A header too wide for a list of places is refused at once with a French 422 (POST
/v1/imports) or exit code 2 (`panda import`), before any row is read and nothing written."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli.main import app
from seed.formats.base import MAX_COLUMNS
from seed.formats.lieux_mediation_columns import REQUIRED
from tests.conftest import bearer, make_key

# The probe's file: the standard's required columns and 100,000 of its own (about 790 KB).
EXTRA = 100_000


def wide_csv(extra: int) -> bytes:
    header = ",".join([*REQUIRED, *(f"colonne{n}" for n in range(extra))])
    row = ",".join(["lieu-1", "", "Lieu", "Dijon", "21000", "1 rue Monge", "2025-03-01"])
    return f"{header}\n{row}\n".encode()


def test_import_of_100000_columns_is_422_in_french(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory()
    response = client.post(
        "/v1/imports", content=wide_csv(EXTRA), headers=bearer(make_key(client, "import"))
    )
    assert response.status_code == 422
    assert response.json() == {
        "error": "invalid_body",
        "detail": f"l'en-tête a {len(REQUIRED) + EXTRA} colonnes : "
        f"{MAX_COLUMNS} au plus sont acceptées",
    }
    assert client.get("/v1/access-points").json()["total"] == 0


def test_cli_import_of_100000_columns_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    file = tmp_path / "large.csv"
    file.write_bytes(wide_csv(EXTRA))
    result = CliRunner().invoke(app, ["import", str(file)])
    assert result.exit_code == 2
    assert "l'en-tête a 100007 colonnes : 500 au plus sont acceptées" in result.output
