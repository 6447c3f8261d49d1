"""The `panda` command: serve the API and manage its data."""

import os
from typing import Annotated

import typer
from rich.console import Console
from sqlmodel import Session

from api.cli.communes import communes_app, load_or_exit
from api.cli.database import db_app, shown_url, upgrade_database
from api.cli.duplicates import duplicates_app
from api.cli.french import PandaTyper
from api.cli.geo import addresses_app, geocoder_app
from api.cli.hub_import import ImportCommand
from api.cli.imports import export_command, import_command
from api.cli.keys import keys_app
from api.cli.outbox import outbox_app
from api.cli.purge import purge_command
from api.cli.reports import reports_app
from api.cli.review import review_app
from api.cli.stewards import stewards_app
from api.cli.subscriptions import subscriptions_app
from api.cli.transit import transit_app
from api.database import make_engine
from api.settings import Settings
from seed.loader import SeedError, is_empty, load_seed

app = PandaTyper(help="PANDA finder : les lieux d'accès au numérique de Dijon Métropole.")
seed_app = PandaTyper(help="Les lieux de Dijon livrés avec PANDA finder (la seed).")
app.add_typer(seed_app, name="seed")
app.add_typer(keys_app, name="keys")
app.add_typer(stewards_app, name="stewards")
app.add_typer(reports_app, name="reports")
app.add_typer(review_app, name="review")
app.add_typer(addresses_app, name="addresses")
app.add_typer(geocoder_app, name="geocoder")
app.add_typer(db_app, name="db")
app.add_typer(communes_app, name="communes")
app.add_typer(transit_app, name="transit")
app.add_typer(outbox_app, name="outbox")
app.add_typer(subscriptions_app, name="subscriptions")
app.command("import", cls=ImportCommand)(import_command)
app.add_typer(duplicates_app, name="duplicates")
app.command("export")(export_command)
app.command("purge")(purge_command)
console = Console(stderr=True)

Host = Annotated[
    str | None,
    typer.Option(
        help="Adresse d'écoute (par défaut : PANDA_HOST, sinon 127.0.0.1).", show_default=False
    ),
]
Port = Annotated[
    int | None,
    typer.Option(help="Port d'écoute (par défaut : PANDA_PORT, sinon 8000).", show_default=False),
]
Workers = Annotated[
    int,
    typer.Option(
        min=1,
        max=32,
        help="Processus de service, chacun avec son modèle de lecture (par défaut : 1).",
        show_default=False,
    ),
]
AccessLog = Annotated[
    bool | None,
    typer.Option(
        "--access-log/--no-access-log",
        help="Une ligne JSON par requête sur la sortie standard (par défaut : oui, "
        "PANDA_ACCESS_LOG).",
        show_default=False,
    ),
]
ProxyHeaders = Annotated[
    bool,
    typer.Option(
        "--proxy-headers/--no-proxy-headers",
        help="Prend l'adresse du client dans X-Forwarded-For quand la connexion vient de "
        "--forwarded-allow-ips, pour que les limites de débit comptent les clients derrière "
        "un proxy (par défaut : oui).",
        show_default=False,
    ),
]
ForwardedAllowIps = Annotated[
    str | None,
    typer.Option(
        help="Adresses ou réseaux des proxys de confiance, séparés par des virgules, ou * "
        "(par défaut : FORWARDED_ALLOW_IPS d'uvicorn, sinon 127.0.0.1).",
        show_default=False,
    ),
]


@app.command()
def serve(
    host: Host = None,
    port: Port = None,
    workers: Workers = 1,
    access_log: AccessLog = None,
    proxy_headers: ProxyHeaders = True,
    forwarded_allow_ips: ForwardedAllowIps = None,
) -> None:
    """Met le schéma de la base à jour, charge la seed si la base est vide, puis sert l'API."""
    if access_log is not None:
        # The workers build their own Settings from the environment (uvicorn imports
        # `api.app:app` in each): the option reaches them there.
        os.environ["PANDA_ACCESS_LOG"] = "true" if access_log else "false"
    settings = Settings()
    prepare_database(settings)
    run_server(settings, host, port, workers, proxy_headers, forwarded_allow_ips)


def prepare_database(settings: Settings) -> None:
    """Before any worker starts: upgrade the schema, load the seed and the communes if asked.

    Here rather than only in the workers' start-up: a refusal is one clear line, exit 1; and N
    workers starting on an empty database would each try to load the seed."""
    shown = shown_url(settings.database_url)
    console.print(f"base de données : {shown}", soft_wrap=True, highlight=False)
    console.print(upgrade_database(settings), soft_wrap=True, highlight=False)
    if settings.load_seed_when_empty:
        load_seed_if_empty(settings)
    if settings.load_communes:
        # Once, here: a bad communes file is one clear line and exit 1, and the workers
        # (told through the environment, as above) neither read the file again nor race.
        load_or_exit(settings)
        os.environ["PANDA_LOAD_COMMUNES"] = "false"


def run_server(
    settings: Settings,
    host: str | None,
    port: int | None,
    workers: int,
    proxy_headers: bool,
    forwarded_allow_ips: str | None,
) -> None:
    """uvicorn on `api.app:app`, with these options over the settings' host and port."""
    import uvicorn

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
    """Charge (ou met à jour) la seed de Dijon ; la relancer ne change rien."""
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            report = load_seed(session)
    except SeedError as exc:
        console.print(f"[red]seed refusée, rien n'a été écrit :[/red] {exc}", soft_wrap=True)
        raise typer.Exit(code=1) from exc
    finally:
        engine.dispose()
    places = report.access_points
    console.print(
        f"lieux : {places.created} créés, {places.updated} mis à jour, "
        f"{places.unchanged} inchangés ; communes : {report.communes.created} créées",
        soft_wrap=True,
        highlight=False,
    )


def main() -> None:
    """Entry point of the console script."""
    app()


if __name__ == "__main__":
    main()
