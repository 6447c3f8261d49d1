"""`panda import` and `panda export`: the same engines as the API, from a terminal."""

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy import Engine

from api.cli.database import upgrade_database
from api.clock import today_paris
from api.database import make_engine
from api.geocoding.factory import import_locator, remote_geocoder
from api.geocoding.service import GeocodingService
from api.import_export.exporting import export_geojson, export_standard_csv
from api.import_export.importing import import_file
from api.import_export.report import report_lines
from api.read_model import ReadModel, load_snapshot
from api.settings import Settings
from seed.formats.base import FormatError
from seed.importer import AddressLocator, ImportOptions
from seed.place_limit import TooManyPlaces

# The report on stdout and messages on stderr go through typer.echo: whole lines, never
# coloured (rich wraps at 80 columns when piped). Rich draws only the progress bar, on a
# terminal, and never wraps.
console = Console(stderr=True, soft_wrap=True)
EXIT_REJECTED, EXIT_UNREADABLE, EXIT_TOO_MANY = 1, 2, 3


def import_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="File to import.")],
    format: Annotated[
        str | None,
        typer.Option(
            help="lieux-mediation, lieux-mediation-json, geojson or mapped; json: --report json."
        ),
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
    report: Annotated[
        str, typer.Option(help="text (for people) or json (one JSON document, for scripts).")
    ] = "text",
) -> None:
    """Import a file of places: all rows or nothing (unless --skip-invalid)."""
    if report not in ("text", "json"):
        raise typer.BadParameter("le rapport est text ou json", param_hint="--report")
    if format == "json":
        # `json` names no kind of file: it asks for the JSON report (the file's kind is guessed).
        format, report = None, "json"
    as_json = report == "json"
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    options = ImportOptions(
        dry_run, prune, skip_invalid, actor="cli", max_places=settings.max_places
    )
    # No progress bar unless someone watches it: a log gets no redrawn lines.
    with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("importing", total=None)
        try:
            with file.open("rb") as opened:  # read row by row (the standard's CSV), not whole
                result = import_file(
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
            _fail(as_json, "invalid_file", f"impossible de lire {file} : {exc}", EXIT_UNREADABLE)
        except TooManyPlaces as exc:
            extra = {"stored": exc.stored, "new": exc.new, "max_places": exc.limit}
            _fail(as_json, exc.code, str(exc), EXIT_TOO_MANY, extra)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
    else:
        for line in report_lines(result):
            typer.echo(line)
    if result.errors and not skip_invalid:
        raise typer.Exit(code=EXIT_REJECTED)


def _fail(
    as_json: bool, kind: str, detail: str, code: int, extra: dict[str, int] | None = None
) -> NoReturn:
    """Say why nothing was imported (a JSON document on stdout for scripts), and exit."""
    if as_json:
        typer.echo(
            json.dumps({"error": kind, "detail": detail, **(extra or {})}, ensure_ascii=False)
        )
    else:
        typer.echo(detail, err=True)
    raise typer.Exit(code=code)


def _locator(engine: Engine, settings: Settings) -> AddressLocator:
    """The configured geocoder, as the server would use it, for rows without coordinates."""
    snapshots = ReadModel(engine)
    geocoding = GeocodingService(settings.geocoder, remote_geocoder(settings, engine))
    return import_locator(geocoding, lambda: snapshots.current.geocoder)


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
