"""`panda keys`: create, list and revoke API keys."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session, select

from api.auth.keys import create_key
from api.cli.database import upgrade_database
from api.database import make_engine
from api.settings import Settings
from models.api_key import ApiKey, Scope

keys_app = typer.Typer(help="API keys for writes and imports.")
console = Console()


def _session() -> Session:
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    return Session(engine)


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option(help="Who the key is for.")],
    scopes: Annotated[str, typer.Option(help="Comma list of write, import, register, admin.")],
    days: Annotated[int | None, typer.Option(min=1, help="Expire after this many days.")] = None,
) -> None:
    """Create a key; its secret is printed once and never stored."""
    try:
        wanted = [Scope(s.strip()) for s in scopes.split(",") if s.strip()]
    except ValueError as exc:
        raise typer.BadParameter(f"{exc}; valid scopes: write, import, register, admin") from exc
    if not wanted:
        raise typer.BadParameter("give at least one scope: write, import, admin")
    expires = datetime.now(UTC) + timedelta(days=days) if days else None
    with _session() as session:
        key, secret = create_key(session, name, wanted, expires)
    console.print(f"key {key.id} for {name!r}, scopes {', '.join(key.scopes)}")
    typer.echo(secret)


@keys_app.command("list")
def keys_list() -> None:
    """List keys (never their secrets)."""
    table = Table("id", "name", "prefix", "scopes", "created", "expires", "revoked")
    with _session() as session:
        for key in session.exec(select(ApiKey).order_by(ApiKey.id)):  # type: ignore[arg-type]
            table.add_row(
                str(key.id),
                key.name,
                key.prefix,
                ",".join(key.scopes),
                f"{key.created_at:%Y-%m-%d}",
                f"{key.expires_at:%Y-%m-%d}" if key.expires_at else "",
                f"{key.revoked_at:%Y-%m-%d}" if key.revoked_at else "",
            )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[int, typer.Argument(help="Key id from `panda keys list`.")],
) -> None:
    """Revoke a key at once; it stays listed."""
    with _session() as session:
        key = session.get(ApiKey, key_id)
        if key is None:
            console.print(f"[red]no key with id {key_id}[/red]")
            raise typer.Exit(code=1)
        key.revoked_at = datetime.now(UTC)
        session.add(key)
        session.commit()
    console.print(f"key {key_id} revoked")
