"""`panda reports`: the city team lists, reads, answers and closes error reports."""

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli.french import PandaTyper
from api.cli.keys import _session, whole
from api.http.errors import AppError
from api.reports import answers, decisions
from models.opening_hours import PARIS
from models.report import MAX_ANSWER_LENGTH, OUTCOME_FR, ReportOutcome

reports_app = PandaTyper(help="Erreurs signalées sur les lieux : les lire, y répondre, les clore.")
console = Console()
CLI_ACTOR = "cli"
ReportId = Annotated[
    int,
    typer.Argument(min=1, metavar="ID", help="L'id du signalement.", show_default=False),
]
OUTCOMES = ", ".join(f"{o.value} ({label})" for o, label in OUTCOME_FR.items())


def _fail(exc: AppError) -> typer.Exit:
    console.print(f"[red]{exc.detail}[/red]")
    return typer.Exit(code=1)


@reports_app.command("list")
def reports_list(
    status: Annotated[
        str,
        typer.Option(help="open (par défaut), closed ou all.", show_default=False),
    ] = "open",
    place: Annotated[
        int | None,
        typer.Option(min=1, metavar="LIEU", help="Ceux de ce lieu seulement.", show_default=False),
    ] = None,
) -> None:
    """Liste les signalements, les plus anciens d'abord (ouverts par défaut)."""
    if status not in ("open", "closed", "all"):
        console.print("[red]--status : open, closed ou all.[/red]")
        raise typer.Exit(code=2)
    table = Table(*whole("id", "lieu", "reçu le", "quoi", "état"), "texte")
    with _session() as session:
        for report in answers.listed(session, status, place):  # type: ignore[arg-type]
            shown = answers.for_city(report)
            table.add_row(
                str(shown.id),
                str(shown.access_point_id),
                f"{shown.created_at.astimezone(PARIS):%d/%m/%Y}",
                shown.kind_label,
                f"clos ({shown.outcome_label})" if shown.status == "closed" else "ouvert",
                (shown.text or "")[:80],
            )
    console.print(table)


@reports_app.command("show")
def reports_show(report_id: ReportId) -> None:
    """Affiche un signalement en entier, contact compris."""
    with _session() as session:
        try:
            shown = answers.for_city(answers.one(session, report_id))
        except AppError as exc:
            raise _fail(exc) from exc
    lines = [
        f"signalement {shown.id}, lieu {shown.access_point_id}",
        f"reçu le {shown.created_at.astimezone(PARIS):%d/%m/%Y à %H:%M}",
        f"quoi : {shown.kind_label}",
        f"texte : {shown.text or '(aucun)'}",
        f"contact : {shown.contact or '(aucun)'}",
        f"réponse : {shown.answer or '(aucune)'}",
        "état : " + (f"clos ({shown.outcome_label})" if shown.status == "closed" else "ouvert"),
    ]
    for line in lines:
        # Plain text: what the public typed is never read as markup by the console.
        typer.echo(line)


@reports_app.command("answer")
def reports_answer(
    report_id: ReportId,
    text: Annotated[str, typer.Argument(metavar="TEXTE", help="La réponse.", show_default=False)],
) -> None:
    """Enregistre une réponse (le signalement reste ouvert)."""
    _answer_or_exit(report_id, text)
    console.print(f"réponse enregistrée sur le signalement {report_id}")


def _answer_or_exit(report_id: int, text: str) -> None:
    cleaned = text.strip()
    if not cleaned or len(cleaned) > MAX_ANSWER_LENGTH:
        console.print(f"[red]La réponse doit faire de 1 à {MAX_ANSWER_LENGTH} caractères.[/red]")
        raise typer.Exit(code=2)
    with _session() as session:
        try:
            decisions.answer(session, report_id, cleaned, CLI_ACTOR)
        except AppError as exc:
            raise _fail(exc) from exc


@reports_app.command("close")
def reports_close(
    report_id: ReportId,
    outcome: Annotated[str, typer.Option(help=f"La décision : {OUTCOMES}.", show_default=False)],
    answer: Annotated[
        str | None, typer.Option(help="Une réponse (facultative).", show_default=False)
    ] = None,
) -> None:
    """Clôt un signalement ; place_closed marque aussi le lieu fermé."""
    if outcome not in {o.value for o in ReportOutcome}:
        console.print(f"[red]--outcome : {OUTCOMES}.[/red]")
        raise typer.Exit(code=2)
    text = answer.strip() if answer else None
    if text is not None and (not text or len(text) > MAX_ANSWER_LENGTH):
        console.print(f"[red]La réponse doit faire de 1 à {MAX_ANSWER_LENGTH} caractères.[/red]")
        raise typer.Exit(code=2)
    with _session() as session:
        try:
            decisions.close(session, report_id, ReportOutcome(outcome), CLI_ACTOR, None, text)
        except AppError as exc:
            raise _fail(exc) from exc
    console.print(f"signalement {report_id} clos ({OUTCOME_FR[ReportOutcome(outcome)]})")
