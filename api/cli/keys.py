"""`panda keys`: create, list and revoke API keys."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Column, Table
from sqlmodel import Session, select

from api.auth.keys import create_key
from api.cli.database import upgrade_database
from api.cli.french import PandaTyper, refuse
from api.database import make_engine
from api.settings import Settings
from models.api_key import ApiKey, Scope

keys_app = PandaTyper(help="Les clés d'API des écritures et des imports.")
console = Console()
SCOPES = ", ".join(scope.value for scope in Scope)


def _session() -> Session:
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    return Session(engine)


def wanted_scopes(scopes: str) -> list[Scope]:
    """The scopes of a comma list, or a French refusal (exit 2) naming the unknown one."""
    names = [name.strip() for name in scopes.split(",") if name.strip()]
    if not names:
        refuse(f"--scopes : donnez au moins une portée parmi {SCOPES}")
    unknown = [name for name in names if name not in {scope.value for scope in Scope}]
    if unknown:
        refuse(f"--scopes : portée inconnue « {unknown[0]} » ; portées possibles : {SCOPES}")
    return [Scope(name) for name in names]


def whole(*headers: str) -> list[Column]:
    """Table columns that never wrap nor cut their cells."""
    return [Column(header, no_wrap=True) for header in headers]


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option(help="À qui la clé est remise.", show_default=False)],
    scopes: Annotated[
        str,
        typer.Option(help=f"Portées, séparées par des virgules : {SCOPES}.", show_default=False),
    ],
    days: Annotated[
        int | None,
        typer.Option(
            min=1, help="Expire après ce nombre de jours (par défaut : jamais).", show_default=False
        ),
    ] = None,
) -> None:
    """Crée une clé ; son secret est affiché une fois, et jamais enregistré."""
    wanted = wanted_scopes(scopes)
    expires = datetime.now(UTC) + timedelta(days=days) if days else None
    with _session() as session:
        key, secret = create_key(session, name, wanted, expires)
    console.print(f"clé {key.id} pour « {name} », portées : {', '.join(key.scopes)}")
    typer.echo(secret)


@keys_app.command("list")
def keys_list() -> None:
    """Liste les clés (jamais leurs secrets)."""
    # Only the name and the scopes wrap: an id, a prefix or a date cut short would mislead.
    dates = whole("créée", "expire", "révoquée")
    table = Table(*whole("id"), "nom", *whole("préfixe"), "portées", *dates)
    with _session() as session:
        for key in session.exec(select(ApiKey).order_by(ApiKey.id)):  # type: ignore[arg-type]
            table.add_row(
                str(key.id),
                key.name,
                key.prefix,
                ", ".join(key.scopes),
                f"{key.created_at:%Y-%m-%d}",
                f"{key.expires_at:%Y-%m-%d}" if key.expires_at else "",
                f"{key.revoked_at:%Y-%m-%d}" if key.revoked_at else "",
            )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[
        int,
        typer.Argument(
            metavar="ID", help="L'id de la clé (« panda keys list »).", show_default=False
        ),
    ],
) -> None:
    """Révoque une clé sur-le-champ ; elle reste dans la liste."""
    with _session() as session:
        key = session.get(ApiKey, key_id)
        if key is None:
            console.print(f"[red]aucune clé n'a l'id {key_id}[/red]")
            raise typer.Exit(code=1)
        key.revoked_at = datetime.now(UTC)
        session.add(key)
        session.commit()
    console.print(f"clé {key_id} révoquée")
