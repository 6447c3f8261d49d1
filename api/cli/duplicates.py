"""`panda duplicates`: list the pairs of records that may be one place, decide, report."""

import csv
import getpass
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli.french import PandaTyper
from api.cli.keys import _session, whole
from api.duplicates import answers
from api.duplicates.decisions import SameRecord, UnknownPlace, decide
from api.duplicates.records import DuplicateRecord
from api.duplicates.report import build_report
from api.duplicates.state import Pair, Status, load_state
from models.duplicate import DECISION_FR, Decision

duplicates_app = PandaTyper(
    help="Doublons : les fiches de plusieurs sources qui décrivent un lieu."
)
console = Console()
STATUS_FR = {"grouped": "regroupé", "to_review": "à revoir", "distinct": "distinct"}
CSV_COLUMNS = (
    "score", "statut", "décision", "raisons", "distance_m",
    "a_id", "a_source", "a_source_id", "a_nom", "a_adresse", "a_commune", "a_telephone",
    "b_id", "b_source", "b_source_id", "b_nom", "b_adresse", "b_commune", "b_telephone",
)  # fmt: skip
Place = Annotated[int, typer.Argument(min=1, metavar="LIEU", help="L'id d'un lieu.")]


def _actor() -> str:
    """`cli:<user>` for the audit trail."""
    try:
        return f"cli:{getpass.getuser()}"[:100]
    except (KeyError, OSError):
        return "cli"


@duplicates_app.command("list")
def duplicates_list(
    as_csv: Annotated[
        bool, typer.Option("--csv", help="En CSV (pour un tableur), sur la sortie standard.")
    ] = False,
    commune: Annotated[
        str | None, typer.Option(help="Les paires de cette commune seulement.", show_default=False)
    ] = None,
    band: Annotated[
        str | None,
        typer.Option(
            help="grouped (regroupées), to_review (à revoir) ou distinct (séparées).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Liste les paires (score, raisons et les deux fiches côte à côte), meilleur score d'abord."""
    if band is not None and band not in STATUS_FR:
        console.print("[red]--band : grouped, to_review ou distinct[/red]")
        raise typer.Exit(code=2)
    with _session() as session:
        status: Status | None = band  # type: ignore[assignment]  # checked just above
        pairs = answers.filtered(load_state(session).pairs(), commune, status)
    if as_csv:
        _write_csv(pairs)
        return
    table = Table(*whole("score", "statut"), "raisons", "fiche A", "fiche B")
    for pair in pairs:
        table.add_row(
            str(pair.result.score),
            _status(pair),
            "\n".join(pair.result.reasons),
            _side(pair.a),
            _side(pair.b),
        )
    console.print(table)
    console.print(f"{len(pairs)} paire(s)")


def _status(pair: Pair) -> str:
    decided = f" ({DECISION_FR[pair.decision]})" if pair.decision else ""
    return STATUS_FR[pair.status] + decided


def _side(record: DuplicateRecord) -> str:
    phone = f"\n{record.phone}" if record.phone else ""
    return (
        f"{record.id} · {record.source}/{record.source_id}\n{record.name}\n"
        f"{record.address}, {record.commune}{phone}"
    )


def _write_csv(pairs: list[Pair]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(CSV_COLUMNS)
    for pair in pairs:
        row = [pair.result.score, STATUS_FR[pair.status]]
        row += [
            DECISION_FR[pair.decision] if pair.decision else "",
            " ; ".join(pair.result.reasons),
        ]
        row += [round(pair.result.distance_m)]
        for record in (pair.a, pair.b):
            row += [record.id, record.source, record.source_id, record.name]
            row += [record.address, record.commune, record.phone or ""]
        writer.writerow(row)


def _decide(a: int, b: int, decision: Decision) -> None:
    with _session() as session:
        try:
            decided = decide(session, a, b, decision, _actor())
        except (SameRecord, UnknownPlace) as exc:
            console.print(f"[red]{exc.detail}[/red]")
            raise typer.Exit(code=1) from exc
    console.print(
        f"lieux {decided.a_id} et {decided.b_id} : {DECISION_FR[decision]} "
        f"(décidé par {decided.decided_by})"
    )


@duplicates_app.command("confirm")
def duplicates_confirm(a: Place, b: Place) -> None:
    """Dit que deux lieux sont le même lieu : une seule carte ; l'emporte sur les scores."""
    _decide(a, b, Decision.CONFIRM)


@duplicates_app.command("split")
def duplicates_split(a: Place, b: Place) -> None:
    """Dit que deux lieux ne sont pas le même lieu : jamais regroupés ; l'emporte sur les scores."""
    _decide(a, b, Decision.SPLIT)


@duplicates_app.command("report")
def duplicates_report() -> None:
    """Groupes par commune et par paire de sources, paires à revoir, désaccords dans les groupes."""
    with _session() as session:
        state = load_state(session)
        report = build_report(state)
    console.print(f"{report.groups} groupe(s), {report.records_in_groups} fiche(s) regroupée(s)")
    _counts("groupes par commune", "commune", report.groups_by_commune)
    _counts("groupes par paire de sources", "sources", report.groups_by_sources)
    console.print(
        f"{len(report.to_review)} paire(s) à revoir (panda duplicates list --band to_review)"
    )
    for pair in report.to_review[:20]:
        console.print(
            f"  {pair.result.score} : {pair.a.id} « {pair.a.name} » / {pair.b.id} « {pair.b.name} »"
        )
    console.print(f"{len(report.conflicts)} désaccord(s) dans les groupes")
    for conflict in report.conflicts:
        a, b = state.by_id[conflict.a_id], state.by_id[conflict.b_id]
        console.print(f"  {conflict.fact} : {a.id} « {a.name} » / {b.id} « {b.name} »")


def _counts(title: str, header: str, counts: list[tuple[str, int]]) -> None:
    table = Table(header, *whole("groupes"), title=title)
    for key, number in counts:
        table.add_row(key, str(number))
    console.print(table)
