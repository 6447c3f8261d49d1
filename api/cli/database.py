"""`panda db`: the database schema's revision, and its upgrade."""

import typer
from rich.console import Console
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from api.cli.french import PandaTyper
from api.database import make_engine
from api.migrations.upgrade import MigrationError, current_revision, head_revision, schema_state
from api.migrations.upgrade import upgrade_to_head as upgrade_engine
from api.settings import Settings

db_app = PandaTyper(help="Le schéma de la base de données : sa révision et sa mise à jour.")
console = Console(soft_wrap=True, highlight=False)
errors = Console(stderr=True, soft_wrap=True, highlight=False)

STATES = {
    "head": "à jour",
    "behind": "en retard : lancez « panda db upgrade »",
    "ahead": "plus récente que ce code : installez la version de PANDA finder qui l'a créée",
    "missing": "vide : « panda db upgrade » ou « panda serve » la crée",
}


UNREADABLE_URL = (
    "adresse de base de données illisible (PANDA_DATABASE_URL) : attendu "
    "sqlite:///chemin.db ou postgresql+psycopg://utilisateur@hôte/base"
)


def shown_url(url: str) -> str:
    """The database URL as it may be printed: its password hidden; never the raw text."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(illisible)"


def upgrade_database(settings: Settings) -> str:
    """Upgrade the configured database; print the French reason and exit 1 when refused
    or when the database cannot be reached (one line, not a traceback)."""
    try:
        engine = make_engine(settings.database_url)
    except ArgumentError as exc:
        errors.print(f"[red]démarrage refusé :[/red] {UNREADABLE_URL}")
        raise typer.Exit(code=1) from exc
    try:
        upgrade = upgrade_engine(engine, settings.migration_lock_timeout_s)
    except MigrationError as exc:
        errors.print(f"[red]mise à jour refusée :[/red] {exc}")
        raise typer.Exit(code=1) from exc
    except SQLAlchemyError as exc:
        errors.print(f"[red]base de données injoignable :[/red] {unreachable(exc)}")
        raise typer.Exit(code=1) from exc
    finally:
        engine.dispose()
    if upgrade.before == upgrade.after:
        return f"base de données à jour : révision {upgrade.after}"
    return f"base de données mise à jour : révision {upgrade.before or 'aucune'} → {upgrade.after}"


def engine_at_head(settings: Settings) -> Engine:
    """An engine on the configured database, for commands that only read it: when its schema
    is not this code's (or it cannot be reached), the French reason and exit 1, nothing
    written."""
    try:
        engine = make_engine(settings.database_url)
    except ArgumentError as exc:
        errors.print(f"[red]refusé :[/red] {UNREADABLE_URL}")
        raise typer.Exit(code=1) from exc
    try:
        state = schema_state(current_revision(engine))
    except SQLAlchemyError as exc:
        engine.dispose()
        errors.print(f"[red]base de données injoignable :[/red] {unreachable(exc)}")
        raise typer.Exit(code=1) from exc
    if state != "head":
        engine.dispose()
        errors.print(f"[red]base de données {STATES[state]}[/red]")
        raise typer.Exit(code=1)
    return engine


def unreachable(exc: SQLAlchemyError) -> str:
    """The driver's own reason on one line (SQLAlchemy's adds the SQL and a link)."""
    reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
    return reason[:300] or type(exc).__name__


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Met le schéma à la révision de ce code (une base 0.1.0 comprise)."""
    console.print(upgrade_database(Settings()))


@db_app.command("current")
def db_current() -> None:
    """Affiche la révision de la base ; code de sortie 1 si ce n'est pas celle du code."""
    engine = make_engine(Settings().database_url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    state = schema_state(revision)
    console.print(
        f"révision de la base de données : {revision or 'aucune'} "
        f"(révision du code : {head_revision()}) — {STATES[state]}"
    )
    if state != "head":
        raise typer.Exit(code=1)
