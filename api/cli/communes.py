"""`panda communes`: store every commune of France in the database."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlmodel import Session

from api.cli.database import upgrade_database
from api.cli.french import PandaTyper
from api.database import make_engine
from api.settings import Settings
from seed.communes import CommunesFileError, load_communes_file
from seed.upsert import UpsertReport

communes_app = PandaTyper(help="Les communes de France (INSEE, La Poste, DGCL).")
console = Console(stderr=True)


def load_or_exit(settings: Settings, path: str | Path | None = None) -> UpsertReport:
    """Load the communes file into the settings' database; exit 1, nothing written, if bad."""
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            return load_communes_file(session, path or settings.communes_file)
    except CommunesFileError as exc:
        console.print(f"fichier des communes refusé, rien n'a été écrit : {exc}", soft_wrap=True)
        raise typer.Exit(code=1) from exc
    finally:
        engine.dispose()


@communes_app.command("load")
def communes_load(
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Fichier des communes (par défaut : seed/data/communes-france.json.gz, livré "
            "avec PANDA finder, ou PANDA_COMMUNES_FILE).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Crée ou met à jour chaque commune par son code INSEE ; la relancer ne change rien."""
    settings = Settings()
    upgrade_database(settings)
    report = load_or_exit(settings, file)
    console.print(
        f"communes : {report.created} créées, {report.updated} mises à jour, "
        f"{report.unchanged} inchangées",
        soft_wrap=True,
        highlight=False,
    )
