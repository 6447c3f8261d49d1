"""`panda import data-inclusion --departement 21` (or `--epci SIREN`): the territory's
digital-inclusion places pulled from a data·inclusion v1 API (api/data_inclusion/pull.py),
imported like a file, with the same report; `panda import FICHIER` stays as it was."""

import re
from typing import Annotated, Any

import typer
from typer._click import Context

from api.cli.database import upgrade_database
from api.cli.french import FrenchCommand, PandaTyper, refuse
from api.cli.imports import (
    EXIT_REJECTED,
    EXIT_TOO_MANY,
    EXIT_UNREADABLE,
    DryRun,
    Report,
    SkipInvalid,
    _fail,
    _locator,
    _print_report,
    console,
)
from api.data_inclusion.hub_client import HubClient, HubUnavailable
from api.data_inclusion.pull import Territory, UnknownTerritory, department, epci, import_from_hub
from api.database import make_engine
from api.settings import Settings
from seed.importer import ImportOptions, ImportReport
from seed.place_limit import TooManyPlaces

HUB = "data-inclusion"
EXIT_HUB = 4
DEPARTMENT = re.compile(r"^(\d{2,3}|2[ABab])$")
SIREN = re.compile(r"^\d{9}$")

hub_app = PandaTyper(
    help="Les lieux d'un territoire, depuis l'API data·inclusion v1.", add_completion=False
)


class ImportCommand(FrenchCommand):
    """`panda import`: a file, or `data-inclusion` and its options for the hub."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        if args and args[0] == HUB:
            command = typer.main.get_command(hub_app)
            return command.make_context(f"{info_name} {HUB}", args[1:], parent=parent, **extra)
        return super().make_context(info_name, args, parent=parent, **extra)


@hub_app.command(HUB)
def hub_import_command(
    departement: Annotated[
        str | None,
        typer.Option(help="Code du département (21, 2A, 974).", show_default=False),
    ] = None,
    epci_siren: Annotated[
        str | None,
        typer.Option(
            "--epci", help="SIREN de l'EPCI (242100410 : Dijon Métropole).", show_default=False
        ),
    ] = None,
    dry_run: DryRun = False,
    skip_invalid: SkipInvalid = False,
    report: Report = "text",
) -> None:
    """Importe les lieux d'inclusion numérique d'un département ou d'un EPCI depuis l'API
    data·inclusion v1 (PANDA_DATA_INCLUSION_URL) : toutes les pages sont lues avant d'écrire,
    et si le hub échoue en route, rien n'est écrit."""
    if (departement is None) == (epci_siren is None):
        refuse("donnez --departement ou --epci (l'un des deux)")
    if departement is not None and not DEPARTMENT.match(departement):
        refuse(f"--departement est un code de département (21, 2A, 974), pas « {departement} »")
    if epci_siren is not None and not SIREN.match(epci_siren):
        refuse(f"--epci est un SIREN de 9 chiffres, pas « {epci_siren} »")
    if report not in ("text", "json"):
        refuse(f"--report vaut text ou json, pas « {report} »")
    settings = Settings()
    if not settings.data_inclusion_url:
        refuse(
            "PANDA_DATA_INCLUSION_URL n'est pas défini : donnez l'adresse de l'API "
            "data·inclusion v1 (terminée par /api/v1) et son jeton PANDA_DATA_INCLUSION_TOKEN"
        )
    upgrade_database(settings)
    options = ImportOptions(
        dry_run, False, skip_invalid, actor="data-inclusion", max_places=settings.max_places
    )
    result = _pull(settings, departement, epci_siren, options, report == "json")
    _print_report(result, report == "json")
    if result.errors and not skip_invalid:
        raise typer.Exit(code=EXIT_REJECTED)


def _pull(
    settings: Settings,
    departement: str | None,
    epci_siren: str | None,
    options: ImportOptions,
    as_json: bool,
) -> ImportReport:
    """Pull and import; exit 2 (unknown EPCI), 3 (too many places) or 4 (the hub failed),
    nothing written, when it is refused whole."""
    engine = make_engine(settings.database_url)
    try:
        territory: Territory = (
            department(departement) if departement else epci(engine, str(epci_siren))
        )
    except UnknownTerritory as exc:
        _fail(as_json, "unknown_territory", str(exc), EXIT_UNREADABLE)
    assert settings.data_inclusion_url is not None  # refused above otherwise
    client = HubClient(settings.data_inclusion_url, settings.data_inclusion_token)
    console.print(
        f"data·inclusion : {territory.label}, lecture de toutes les pages…", highlight=False
    )
    try:
        return import_from_hub(engine, client, territory, options, _locator(engine, settings))
    except HubUnavailable as exc:
        detail = f"import interrompu : {exc} ; rien n'a été écrit, la base est comme avant"
        _fail(as_json, "hub_unavailable", detail, EXIT_HUB)
    except TooManyPlaces as exc:
        extra = {"stored": exc.stored, "new": exc.new, "max_places": exc.limit}
        _fail(as_json, exc.code, str(exc), EXIT_TOO_MANY, extra)
    finally:
        engine.dispose()
