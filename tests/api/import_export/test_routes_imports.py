"""Imports through POST /v1/imports and `panda import`: all or nothing, dry runs, pruning."""

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli.main import app
from api.import_export.importing import import_bytes
from models.opening_hours import status_at
from models.overseas import department_of, time_zone_of
from seed.formats.lieux_mediation import write_lieux_mediation_csv
from seed.importer import ImportOptions
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
    lines = result.output.splitlines()
    assert result.exit_code == 1
    # One line each, however long: the report never wraps when it is not on a terminal.
    assert lines[0] == (
        "horaires : n'est pas un horaire au format OpenStreetMap opening_hours "
        "(exemple : Mo-Fr 09:00-12:00,14:00-17:00) : 1 ligne"
    )
    assert lines[1].startswith("  ligne 12 : « lundi 09:00-12:00")
    assert "rien n'a été écrit" in lines
    assert lines[-1] == (
        "avec --skip-invalid (lignes rejetées laissées de côté) : 19 seraient créés, "
        "0 serait mis à jour, 0 inchangé"
    )


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
        "mardi matin : horaire impossible : heure invalide ou fermeture avant l'ouverture "
        "(exemple : 8h30-12h) : 1 ligne ligne 10 : « 14h-12h »" in output
    )
    assert (
        "code_accomp : n'est pas une des valeurs prévues par la correspondance : "
        "A, L, RDV, G, R : 1 ligne ligne 11 : « oui »" in output
    )
    assert "contact_tel : n'est pas un numéro de téléphone valide" in output
    assert "1 ligne ligne 12 : « 36 46 »" in output
    assert "adresse : obligatoire, mais vide (exemple : 14 rue" in output
    assert "ligne 13 : (vide)" in output
    refused_output = " ".join(refused.output.split())
    assert "avec --skip-invalid (lignes rejetées laissées de côté) : 8 seraient créés" in (
        refused_output
    )


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
    assert "adresse : obligatoire, mais vide" in output and "ligne 127 : (vide)" in output


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


def standard_csv_with_bad_rows(count: int, bad_lines: list[int]) -> bytes:
    """`standard_csv(count)` with bad hours on each of `bad_lines`."""
    lines = standard_csv(count).decode().splitlines()
    for line in bad_lines:
        lines[line - 1] = lines[line - 1].replace("Mo,Tu,Th", "lundi")
    return ("\n".join(lines) + "\n").encode()


def test_import_report_groups_rejections_with_three_examples(
    client: TestClient, importer: dict[str, str]
) -> None:
    body = post(client, standard_csv_with_bad_rows(8, [3, 4, 6, 8]), importer).json()
    (group,) = body["error_groups"]
    assert (group["field"], group["count"]) == ("horaires", 4)
    assert [example["line"] for example in group["examples"]] == [3, 4, 6]
    assert group["examples"][0]["value"].startswith("lundi 09:00-12:00")
    assert body["with_skip_invalid"] == {"created": 4, "updated": 0, "unchanged": 0, "closed": 0}
    assert client.get("/v1/access-points").json()["total"] == 0


def test_import_report_without_rejections_has_no_skip_invalid_counts(
    client: TestClient, importer: dict[str, str]
) -> None:
    body = post(client, standard_csv(2), importer).json()
    assert (body["error_groups"], body["with_skip_invalid"]) == ([], None)


def test_cli_import_groups_many_rejections_in_three_examples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    file = tmp_path / "lieux.csv"
    file.write_bytes(standard_csv_with_bad_rows(8, [3, 4, 6, 8]))
    lines = CliRunner().invoke(app, ["import", str(file), "--dry-run"]).output.splitlines()
    assert lines[0].endswith(" : 4 lignes")
    assert [line.split(" : ")[0] for line in lines[1:4]] == ["  ligne 3", "  ligne 4", "  ligne 6"]
    assert lines[4] == "  … et 1 autre"
    assert lines[-1] == (
        "avec --skip-invalid (lignes rejetées laissées de côté) : 4 seraient créés, "
        "0 serait mis à jour, 0 inchangé"
    )


def test_cli_import_report_json_is_one_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    file = tmp_path / "lieux.csv"
    file.write_bytes(standard_csv_with_bad_rows(5, [4]))
    result = CliRunner().invoke(app, ["import", str(file), "--report", "json"])
    body = json.loads(result.stdout)
    assert (result.exit_code, body["rejected"], body["written"]) == (1, 1, False)
    assert body["error_groups"][0]["examples"][0]["line"] == 4
    assert body["with_skip_invalid"]["created"] == 4


def test_cli_import_unreadable_file_in_json_is_an_error_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    file = tmp_path / "lieux.csv"
    file.write_bytes(b"id,nom\n")
    result = CliRunner().invoke(app, ["import", str(file), "--report", "json"])
    body = json.loads(result.stdout)
    assert (result.exit_code, body["error"]) == (2, "invalid_file")
    assert "colonnes obligatoires absentes" in body["detail"]


def test_import_past_max_places_is_409_and_writes_nothing(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory(max_places=4)
    headers = bearer(make_key(client, "import"))
    assert post(client, standard_csv(3), headers).json()["created"] == 3
    response = post(client, standard_csv(6), headers)
    assert response.status_code == 409
    assert response.json() == {
        "error": "too_many_places",
        "detail": "import refusé, rien n'a été écrit : il ajouterait 3 lieux aux 3 déjà "
        "enregistrés, soit 6, au-delà de la limite de 4 (PANDA_MAX_PLACES)",
        "stored": 3,
        "new": 3,
        "max_places": 4,
    }
    assert client.get("/v1/access-points").json()["total"] == 3


def test_import_of_places_already_stored_passes_max_places(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory(max_places=3)
    headers = bearer(make_key(client, "import"))
    post(client, standard_csv(3), headers)
    assert post(client, standard_csv(3), headers).json()["unchanged"] == 3


def test_cli_import_past_max_places_exits_3_with_the_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    monkeypatch.setenv("PANDA_MAX_PLACES", "2")
    result = CliRunner().invoke(app, ["import", str(DIJON_CSV)])
    assert result.exit_code == 3
    assert "il ajouterait 3 lieux aux 0 déjà enregistrés" in result.stderr


# An invented place in Pointe-à-Pitre (INSEE 97120): a national phone number, weekday hours.
GUADELOUPE_ROW = {
    "id": "gp-1",
    "pivot": "00000000000000",
    "nom": "Espace numérique d'essai",
    "commune": "Pointe-à-Pitre",
    "code_postal": "97110",
    "code_insee": "97120",
    "adresse": "1 rue de l'Exemple",
    "latitude": "16.2411",
    "longitude": "-61.5331",
    "telephone": "0590 12 34 56",
    "horaires": "Mo-Fr 09:00-12:00",
    "source": "Ville d'essai",
    "date_maj": "2026-11-02",
}


def test_import_overseas_row_keeps_its_calling_code_and_local_hours(
    client: TestClient, importer: dict[str, str]
) -> None:
    text = ",".join(GUADELOUPE_ROW) + "\n" + ",".join(GUADELOUPE_ROW.values()) + "\n"
    assert post(client, text.encode(), importer).json()["created"] == 1
    (place,) = client.get("/v1/access-points").json()["items"]
    assert place["phone"] == "+590590123456"
    zone = time_zone_of(department_of(place["insee_code"]))
    # Wednesday 2 December 2026: 09:00 in Guadeloupe is 13:00 UTC, 14:00 in Paris.
    assert status_at(place["opening_hours"], utc(2026, 12, 2, 13), time_zone=zone).state == "open"
    assert status_at(place["opening_hours"], utc(2026, 12, 2, 8), time_zone=zone).state == (
        "closed"
    )
    # And the answers say so: the read model evaluates each place on its own clock.
    open_at = {"2026-12-02T13:00:00Z": 1, "2026-12-02T09:00:00+01:00": 0}
    for moment, count in open_at.items():
        items = client.get("/v1/access-points", params={"open_at": moment}).json()["items"]
        assert len(items) == count, moment


def utc(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


LICENSED_MAPPING = """
attribution = "Ville d'essai"
licence = "Licence Ouverte 2.0"
published_on = 2026-11-02
[defaults]
source = "ville-essai"
[columns]
source_id = "id"
name = "nom"
address = "adresse"
postcode = "cp"
commune = "ville"
latitude = "lat"
longitude = "lon"
"""


def test_import_mapping_licence_reaches_the_answers(client: TestClient, tmp_path: Path) -> None:
    mapping = tmp_path / "essai.toml"
    mapping.write_text(LICENSED_MAPPING, encoding="utf-8")
    data = "id,nom,adresse,cp,ville,lat,lon\nE1,Lieu d'essai,1 rue Exemple,21000,Dijon,47.32,5.04\n"
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    report = import_bytes(runtime.engine, data.encode(), ImportOptions(), mapping=mapping)
    runtime.read_model.refresh()
    body = client.get("/v1/access-points").json()
    assert (report.created, body["attribution"], body["licence"]) == (
        1,
        "Ville d'essai",
        "Licence Ouverte 2.0",
    )


def test_cli_import_format_json_asks_for_the_json_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    result = CliRunner().invoke(app, ["import", str(DIJON_CSV), "--format", "json", "--dry-run"])
    body = json.loads(result.stdout)
    assert (result.exit_code, body["format"], body["created"]) == (
        0,
        "lieux-mediation-numerique v1 csv",
        3,
    )
