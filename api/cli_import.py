"""`panda import` and `panda export`: the same engines as the API, from a terminal."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy import Engine

from api.cli_db import upgrade_database
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
            console.print(f"[red]cannot read {file}:[/red] {exc}")
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
        console.print(f"unknown columns, ignored: {', '.join(report.unknown_columns)}")
    verb = "would be " if report.dry_run else ""
    console.print(
        f"{report.rows} rows ({report.format}): {report.created} {verb}created, "
        f"{report.updated} {verb}updated, {report.unchanged} unchanged, "
        f"{report.closed} {verb}closed, {report.rejected} rejected"
    )
    if report.errors and not report.written:
        console.print("[red]nothing was written[/red]")
    elif report.dry_run:
        console.print("dry run: nothing was written")


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
        raise typer.BadParameter("format is lieux-mediation or geojson")
    today = datetime.now(UTC).date()
    text = (
        export_standard_csv(snapshot, today)
        if format == "lieux-mediation"
        else export_geojson(snapshot).decode()
    )
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}")
