"""`panda import` and `panda export`: the same engines as the API, from a terminal."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy import Engine

from api.cli_db import upgrade_database
from api.clock import today_paris
from api.database import make_engine
from api.exporting import export_geojson, export_standard_csv
from api.geocoding.factory import import_locator, remote_geocoder
from api.geocoding.service import GeocodingService
from api.importing import import_file
from api.settings import Settings
from api.snapshot_holder import SnapshotHolder, load_snapshot
from seed.formats.base import FormatError
from seed.importer import AddressLocator, ImportOptions, ImportReport

console = Console(stderr=True)


def import_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="File to import.")],
    format: Annotated[
        str | None,
        typer.Option(help="lieux-mediation, lieux-mediation-json, geojson or mapped."),
    ] = None,
    mapping: Annotated[
        str | None, typer.Option(help="Mapping TOML file, or the name of a shipped one.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Source key for every row.")] = None,
    dry_run: Annotated[bool, typer.Option(help="Report what would change; write nothing.")] = False,
    prune: Annotated[
        bool, typer.Option(help="Close this source's places not in the file.")
    ] = False,
    skip_invalid: Annotated[bool, typer.Option(help="Import the valid rows anyway.")] = False,
) -> None:
    """Import a file of places: all rows or nothing (unless --skip-invalid)."""
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    options = ImportOptions(dry_run, prune, skip_invalid, actor="cli")
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("importing", total=None)
        try:
            with file.open("rb") as opened:  # read row by row (the standard's CSV), not whole
                report = import_file(
                    engine,
                    opened,
                    options,
                    format,
                    file.name,
                    mapping,
                    source,
                    locate=_locator(engine, settings),
                    on_rows=lambda n: bar.update(task, total=n),
                    progress=lambda n: bar.advance(task, n),
                )
        except FormatError as exc:
            console.print(f"[red]impossible de lire {file} :[/red] {exc}", markup=True)
            raise typer.Exit(code=2) from exc
    _print_report(report)
    if report.errors and not skip_invalid:
        raise typer.Exit(code=1)


def _locator(engine: Engine, settings: Settings) -> AddressLocator:
    """The configured geocoder, as the server would use it, for rows without coordinates."""
    snapshots = SnapshotHolder(engine)
    return import_locator(
        GeocodingService(settings.geocoder, remote_geocoder(settings, engine)), snapshots
    )


def _print_report(report: ImportReport) -> None:
    for error in report.errors:
        console.print(error.as_text(), markup=False)
    if report.unknown_columns:
        console.print(f"colonnes inconnues, ignorées : {', '.join(report.unknown_columns)}")
    # Counts read as French: « 3 seraient créés » on a dry run, « 3 créés » otherwise.
    dry = report.dry_run
    console.print(
        f"{_count(report.rows, 'ligne')} ({report.format}) : "
        f"{_count(report.created, 'créé', dry)}, {_count(report.updated, 'mis à jour', dry)}, "
        f"{_count(report.unchanged, 'inchangé')}, {_count(report.closed, 'fermé', dry)}, "
        f"{_count(report.rejected, 'rejeté')}"
    )
    if report.errors and not report.written:
        console.print("[red]rien n'a été écrit[/red]")
    elif report.dry_run:
        console.print("essai à blanc (--dry-run) : rien n'a été écrit")


def _count(n: int, word: str, would: bool = False) -> str:
    """« 1 ligne », « 3 lignes », « 3 seraient créés »: French agreement of a count."""
    plural = n > 1
    if plural and not word.endswith(("s", "jour")):
        word += "s"
    verb = ("seraient " if plural else "serait ") if would else ""
    return f"{n} {verb}{word}"


def export_command(
    out: Annotated[
        Path | None, typer.Option(help="Output file (default: standard output).")
    ] = None,
    format: Annotated[
        str, typer.Option(help="lieux-mediation (CSV) or geojson.")
    ] = "lieux-mediation",
) -> None:
    """Export the open places in the national standard's CSV, or as GeoJSON."""
    snapshot = load_snapshot(make_engine(Settings().database_url))
    if format not in ("lieux-mediation", "geojson"):
        raise typer.BadParameter("le format est lieux-mediation ou geojson")
    stale = snapshot.stale_flags(today_paris(), Settings().stale_after_days)
    text = (
        export_standard_csv(snapshot)
        if format == "lieux-mediation"
        else export_geojson(snapshot, stale).decode()
    )
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"fichier écrit : {out}")
