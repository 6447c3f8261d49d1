"""`panda import` and `panda export`: the same engines as the API, from a terminal."""

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy import Engine

from api.cli.data_inclusion import export_folder, write_export
from api.cli.database import engine_at_head, upgrade_database
from api.cli.french import existing_file, refuse
from api.clock import today_paris
from api.database import make_engine
from api.geocoding.factory import import_locator, remote_geocoder
from api.geocoding.service import GeocodingService
from api.import_export.exporting import changes_cursor, export_geojson, export_standard_csv
from api.import_export.importing import import_file
from api.import_export.report import report_lines
from api.read_model import ReadModel, load_snapshot
from api.settings import Settings
from seed.formats.base import FormatError
from seed.importer import AddressLocator, ImportOptions, ImportReport
from seed.place_limit import TooManyPlaces

# The report on stdout and messages on stderr go through typer.echo: whole lines, never
# coloured (rich wraps at 80 columns when piped). Rich draws only the progress bar, on a
# terminal, and never wraps.
console = Console(stderr=True, soft_wrap=True)
EXIT_REJECTED, EXIT_UNREADABLE, EXIT_TOO_MANY = 1, 2, 3
EXPORT_FORMATS = ("lieux-mediation", "geojson", "data-inclusion")


Format = Annotated[
    str | None,
    typer.Option(
        help="lieux-mediation, lieux-mediation-json, geojson ou mapped (par défaut : deviné "
        "d'après le fichier) ; json demande le rapport JSON (--report json).",
        show_default=False,
    ),
]
Mapping = Annotated[
    str | None,
    typer.Option(
        help="Fichier TOML de correspondance des colonnes, ou le nom d'un de ceux livrés.",
        show_default=False,
    ),
]
Source = Annotated[
    str | None,
    typer.Option(help="Clé de source donnée à chaque ligne.", show_default=False),
]
DryRun = Annotated[
    bool,
    typer.Option(help="Dit ce qui changerait, sans rien écrire.", show_default=False),
]
Prune = Annotated[
    bool,
    typer.Option(help="Ferme les lieux de cette source absents du fichier.", show_default=False),
]
SkipInvalid = Annotated[
    bool,
    typer.Option(
        help="Importe quand même les lignes valides (par défaut : tout ou rien).",
        show_default=False,
    ),
]
Report = Annotated[
    str,
    typer.Option(
        help="text (pour les personnes, par défaut) ou json (un document JSON, pour les scripts).",
        show_default=False,
    ),
]


def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FICHIER",
            help="Le fichier de lieux à importer.",
            callback=existing_file,
            readable=False,  # existing_file checks it, and says it in French
            show_default=False,
        ),
    ],
    format: Format = None,
    mapping: Mapping = None,
    source: Source = None,
    dry_run: DryRun = False,
    prune: Prune = False,
    skip_invalid: SkipInvalid = False,
    report: Report = "text",
) -> None:
    """Importe un fichier de lieux : toutes les lignes ou aucune (sauf --skip-invalid).

    « panda import data-inclusion --departement 21 » importe depuis l'API data·inclusion
    (voir « panda import data-inclusion --help »)."""
    if report not in ("text", "json"):
        refuse(f"--report vaut text ou json, pas « {report} »")
    if format == "json":
        # `json` names no kind of file: it asks for the JSON report (the file's kind is guessed).
        format, report = None, "json"
    as_json = report == "json"
    settings = Settings()
    upgrade_database(settings)
    options = ImportOptions(
        dry_run, prune, skip_invalid, actor="cli", max_places=settings.max_places
    )
    result = _import(settings, file, options, as_json, format, mapping, source)
    _print_report(result, as_json)
    if result.errors and not skip_invalid:
        raise typer.Exit(code=EXIT_REJECTED)


def _import(
    settings: Settings,
    file: Path,
    options: ImportOptions,
    as_json: bool,
    format: str | None,
    mapping: str | None,
    source: str | None,
) -> ImportReport:
    """Import the file with the server's engine; exit 2 (unreadable) or 3 (too many places),
    nothing written, when it is refused whole."""
    engine = make_engine(settings.database_url)
    # No progress bar unless someone watches it: a log gets no redrawn lines.
    with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("import", total=None)
        try:
            with file.open("rb") as opened:  # read row by row (the standard's CSV), not whole
                return import_file(
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


def _print_report(result: ImportReport, as_json: bool) -> None:
    """The report on stdout: one JSON document for scripts, else French lines for people."""
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
    else:
        for line in report_lines(result):
            typer.echo(line)


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
    read_model = ReadModel(engine)
    geocoding = GeocodingService(settings.geocoder, remote_geocoder(settings, engine))
    return import_locator(geocoding, lambda: read_model.current.geocoder)


def export_command(
    out: Annotated[
        Path | None,
        typer.Option(
            help="Fichier à écrire (par défaut : la sortie standard) ; pour data-inclusion, "
            "le dossier où écrire structures.json et services.json (par défaut : le dossier "
            "courant).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            help="lieux-mediation (le CSV du standard national, par défaut), geojson ou "
            "data-inclusion (le schéma data·inclusion v1 : structures et services).",
            show_default=False,
        ),
    ] = "lieux-mediation",
) -> None:
    """Exporte les lieux ouverts dans le CSV du standard national, en GeoJSON ou au schéma
    data·inclusion."""
    if format not in EXPORT_FORMATS:
        refuse(f"--format vaut lieux-mediation, geojson ou data-inclusion, pas « {format} »")
    folder = export_folder(out) if format == "data-inclusion" else None
    settings = Settings()
    engine = engine_at_head(settings)
    try:
        snapshot = load_snapshot(engine)
    finally:
        engine.dispose()
    if folder is not None:
        for path in write_export(snapshot, folder):
            console.print(f"fichier écrit : {path}", highlight=False)
        return
    stale = snapshot.stale_flags(today_paris(), settings.stale_after_days)
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
    # On standard error, so that the file on standard output stays whole.
    typer.echo(f"curseur des changements : {changes_cursor(snapshot)}", err=True)
