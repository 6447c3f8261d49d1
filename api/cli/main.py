"""The `panda` command: serve the API and manage its data."""

import os
from typing import Annotated

import typer
from rich.console import Console
from sqlmodel import Session

from api.cli.communes import communes_app, load_or_exit
from api.cli.database import db_app, shown_url, upgrade_database
from api.cli.geo import addresses_app, geocoder_app
from api.cli.imports import export_command, import_command
from api.cli.keys import keys_app
from api.cli.purge import purge_command
from api.cli.stewards import stewards_app
from api.database import make_engine
from api.settings import Settings
from seed.loader import SeedError, is_empty, load_seed

app = typer.Typer(help="PANDA finder: public digital access points of Dijon Métropole.")
seed_app = typer.Typer(help="The bundled Dijon seed.")
app.add_typer(seed_app, name="seed")
app.add_typer(keys_app, name="keys")
app.add_typer(stewards_app, name="stewards")
app.add_typer(addresses_app, name="addresses")
app.add_typer(geocoder_app, name="geocoder")
app.add_typer(db_app, name="db")
app.add_typer(communes_app, name="communes")
app.command("import")(import_command)
app.command("export")(export_command)
app.command("purge")(purge_command)
console = Console(stderr=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=32, help="Worker processes, each with its read model.")
    ] = 1,
    access_log: Annotated[
        bool | None,
        typer.Option(
            "--access-log/--no-access-log",
            help="One JSON line per request on stdout (default: on, PANDA_ACCESS_LOG).",
            show_default=False,
        ),
    ] = None,
    proxy_headers: Annotated[
        bool,
        typer.Option(
            "--proxy-headers/--no-proxy-headers",
            help="Take the client's address from X-Forwarded-For when the connection comes "
            "from --forwarded-allow-ips, so that rate limits count the clients behind a proxy.",
        ),
    ] = True,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated addresses or networks of the proxies to trust, or * "
            "(default: uvicorn's FORWARDED_ALLOW_IPS, else 127.0.0.1).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Upgrade the database's schema, load the seed when it is empty, and serve."""
    import uvicorn

    if access_log is not None:
        # The workers build their own Settings from the environment (uvicorn imports
        # `api.app:app` in each): the option reaches them there.
        os.environ["PANDA_ACCESS_LOG"] = "true" if access_log else "false"
    settings = Settings()
    shown = shown_url(settings.database_url)
    console.print(f"base de données : {shown}", soft_wrap=True, highlight=False)
    # Here rather than only in the workers' start-up: a refusal is one clear line, exit 1;
    # and N workers starting on an empty database would each try to load the seed.
    console.print(upgrade_database(settings), soft_wrap=True, highlight=False)
    if settings.load_seed_when_empty:
        load_seed_if_empty(settings)
    if settings.load_communes:
        # Once, here: a bad communes file is one clear line and exit 1, and the workers
        # (told through the environment, as above) neither read the file again nor race.
        load_or_exit(settings)
        os.environ["PANDA_LOAD_COMMUNES"] = "false"
    uvicorn.run(
        "api.app:app",
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level="info",
        # Replaced by api.ops.access_log (JSON, about 80 µs cheaper per request), or off.
        access_log=False,
        # uvicorn's own defaults (on, trusting FORWARDED_ALLOW_IPS or else 127.0.0.1) unless
        # told; every worker gets them, with the rest of the configuration.
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
    )


def load_seed_if_empty(settings: Settings) -> None:
    """Load the bundled seed into a database holding no place, and say so."""
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            if not is_empty(session):
                return
            report = load_seed(session)
    except SeedError as exc:
        console.print(f"[red]seed refusée, rien n'a été écrit :[/red] {exc}", soft_wrap=True)
        raise typer.Exit(code=1) from exc
    finally:
        engine.dispose()
    console.print(f"seed chargée : {report.access_points.created} lieux", highlight=False)


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
