"""`panda purge`: delete workshop registrations past their retention, keeping the counts."""

from typing import Annotated

import typer
from rich.console import Console

from api.cli.database import upgrade_database
from api.database import make_engine
from api.settings import Settings
from api.workshops.purge_task import purge_now

console = Console(stderr=True)


def purge_command(
    days: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=3650,
            help="Durée de conservation, en jours (par défaut : "
            "PANDA_REGISTRATION_RETENTION_DAYS, sinon 30).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Supprime les inscriptions des séances anciennes ; leurs comptes restent.

    Une séance est ancienne quand elle a fini depuis plus que la durée de conservation."""
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    try:
        report = purge_now(engine, days or settings.registration_retention_days)
    finally:
        engine.dispose()
    console.print(
        f"purge : {report.registrations} inscriptions supprimées, {report.sessions} séances "
        "(leurs comptes sont gardés)"
    )
