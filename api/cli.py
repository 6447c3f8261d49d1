"""The `panda` command: serve the API and manage its data."""

from typing import Annotated

import typer
from rich.console import Console
from sqlmodel import Session

from api.cli_db import db_app, upgrade_database
from api.cli_geo import addresses_app, geocoder_app
from api.cli_import import export_command, import_command
from api.cli_keys import keys_app
from api.cli_purge import purge_command
from api.cli_stewards import stewards_app
from api.database import make_engine
from api.settings import Settings
from seed.loader import SeedError, load_seed

app = typer.Typer(help="PANDA finder: public digital access points of Dijon Métropole.")
seed_app = typer.Typer(help="The bundled Dijon seed.")
app.add_typer(seed_app, name="seed")
app.add_typer(keys_app, name="keys")
app.add_typer(stewards_app, name="stewards")
app.add_typer(addresses_app, name="addresses")
app.add_typer(geocoder_app, name="geocoder")
app.add_typer(db_app, name="db")
app.command("import")(import_command)
app.command("export")(export_command)
app.command("purge")(purge_command)
console = Console(stderr=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Worker processes.")] = 1,
) -> None:
    """Upgrade the database's schema, load the seed when it is empty, and serve."""
    import uvicorn

    settings = Settings()
    console.print(f"database: {settings.database_url}")
    # Here rather than only in the workers' start-up: a refusal is one clear line, exit 1.
    console.print(upgrade_database(settings), soft_wrap=True, highlight=False)
    uvicorn.run(
        "api.app:app",
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level="info",
    )


@seed_app.command("load")
def seed_load() -> None:
    """Load (or update) the bundled Dijon seed; running it twice changes nothing."""
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            report = load_seed(session)
    except SeedError as exc:
        console.print(f"[red]seed rejected, nothing written:[/red] {exc}")
        raise typer.Exit(code=1) from exc
    finally:
        engine.dispose()
    places = report.access_points
    console.print(
        f"places: {places.created} created, {places.updated} updated, "
        f"{places.unchanged} unchanged; communes: {report.communes.created} created"
    )


def main() -> None:
    """Entry point of the console script."""
    app()


if __name__ == "__main__":
    main()
