"""`panda addresses import` and `panda geocoder evaluate`."""

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from sqlmodel import Session

from api.cli_db import upgrade_database
from api.database import make_engine
from api.geocoding.evaluate import evaluate, format_report, read_truth_csv
from api.settings import Settings
from api.snapshot_holder import load_snapshot
from seed.address_import import replace_addresses
from seed.ban_addresses import AddressFileError, read_ban_addresses
from seed.loader import COMMUNES_FILE, read_seed_file

addresses_app = typer.Typer(help="The address table of the offline geocoder.")
geocoder_app = typer.Typer(help="Geocoder tools.")
console = Console(stderr=True)


def metropole_codes() -> set[str]:
    """INSEE codes of the 23 communes of Dijon Métropole."""
    return {c["insee_code"] for c in read_seed_file(COMMUNES_FILE)["communes"]}


@addresses_app.command("import")
def addresses_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="adresses-21.csv[.gz]")],
    communes: Annotated[
        str, typer.Option(help="metropole: the 23 communes only; all: every row.")
    ] = "metropole",
) -> None:
    """Replace the address table from a BAN department file; on error it stays as it was."""
    if communes not in ("metropole", "all"):
        raise typer.BadParameter("communes is metropole or all")
    scope: Literal["metropole", "all"] = "metropole" if communes == "metropole" else "all"
    codes = metropole_codes() if scope == "metropole" else None
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    try:
        with Progress(*columns, console=console) as bar, Session(engine) as session:
            task = bar.add_task("addresses", total=None)
            records = read_ban_addresses(file, codes)
            count = replace_addresses(session, records, codes, lambda n: bar.advance(task, n))
    except AddressFileError as exc:
        console.print(f"[red]{file}: {exc}[/red]; the address table is unchanged")
        raise typer.Exit(code=1) from exc
    console.print(f"{count} addresses imported ({scope})")


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
        console.print(f"[red]{truth}: {exc}[/red]")
        raise typer.Exit(code=1) from exc
    typer.echo(format_report(evaluate(snapshot.geocoder, rows)))
