"""GET /v1/communes (pages, filters, ETag) and every commune of France behind `commune=`."""

import csv
import io
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli.main import app as cli_app
from api.settings import Settings
from seed.communes import CommunesFileError, bundled_path
from tests.data_files import fixture

DIJON_CSV = fixture("lieux-mediation-dijon.csv")


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    """The app with the Dijon seed (its 23 communes, with their EPCI)."""
    return client_factory(seed=True)


def items(client: TestClient, query: str) -> list[dict[str, object]]:
    response = client.get(f"/v1/communes{query}")
    assert response.status_code == 200, response.text
    found: list[dict[str, object]] = response.json()["items"]
    return found


def test_list_pages_the_communes_by_name(client: TestClient) -> None:
    body = client.get("/v1/communes?size=5&page=5").json()
    assert (body["total"], body["page"], body["size"]) == (23, 5, 5)
    assert [c["name"] for c in body["items"]] == [
        "Saint-Apollinaire",
        "Sennecey-lès-Dijon",
        "Talant",
    ]
    assert body["licence"].startswith("Licence Ouverte") and "INSEE" in body["attribution"]


def test_list_carries_the_commune_facts(client: TestClient) -> None:
    dijon = next(c for c in items(client, "?name=dijon") if c["insee_code"] == "21231")
    assert dijon == {
        "insee_code": "21231",
        "name": "Dijon",
        "postcode": "21000",
        "latitude": 47.3228,
        "longitude": 5.0374,
        "former_names": [],
        "postcodes": ["21000"],
        "department": "21",
        "region": "27",
        "epci": "242100410",
        "time_zone": "Europe/Paris",
    }


def test_page_past_the_last_is_404(client: TestClient) -> None:
    response = client.get("/v1/communes?size=10&page=4")
    assert (response.status_code, response.json()["error"]) == (404, "page_out_of_range")


@pytest.mark.parametrize(
    "query", ["?size=1001", "?page=0", "?department=Côte-d'Or", "?epci=2421", "?color=red"]
)
def test_bad_parameters_are_422(client: TestClient, query: str) -> None:
    assert client.get(f"/v1/communes{query}").status_code == 422


def test_epci_of_the_metropole_gives_the_23(client: TestClient) -> None:
    assert len(items(client, "?epci=242100410")) == 23
    assert items(client, "?epci=242101491") == []


def test_name_prefix_ignores_case_accents_and_saint(client: TestClient) -> None:
    assert [c["name"] for c in items(client, "?name=CHEN")] == ["Chenôve"]
    assert [c["name"] for c in items(client, "?name=chén")] == ["Chenôve"]
    assert [c["name"] for c in items(client, "?name=st-ap")] == ["Saint-Apollinaire"]


def test_filters_combine(client: TestClient) -> None:
    names = [c["name"] for c in items(client, "?department=21&epci=242100410&name=f")]
    assert names == ["Fénay", "Flavignerot", "Fontaine-lès-Dijon"]
    assert items(client, "?department=71&name=f") == []


def test_list_answers_304_to_its_etag(client: TestClient) -> None:
    first = client.get("/v1/communes?name=ta")
    again = client.get("/v1/communes?name=ta", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/v1/communes?name=qu").headers["etag"] != first.headers["etag"]


def test_ambiguous_postcode_is_422_with_candidates(client: TestClient) -> None:
    response = client.get("/v1/access-points?commune=21121")
    body = response.json()
    assert (response.status_code, body["error"]) == (422, "invalid_parameter")
    assert body["detail"].startswith("commune : « 21121 » désigne 4 communes : Ahuy (21) 21003")
    assert {c["insee_code"] for c in body["candidates"]} == {"21003", "21223", "21278", "21315"}


@pytest.fixture
def imported_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A database filled by `panda import` alone (no seed), then served: communes load."""
    url = f"sqlite:///{tmp_path / 'panda.db'}"
    monkeypatch.setenv("PANDA_DATABASE_URL", url)
    rows = list(csv.DictReader(io.StringIO(DIJON_CSV.read_text(encoding="utf-8"))))
    # An invented place in Montbard, next to the Dijon ones.
    rows.append(
        rows[0]
        | {
            "id": "essai-montbard-1",
            "nom": "Lieu d'essai de Montbard",
            "commune": "Montbard",
            "code_postal": "21500",
            "code_insee": "21425",
            "adresse": "1 rue d'Essai",
            "latitude": "47.6235",
            "longitude": "4.3378",
        }
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    places = tmp_path / "lieux.csv"
    places.write_text(out.getvalue(), encoding="utf-8")
    result = CliRunner().invoke(cli_app, ["import", str(places)])
    assert result.exit_code == 0, result.output
    settings = Settings(
        database_url=url, load_seed_when_empty=False, load_communes=True, snapshot_refresh_s=3600
    )
    with TestClient(create_app(settings)) as served:
        yield served


def test_imported_database_answers_dijon_and_montbard(imported_only: TestClient) -> None:
    def names(commune: str) -> list[str]:
        response = imported_only.get("/v1/access-points", params={"commune": commune})
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["items"]]

    assert names("Dijon") == ["PANDA Grésilles", "PANDA Lab - Maison Phare MJC"]
    assert names("Montbard") == names("21425") == ["Lieu d'essai de Montbard"]
    assert names("Quetigny") == ["Association ORE"]
    body = imported_only.get("/v1/communes?department=21&size=1").json()
    assert body["total"] > 600


def test_imported_database_names_homonyms(imported_only: TestClient) -> None:
    response = imported_only.get("/v1/access-points", params={"commune": "Ste Colombe"})
    body = response.json()
    assert response.status_code == 422 and len(body["candidates"]) == 8
    assert "désigne 12 communes" in body["detail"] and "et 4 autres" in body["detail"]
    assert "précisez le département (« Sainte-Colombe (" in body["detail"]
    picked = body["candidates"][0]
    narrowed = f"Sainte-Colombe ({picked['department']})"
    response = imported_only.get("/v1/access-points", params={"commune": narrowed})
    assert response.status_code == 200


def test_bad_communes_file_stops_start_up(
    tmp_path: Path, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    cut = tmp_path / "communes.json.gz"
    cut.write_bytes(bundled_path().read_bytes()[:50_000])
    settings = Settings(
        database_url=database_url,
        load_seed_when_empty=False,
        load_communes=True,
        communes_file=str(cut),
    )
    with (
        caplog.at_level(logging.ERROR, logger="api.app"),
        pytest.raises(CommunesFileError),
        TestClient(create_app(settings)),
    ):
        pass
    assert "démarrage refusé : fichier des communes illisible" in caplog.text


def test_cli_communes_load_is_idempotent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    runner = CliRunner()
    first = runner.invoke(cli_app, ["communes", "load"])
    second = runner.invoke(cli_app, ["communes", "load"])
    assert (first.exit_code, second.exit_code) == (0, 0), first.output
    assert " 0 mises à jour" in first.output and "créées" in first.output
    assert "communes : 0 créées, 0 mises à jour" in second.output


def test_cli_communes_load_refuses_a_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"\x1f\x8b broken")
    result = CliRunner().invoke(cli_app, ["communes", "load", "--file", str(bad)])
    assert result.exit_code == 1
    assert "fichier des communes refusé, rien n'a été écrit" in result.output
