"""`panda outbox`: send what is due (one pass, for a cron), list, put a parked notice back."""

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Column, Table
from sqlmodel import Session

from api.cli.database import upgrade_database
from api.cli.french import PandaTyper, refuse
from api.clock import utc_now
from api.database import make_engine
from api.outbox import overview
from api.outbox.sender import send_pass
from api.settings import Settings
from models.outbox import DeliveryState

outbox_app = PandaTyper(help="Les avis à envoyer (e-mails, webhooks, SMS) : la boîte d'envoi.")
console = Console()
STATES = {"en-attente": DeliveryState.PENDING, "envoyés": DeliveryState.SENT}
STATES |= {"mis-de-côté": DeliveryState.DEAD}
STATE_FR = {"pending": "en attente", "sent": "envoyé", "dead": "mis de côté"}
STATE_FR |= {"held": "sans abonné"}


@outbox_app.command("send")
def outbox_send() -> None:
    """Envoie une fois tout ce qui est dû, puis s'arrête (pour un cron)."""
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_s)
    try:
        report = asyncio.run(send_pass(engine, settings))
    finally:
        engine.dispose()
    email = "" if settings.smtp_host else " (e-mails gardés : PANDA_SMTP_HOST n'est pas réglé)"
    console.print(
        f"envoi : {report.sent} envoyés, {report.retried} à réessayer, "
        f"{report.dead} mis de côté{email}",
        highlight=False,
    )


@outbox_app.command("list")
def outbox_list(
    state: Annotated[
        str | None,
        typer.Option(
            help="en-attente, envoyés ou mis-de-côté (par défaut : tous).", show_default=False
        ),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            min=1, max=10_000, show_default=False, help="Lignes au plus (par défaut : 50)."
        ),
    ] = 50,
) -> None:
    """Liste les avis, les plus récents d'abord ; adresses et numéros masqués."""
    if state is not None and state not in STATES:
        refuse(f"--state : « {state} » inconnu ; possibles : {', '.join(STATES)}")
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        counts = overview.counts(session)
        lines = overview.recent(session, STATES[state] if state else None, limit)
    engine.dispose()
    # Wrapped, never cut: a masked recipient cut short could be taken for another.
    headers = ("id", "état", "canal", "type", "destinataire", "essais", "créé", "erreur")
    table = Table(*(Column(header, overflow="fold") for header in headers))
    for line in lines:
        table.add_row(
            str(line.id),
            STATE_FR.get(line.state, line.state),
            line.channel,
            line.kind,
            line.recipient,
            str(line.attempts),
            f"{line.created_at:%Y-%m-%d %H:%M}",
            line.last_error or "",
        )
    console.print(table)
    summary = ", ".join(f"{STATE_FR[name]} : {count}" for name, count in counts.items())
    console.print(summary, highlight=False)


@outbox_app.command("retry")
def outbox_retry(row_id: Annotated[int, typer.Argument(min=1, help="L'id de l'avis.")]) -> None:
    """Remet en file un avis mis de côté (ses essais repartent de zéro)."""
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        done = overview.retry(session, row_id, utc_now())
    engine.dispose()
    if not done:
        refuse(f"l'avis {row_id} n'est pas mis de côté, ou son contenu a été effacé")
    console.print(f"avis {row_id} remis en file", highlight=False)
