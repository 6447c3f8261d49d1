"""`panda transit import` and `show` (api/cli/transit.py) against a SQLite file: a feed
checked whole then stored at once; a refused one names file, line and field and changes
nothing; the previous feed still answers."""

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli.main import app
from api.settings import Settings
from tests.transit_feed import divia_feed


def said(text: str) -> str:
    return " ".join(text.split())


def test_show_before_any_import(database: str) -> None:
    result = CliRunner().invoke(app, ["transit", "show"])
    assert (result.exit_code, said(result.output)) == (
        0,
        "aucun flux de transport importé (panda transit import FLUX.zip)",
    )


def test_import_then_a_refused_feed_leaves_the_previous_one_answering(
    database: str, tmp_path: Path
) -> None:
    good = divia_feed(tmp_path / "divia.zip")
    result = CliRunner().invoke(app, ["transit", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert said(result.output).startswith(
        "flux « Divia Mobilités » importé : 9 arrêts, 3 lignes, 20 horaires lus ; service du "
        "01/01/2026 au 31/12/2030"
    )
    bad = divia_feed(
        tmp_path / "bad.zip",
        append={"stop_times.txt": "FANTOME,08:00:00,08:00:00,VALMY,1\n"},
        replace={"agency.txt": "agency_id,agency_name\nX,Autre réseau\n"},
    )
    result = CliRunner().invoke(app, ["transit", "import", str(bad)])
    assert result.exit_code == 1
    assert said(result.output) == (
        "flux GTFS refusé (1 problème(s)) : - stop_times.txt, ligne 22, champ trip_id : "
        "voyage « FANTOME » inconnu de trips.txt rien n'a été modifié : le flux précédent "
        "reste en service"
    )
    shown = said(CliRunner().invoke(app, ["transit", "show"]).output)
    assert shown.startswith("flux « Divia Mobilités » : service du 01/01/2026 au 31/12/2030, 9")
    # The server, started on that database with the seed, answers from the first feed.
    settings = Settings(database_url=database, load_communes=False)
    with TestClient(create_app(settings)) as client:
        answer = client.get(
            "/v1/access-points/nearest", params={"lat": 47.364205, "lon": 5.049559, "limit": 1}
        ).json()
    place = answer["items"][0]
    assert place["name"] == "Onlineformapro Dijon"
    assert place["transit"]["feed"]["name"] == "Divia Mobilités"
    assert place["transit"]["stops"][0]["label"] == "Tram T2, arrêt Giroud : 3 min à pied"


def test_a_missing_file_is_refused_by_the_command_line(database: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["transit", "import", str(tmp_path / "absent.zip")])
    assert result.exit_code == 2
