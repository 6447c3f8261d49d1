"""`panda subscriptions`: the webhooks that receive events (add, list, remove)."""

from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from api.cli.database import upgrade_database
from api.cli.french import PandaTyper, refuse
from api.clock import utc_now
from api.database import make_engine
from api.http.errors import NotFound
from api.outbox import subscriptions
from api.outbox.subscriptions import SubscriptionCreate
from api.settings import Settings
from models.outbox import Event
from seed.validation_text import explain

subscriptions_app = PandaTyper(help="Les abonnements webhook : qui reçoit quels événements.")
console = Console()
EVENTS = ", ".join(event.value for event in Event)


def _session() -> Session:
    settings = Settings()
    upgrade_database(settings)
    return Session(make_engine(settings.database_url))


@subscriptions_app.command("add")
def subscriptions_add(
    url: Annotated[str, typer.Argument(help="L'adresse http(s) qui recevra les POST.")],
    event: Annotated[list[str], typer.Option("--event", help=f"Événement (répétable) : {EVENTS}.")],
    description: Annotated[
        str | None, typer.Option(help="À quoi sert l'abonnement.", show_default=False)
    ] = None,
) -> None:
    """Abonne une adresse à des événements ; son secret de signature est affiché une fois."""
    unknown = [name for name in event if name not in {e.value for e in Event}]
    if unknown:
        refuse(f"--event : « {unknown[0]} » inconnu ; possibles : {EVENTS}")
    try:
        body = SubscriptionCreate(
            url=url, events=[Event(name) for name in event], description=description
        )
        with _session() as session:
            stored, secret = subscriptions.create(session, body, "cli")
    except ValidationError as exc:
        refuse(_first_problem(exc))
    console.print(
        f"abonnement {stored.id} : {stored.url} reçoit {', '.join(stored.events)} ; "
        "secret (affiché une seule fois) :",
        highlight=False,
        soft_wrap=True,
    )
    typer.echo(secret)


def _first_problem(exc: Exception) -> str:
    """The first problem, in French (as the API says it)."""
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        return f"{where} : {explain(dict(error))[0]}"
    return str(exc)


@subscriptions_app.command("list")
def subscriptions_list() -> None:
    """Liste les abonnements actifs (jamais leurs secrets)."""
    table = Table("id", "adresse", "événements", "description", "créé")
    with _session() as session:
        for item in subscriptions.listed(session):
            table.add_row(
                str(item.id),
                item.url,
                ", ".join(item.events),
                item.description or "",
                f"{item.created_at:%Y-%m-%d %H:%M}",
            )
    console.print(table)


@subscriptions_app.command("remove")
def subscriptions_remove(
    subscription_id: Annotated[int, typer.Argument(min=1, help="L'id de l'abonnement.")],
) -> None:
    """Arrête un abonnement ; ses envois en attente sont mis de côté."""
    try:
        with _session() as session:
            subscriptions.remove(session, subscription_id, utc_now())
    except NotFound as exc:
        refuse(exc.detail)
    console.print(f"abonnement {subscription_id} arrêté", highlight=False)
