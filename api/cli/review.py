"""`panda review`: places due for a check, the reminder pass (for a cron), a place's period."""

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from api import clock
from api.cli.french import PandaTyper
from api.cli.keys import _session, whole
from api.http.errors import NotFound
from api.reviews.due import due_places
from api.reviews.periods import set_period
from api.reviews.remind import run_review
from api.settings import Settings
from models.review import PERIODS, period_label

review_app = PandaTyper(help="Vérification des lieux : échéances, rappels aux intendants.")
console = Console()
CLI_ACTOR = "cli"


def _day(value: object) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


@review_app.command("due")
def review_due(
    without_steward: Annotated[
        bool,
        typer.Option(
            "--without-steward",
            help="Seulement les lieux qu'aucun rappel n'atteint (pas d'intendant avec e-mail).",
        ),
    ] = False,
) -> None:
    """Liste les lieux à vérifier, les plus anciennes échéances d'abord."""
    table = Table(*whole("id"), "nom", *whole("infos du", "échéance", "en retard", "intendants"))
    with _session() as session:
        for due in due_places(session, clock.today_paris(), datetime.now(UTC)):
            if without_steward and due.reachable:
                continue
            place = due.place
            table.add_row(
                str(place.id),
                place.name,
                _day(place.facts_date),
                _day(place.review_due_on),
                "oui" if due.overdue else "non",
                f"{len(due.reachable)}/{len(due.stewards)}",
            )
    console.print(table)
    console.print("intendants : avec e-mail / actifs")


@review_app.command("remind")
def review_remind() -> None:
    """Envoie (par la boîte d'envoi) les rappels dus et signale les lieux en retard ; une
    deuxième passe le même jour n'envoie rien."""
    with _session() as session:  # the schema brought to head first
        engine = session.get_bind()
        assert isinstance(engine, Engine)
        report = run_review(engine, Settings())
    console.print(
        f"{report.due} lieux à vérifier, {report.reminded} rappels mis en file, "
        f"{len(report.overdue_told)} lieux en retard signalés, "
        f"{len(report.without_steward)} sans intendant joignable"
    )


@review_app.command("period")
def review_period(
    place_id: Annotated[
        int, typer.Argument(min=1, metavar="LIEU", help="L'id du lieu.", show_default=False)
    ],
    months: Annotated[
        str,
        typer.Argument(metavar="MOIS", help="1, 3, 6, 12 ou never.", show_default=False),
    ],
) -> None:
    """Fixe tous les combien de mois un lieu est à vérifier (never : jamais)."""
    allowed = {str(p): p for p in PERIODS} | {"never": None}
    if months not in allowed:
        console.print("[red]MOIS : 1, 3, 6, 12 ou never.[/red]")
        raise typer.Exit(code=2)
    with _session() as session:
        try:
            set_period(session, place_id, allowed[months], CLI_ACTOR, None)
        except NotFound as exc:
            console.print(f"[red]{exc.detail}[/red]")
            raise typer.Exit(code=1) from exc
    console.print(f"lieu {place_id} : à vérifier {period_label(allowed[months])}")
