"""`panda transit`: import a GTFS feed (checked whole, replaced at once) and show the one in use."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlmodel import Session

from api.cli.database import upgrade_database
from api.cli.french import PandaTyper
from api.database import make_engine
from api.settings import Settings
from api.transit.gtfs import FeedRefused
from api.transit.reader import read_feed
from api.transit.store import replace_feed, stored_feed

transit_app = PandaTyper(help="Les arrêts et lignes de transport en commun (flux GTFS).")
console = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


@transit_app.command("import")
def transit_import(
    feed: Annotated[
        Path,
        typer.Argument(help="Le flux GTFS (archive .zip).", exists=True, dir_okay=False),
    ],
) -> None:
    """Vérifie le flux entier, puis remplace d'un coup le précédent ; refusé, rien ne change."""
    settings = Settings()
    upgrade_database(settings)
    try:
        read = read_feed(feed)
    except FeedRefused as exc:
        console.print(exc.report())
        console.print("rien n'a été modifié : le flux précédent reste en service")
        raise typer.Exit(code=1) from exc
    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_s)
    try:
        with Session(engine) as session:
            version = replace_feed(session, read)
    finally:
        engine.dispose()
    out.print(
        f"flux « {read.name} » importé : {len(read.stops)} arrêts, {len(read.lines)} lignes, "
        f"{read.stop_times} horaires lus ; service du {read.start_date:%d/%m/%Y} au "
        f"{read.end_date:%d/%m/%Y} (version des données {version})"
    )


@transit_app.command("show")
def transit_show() -> None:
    """Le flux en service : nom, dates de service, arrêts et lignes."""
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_s)
    try:
        with Session(engine) as session:
            feed = stored_feed(session)
    finally:
        engine.dispose()
    if feed is None:
        out.print("aucun flux de transport importé (panda transit import FLUX.zip)")
        return
    out.print(
        f"flux « {feed.name} » : service du {feed.start_date:%d/%m/%Y} au "
        f"{feed.end_date:%d/%m/%Y}, {feed.stops} arrêts, {feed.lines} lignes, "
        f"{feed.stop_times} horaires lus, importé le {feed.imported_at:%d/%m/%Y à %H:%M} (UTC), "
        f"SHA-256 {feed.sha256}"
    )
