"""Imports through POST /v1/imports and `panda import`: all or nothing, dry runs, pruning."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app
from seed.formats.lieux_mediation import write_lieux_mediation_csv
from tests.conftest import bearer, make_access_point, make_key
from tests.data_files import fixture, reference

# Three Dijon Métropole places in the national standard's v1 CSV.
DIJON_CSV = fixture("lieux-mediation-dijon.csv")
# Seven census rows in Dijon Métropole, then five invented ones outside it, four of them faulty.
CENSUS_SAMPLE = fixture("bfc-ternum-sample.csv")


def standard_csv(count: int, bad_line: int | None = None) -> bytes:
    """A file of `count` places in the standard's CSV; the row at `bad_line` has bad hours."""
    places = [
        make_access_point(source="ville", source_id=f"lieu-{n}", name=f"Lieu {n}")
        for n in range(count)
    ]
    lines = write_lieux_mediation_csv(places).splitlines()
    if bad_line is not None:
        lines[bad_line - 1] = lines[bad_line - 1].replace("Mo,Tu,Th", "lundi")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory()


@pytest.fixture
def importer(client: TestClient) -> dict[str, str]:
    return bearer(make_key(client, "import"))


def post(client: TestClient, body: bytes, headers: dict[str, str], **params: object):  # type: ignore[no-untyped-def]
    return client.post("/v1/imports", content=body, headers=headers, params=params)


def test_import_creates_then_reports_unchanged(
    client: TestClient, importer: dict[str, str]
) -> None:
    first = post(client, standard_csv(3), importer).json()
    second = post(client, standard_csv(3), importer).json()
    assert (first["created"], first["written"]) == (3, True)
    assert (second["unchanged"], second["written"]) == (3, False)
    assert client.get("/v1/access-points").json()["total"] == 3


def test_import_one_bad_row_writes_nothing(client: TestClient, importer: dict[str, str]) -> None:
    response = post(client, standard_csv(5, bad_line=4), importer)
    body = response.json()
    assert (response.status_code, body["written"], body["rejected"]) == (422, False, 1)
    assert (body["errors"][0]["line"], body["errors"][0]["field"]) == (4, "horaires")
    assert client.get("/v1/access-points").json()["total"] == 0


def test_import_skip_invalid_keeps_good_rows(client: TestClient, importer: dict[str, str]) -> None:
    body = post(client, standard_csv(5, bad_line=4), importer, skip_invalid=True).json()
    assert (body["created"], body["rejected"]) == (4, 1)


def test_import_dry_run_writes_nothing(client: TestClient, importer: dict[str, str]) -> None:
    body = post(client, standard_csv(2), importer, dry_run=True).json()
    assert (body["created"], body["written"]) == (2, False)
    assert client.get("/v1/access-points").json()["total"] == 0


def test_import_prune_closes_places_no_longer_listed(
    client: TestClient, importer: dict[str, str]
) -> None:
    post(client, standard_csv(3), importer)
    body = post(client, standard_csv(2), importer, prune=True).json()
    closed = client.get("/v1/access-points", params={"q": "Lieu 2"}).json()["items"][0]
    assert (body["closed"], closed["status"]) == (1, "closed")


def test_import_without_key_is_401(client: TestClient) -> None:
    assert post(client, standard_csv(1), {}).status_code == 401


def test_import_with_write_only_key_is_403(client: TestClient) -> None:
    assert post(client, standard_csv(1), bearer(make_key(client, "write"))).status_code == 403


def test_import_body_over_limit_is_413(client: TestClient, importer: dict[str, str]) -> None:
    limit = client.app.state.runtime.settings.import_max_bytes  # type: ignore[attr-defined]
    response = post(client, b"x" * (limit + 1), importer)
    assert (response.status_code, response.json()["error"]) == (413, "payload_too_large")


@pytest.mark.parametrize(
    ("body", "fragment"),
    [(b"", "le fichier est vide"), (b"id,nom\n", "colonnes obligatoires absentes")],
)
def test_import_unreadable_file_is_422(
    client: TestClient, importer: dict[str, str], body: bytes, fragment: str
) -> None:
    response = post(client, body, importer)
    assert (response.status_code, response.json()["error"]) == (422, "invalid_body")
    assert fragment in response.json()["detail"]


def test_import_swapped_coordinates_rejected(client: TestClient, importer: dict[str, str]) -> None:
    text = standard_csv(1).decode().replace("47.32968,5.069047", "5.069047,47.32968")
    body = post(client, text.encode(), importer).json()
    assert body["errors"][0] == {
        "line": 2,
        "field": "latitude",
        "value": ["5.069047", "47.32968"],
        "reason": "latitude et longitude semblent inversées "
        "(exemple : latitude 47.3216, longitude 5.0415)",
    }


def test_export_round_trip_is_identical(
    client: TestClient, importer: dict[str, str], client_factory: Callable[..., TestClient]
) -> None:
    post(client, DIJON_CSV.read_bytes(), importer)
    post(client, standard_csv(3), importer)
    first = client.get("/v1/export/lieux-mediation-numerique.csv").text
    empty = client_factory()
    post(empty, first.encode(), bearer(make_key(empty, "import")))
    assert empty.get("/v1/export/lieux-mediation-numerique.csv").text == first
    assert len(first.splitlines()) == 7


def test_cli_import_dry_run_then_create_then_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    runner = CliRunner()
    outputs = [
        " ".join(runner.invoke(app, ["import", str(DIJON_CSV), *extra]).output.split())
        for extra in (["--dry-run"], [], [])
    ]
    assert "3 seraient créés" in outputs[0] and "rien n'a été écrit" in outputs[0]
    assert "3 créés" in outputs[1]
    assert "3 inchangés" in outputs[2]


def test_cli_import_bad_row_exits_non_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    file = tmp_path / "lieux.csv"
    file.write_bytes(standard_csv(20, bad_line=12))
    result = CliRunner().invoke(app, ["import", str(file)])
    output = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "ligne 12 : horaires = « lundi 09:00-12:00" in output
    assert (
        "n'est pas un horaire au format OpenStreetMap opening_hours "
        "(exemple : Mo-Fr 09:00-12:00,14:00-17:00)" in output
    )
    assert "rien n'a été écrit" in output


def test_cli_import_with_shipped_mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    args = ["import", str(CENSUS_SAMPLE), "--mapping", "bfc-ternum", "--dry-run"]
    refused = CliRunner().invoke(app, args)
    accepted = CliRunner().invoke(app, [*args, "--skip-invalid"])
    assert refused.exit_code == 1
    output = " ".join(accepted.output.split())
    # Lines 10 to 13: reversed hours, an unknown support code, a short number, no address.
    assert "8 seraient créés" in output and "4 rejetés" in output
    assert (
        "ligne 10 : mardi matin = « 14h-12h » : horaire impossible : heure invalide ou "
        "fermeture avant l'ouverture (exemple : 8h30-12h)" in output
    )
    assert (
        "ligne 11 : code_accomp = « oui » : n'est pas une des valeurs prévues par la "
        "correspondance : A, L, RDV, G, R" in output
    )
    assert "ligne 12 : contact_tel = « 36 46 » : n'est pas un numéro de téléphone" in output
    assert "ligne 13 : adresse = (vide) : obligatoire, mais vide (exemple : 14 rue" in output


@pytest.mark.reference
def test_cli_import_of_the_census_with_shipped_mapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    census = reference("bfc-ternum-dataset.csv")
    args = ["import", str(census), "--mapping", "bfc-ternum", "--dry-run", "--skip-invalid"]
    output = " ".join(CliRunner().invoke(app, args).output.split())
    # 35 rows outside the métropole are unusable: unreadable hours, no address, bad e-mail.
    assert "662 seraient créés" in output and "35 rejetés" in output
    assert "ligne 127 : adresse = (vide) : obligatoire, mais vide" in output


def test_import_row_without_coordinates_is_geocoded_with_its_precision(
    seeded_client: TestClient,
) -> None:
    text = standard_csv(1).decode().replace("47.32968,5.069047", ",")
    body = post(seeded_client, text.encode(), bearer(make_key(seeded_client, "import"))).json()
    place = seeded_client.get("/v1/access-points", params={"q": "Lieu 0"}).json()["items"][0]
    assert (body["created"], body["geocoded"]) == (1, 1)
    assert (place["location_precision"], place["latitude"], place["longitude"]) == (
        "housenumber",
        47.32968,
        5.069047,
    )


def test_import_row_with_unknown_address_and_no_coordinates_is_rejected(
    client: TestClient, importer: dict[str, str]
) -> None:
    text = standard_csv(1).decode().replace("47.32968,5.069047", ",")
    text = text.replace("14 rue Camille Claudel", "zzqx wvvk").replace(",Dijon,", ",Xyzzy,")
    body = post(client, text.encode(), importer).json()
    assert (body["rejected"], body["errors"][0]["field"]) == (1, "adresse")
