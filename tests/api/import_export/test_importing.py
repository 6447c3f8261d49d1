"""Imported files under the one text rule (models/text_types.py): a control character or a
lone surrogate in a value is a rejected row reported in French by line and column, and
nothing is written; the report shows the character by its code, never the character."""

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli.main import app
from seed.formats.lieux_mediation import write_lieux_mediation_csv
from tests.conftest import bearer, make_access_point, make_key


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory()


@pytest.fixture
def importer(client: TestClient) -> dict[str, str]:
    return bearer(make_key(client, "import"))


def standard_csv(second_name: str) -> str:
    """Two places in the standard's CSV, the second named `second_name`."""
    places = [
        make_access_point(source="ville", source_id="lieu-1", name="Lieu 1"),
        make_access_point(source="ville", source_id="lieu-2", name="Lieu 2"),
    ]
    return write_lieux_mediation_csv(places).replace("Lieu 2", second_name)


def test_csv_cell_with_esc_is_rejected_by_line_and_column(
    client: TestClient, importer: dict[str, str]
) -> None:
    response = client.post(
        "/v1/imports", content=standard_csv("\x1b[31mLieu 2").encode(), headers=importer
    )
    body = response.json()
    assert (response.status_code, body["written"], body["rejected"]) == (422, False, 1)
    assert body["errors"] == [
        {
            "line": 3,
            "field": "nom",
            "value": "<U+001B>[31mLieu 2",
            "reason": "caractère de contrôle U+001B interdit",
        }
    ]
    assert client.get("/v1/access-points").json()["total"] == 0


def test_json_value_with_lone_surrogate_is_rejected_not_a_500(
    client: TestClient, importer: dict[str, str]
) -> None:
    rows = list(csv.DictReader(io.StringIO(standard_csv("Lieu \ud800"))))
    raw = json.dumps(rows).encode()  # ensure_ascii: the surrogate travels as \ud800
    response = client.post(
        "/v1/imports", content=raw, headers=importer, params={"format": "lieux-mediation-json"}
    )
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert (error["line"], error["field"], error["value"]) == (2, "nom", "Lieu <U+D800>")
    assert error["reason"] == "demi-caractère UTF-16 isolé U+D800 interdit (texte mal encodé)"


def test_geojson_property_with_nul_is_rejected(
    client: TestClient, importer: dict[str, str]
) -> None:
    properties = make_access_point(source="ville", source_id="g-1").model_dump(mode="json")
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [5.069047, 47.32968]},
        "properties": properties | {"address": "14 rue\u0000Camille Claudel"},
    }
    document = {"type": "FeatureCollection", "features": [feature]}
    response = client.post(
        "/v1/imports",
        content=json.dumps(document).encode(),
        headers=importer,
        params={"format": "geojson"},
    )
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert (error["line"], error["field"]) == (1, "properties.address")
    assert error["reason"].startswith("caractère de contrôle U+0000 interdit")


def test_header_name_with_control_character_refuses_the_file(
    client: TestClient, importer: dict[str, str]
) -> None:
    text = standard_csv("Lieu 2")
    first, rest = text.split("\n", 1)
    response = client.post(
        "/v1/imports", content=f"{first},\x07cloche\n{rest}".encode(), headers=importer
    )
    assert (response.status_code, response.json()["error"]) == (422, "invalid_body")
    width = len(next(csv.reader([first]))) + 1
    assert response.json()["detail"] == (
        f"l'en-tête, colonne {width} : caractère de contrôle U+0007 interdit"
    )


def test_cli_import_report_names_the_character_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    file = tmp_path / "lieux.csv"
    file.write_text(standard_csv("Lieu\x1b]0;titre\x07 2"), encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(file)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "  ligne 3 : « Lieu<U+001B>]0;titre<U+0007> 2 »" in result.output
    assert "rien n'a été écrit" in result.output.splitlines()
