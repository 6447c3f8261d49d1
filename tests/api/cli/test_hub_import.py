"""`panda import data-inclusion` against a fake data·inclusion v1 API on 127.0.0.1: the French
report, the refusals before any work, and an interruption that writes nothing."""

import json
from collections.abc import Iterator

import pytest
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from api.cli.main import app
from api.data_inclusion import hub_client
from api.database import make_engine
from models.access_point import AccessPoint
from tests.api.data_inclusion.fake_hub import TOKEN, FakeHub, serving


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """The fake hub, named by the settings; the client's pauses between tries made short."""
    monkeypatch.setattr(hub_client, "BACKOFF_S", (0.01, 0.02, 0.04, 0.08))
    with serving(FakeHub()) as served:
        monkeypatch.setenv("PANDA_DATA_INCLUSION_URL", served.url)
        monkeypatch.setenv("PANDA_DATA_INCLUSION_TOKEN", TOKEN)
        yield served


def count(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        total = session.exec(select(func.count()).select_from(AccessPoint)).one()
    engine.dispose()
    return total


def test_a_place_the_geocoder_cannot_find_refuses_the_pull_as_a_file_would(
    database: str, hub: FakeHub
) -> None:
    # Quetigny's structure has no coordinates, and the offline geocoder of an empty database
    # does not know its street.
    result = CliRunner().invoke(app, ["import", "data-inclusion", "--departement", "21"])
    assert result.exit_code == 1
    assert result.stderr == "data·inclusion : département 21, lecture de toutes les pages…\n"
    assert result.stdout.splitlines() == [
        "adresse [dora--pij-quetigny] : pas de coordonnées, et l'adresse est introuvable : "
        "corrigez-la (exemple : 14 rue Camille Claudel) ou donnez latitude et longitude : 1 ligne",
        "  ligne 3 : « 3 rue de l'Espace 21800 Quetigny »",
        "4 lignes (data·inclusion v1) : 0 créé, 0 mis à jour, 0 inchangé, 0 fermé, 1 rejeté",
        "rien n'a été écrit",
        "avec --skip-invalid (lignes rejetées laissées de côté) : 3 seraient créés, "
        "0 serait mis à jour, 0 inchangé",
    ]
    assert count(database) == 0


def test_skip_invalid_imports_the_others(database: str, hub: FakeHub) -> None:
    args = ["import", "data-inclusion", "--departement", "21", "--skip-invalid"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (
        "4 lignes (data·inclusion v1) : 3 créés, 0 mis à jour, 0 inchangé, 0 fermé, 1 rejeté"
        in (result.stdout.splitlines())
    )
    assert count(database) == 3


def test_an_epci_is_imported_as_json_for_scripts(database: str, hub: FakeHub) -> None:
    args = ["import", "data-inclusion", "--epci", "242100410", "--report", "json"]
    result = CliRunner().invoke(app, [*args, "--skip-invalid"])
    body = json.loads(result.stdout)
    assert (result.exit_code, body["rows"], body["created"], body["rejected"]) == (0, 3, 2, 1)
    assert body["written"] is True


def test_a_500_past_the_retries_writes_nothing_and_says_so(database: str, hub: FakeHub) -> None:
    hub.faults[("services", 1)] = [(500, {}, b"")] * hub_client.ATTEMPTS
    result = CliRunner().invoke(app, ["import", "data-inclusion", "--departement", "21"])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == (
        "import interrompu : services, page 1 : le hub a répondu 500, 5 essais sans succès ; "
        "rien n'a été écrit, la base est comme avant"
    )
    assert count(database) == 0


def test_without_a_hub_url_the_import_is_refused_in_french(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PANDA_DATA_INCLUSION_URL", raising=False)
    result = CliRunner().invoke(app, ["import", "data-inclusion", "--departement", "21"])
    assert (result.exit_code, result.stderr) == (
        2,
        "refusé : PANDA_DATA_INCLUSION_URL n'est pas défini : donnez l'adresse de l'API "
        "data·inclusion v1 (terminée par /api/v1) et son jeton PANDA_DATA_INCLUSION_TOKEN\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "donnez --departement ou --epci (l'un des deux)"),
        (
            ["--departement", "21", "--epci", "242100410"],
            "donnez --departement ou --epci (l'un des deux)",
        ),
        (
            ["--departement", "Côte-d'Or"],
            "--departement est un code de département (21, 2A, 974), pas « Côte-d'Or »",
        ),
        (["--epci", "2421"], "--epci est un SIREN de 9 chiffres, pas « 2421 »"),
    ],
)
def test_bad_territories_are_refused_before_any_work(
    database: str, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["import", "data-inclusion", *args])
    assert (result.exit_code, result.stderr) == (2, f"refusé : {message}\n")


def test_an_unknown_epci_is_refused(database: str, hub: FakeHub) -> None:
    result = CliRunner().invoke(app, ["import", "data-inclusion", "--epci", "000000000"])
    assert (result.exit_code, result.stderr) == (
        2,
        "aucune commune connue n'appartient à l'EPCI 000000000\n",
    )
    assert hub.requests == []
