"""`panda geocoder evaluate`; the `panda addresses` commands live in api/cli/addresses.py."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.cli.addresses import addresses_app, metropole_codes
from api.cli.database import engine_at_head
from api.cli.french import PandaTyper, existing_file
from api.geocoding.evaluate import evaluate, format_report, read_truth_csv
from api.read_model import load_snapshot
from api.settings import Settings

__all__ = ["addresses_app", "geocoder_app", "metropole_codes"]

geocoder_app = PandaTyper(help="Outils du géocodeur.")
console = Console(stderr=True)


@geocoder_app.command("evaluate")
def geocoder_evaluate(
    truth: Annotated[
        Path,
        typer.Argument(
            callback=existing_file,
            readable=False,  # existing_file checks it, and says it in French
            show_default=False,
            metavar="FICHIER",
            help="Le CSV des réponses attendues : query,latitude,longitude,insee_code.",
        ),
    ],
) -> None:
    """Géocode hors ligne les requêtes d'un fichier de réponses attendues ; affiche les écarts."""
    try:
        rows = read_truth_csv(truth)
    except ValueError as exc:
        console.print(f"[red]{truth} : {exc}[/red]")
        raise typer.Exit(code=1) from exc
    engine = engine_at_head(Settings())
    try:
        snapshot = load_snapshot(engine)
    finally:
        engine.dispose()
    typer.echo(format_report(evaluate(snapshot.geocoder, rows)))
