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
            min=1, max=3650, help="Retention in days (PANDA_REGISTRATION_RETENTION_DAYS)."
        ),
    ] = None,
) -> None:
    """Delete registrations of sessions that ended more than the retention ago; counts stay."""
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    try:
        report = purge_now(engine, days or settings.registration_retention_days)
    finally:
        engine.dispose()
    console.print(
        f"purge: {report.registrations} inscriptions supprimées, {report.sessions} séances "
        "(leurs comptes sont gardés)"
    )
