"""`panda geocoder evaluate`; the `panda addresses` commands live in api/cli/addresses.py."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.cli.addresses import addresses_app, metropole_codes
from api.database import make_engine
from api.geocoding.evaluate import evaluate, format_report, read_truth_csv
from api.read_model import load_snapshot
from api.settings import Settings

__all__ = ["addresses_app", "geocoder_app", "metropole_codes"]

geocoder_app = typer.Typer(help="Outils du géocodeur.")
console = Console(stderr=True)


@geocoder_app.command("evaluate")
def geocoder_evaluate(
    truth: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help="CSV: query,latitude,longitude,insee_code"
        ),
    ],
) -> None:
    """Geocode each query of a truth file offline and print the error figures."""
    snapshot = load_snapshot(make_engine(Settings().database_url))
    try:
        rows = read_truth_csv(truth)
    except ValueError as exc:
        console.print(f"[red]{truth} : {exc}[/red]")
        raise typer.Exit(code=1) from exc
    typer.echo(format_report(evaluate(snapshot.geocoder, rows)))
