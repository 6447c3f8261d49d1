"""`panda addresses import | download | quality`: the address table of the offline geocoder."""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn
from sqlalchemy import Engine
from sqlmodel import Session, select

from api.cli.database import engine_at_head, upgrade_database
from api.cli.french import PandaTyper, existing_file, refuse
from api.database import make_engine
from api.geocoding.quality import GAP_THRESHOLD_M, PlacePoint, address_gaps, format_report
from api.settings import Settings
from models.access_point import AccessPoint
from models.address import Address, AddressRecord
from seed.address_import import replace_addresses
from seed.ban_addresses import AddressFileError, read_ban_addresses
from seed.ban_download import DownloadError, check_file, department_code, department_url, download
from seed.loader import COMMUNES_FILE, read_seed_file

addresses_app = PandaTyper(help="La table des adresses du géocodeur hors ligne (BAN).")
console = Console(stderr=True)
Scope = Literal["metropole", "all"]
UNCHANGED = "la table des adresses est inchangée"


def metropole_codes() -> set[str]:
    """INSEE codes of the 23 communes of Dijon Métropole."""
    return {c["insee_code"] for c in read_seed_file(COMMUNES_FILE)["communes"]}


def _scope(communes: str) -> Scope:
    if communes not in ("metropole", "all"):
        refuse(f"--communes vaut metropole ou all, pas « {communes} »")
    return "metropole" if communes == "metropole" else "all"


def _import(file: Path, codes: set[str] | None, department: str | None = None) -> int:
    """Replace the addresses of `codes` (else of `department`, else all) from a BAN file."""
    settings = Settings()
    upgrade_database(settings)
    engine = make_engine(settings.database_url)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    try:
        with Progress(*columns, console=console) as bar, Session(engine) as session:
            task = bar.add_task("adresses", total=None)
            records = read_ban_addresses(file, codes)

            def advance(n: int) -> None:
                bar.advance(task, n)

            return replace_addresses(session, records, codes, advance, department)
    finally:
        engine.dispose()


@addresses_app.command(
    "import",
    help="Remplace les adresses par celles d'un fichier BAN ; en cas d'erreur, rien ne change.",
)
def addresses_import(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FICHIER",
            help="Le fichier BAN d'un département : adresses-21.csv[.gz].",
            callback=existing_file,
            readable=False,  # existing_file checks it, and says it in French
            show_default=False,
        ),
    ],
    communes: Annotated[
        str,
        typer.Option(
            help="metropole : les 23 communes seulement (par défaut) ; all : toutes les lignes.",
            show_default=False,
        ),
    ] = "metropole",
) -> None:
    """Replace the address table from a BAN department file; on error it stays as it was."""
    scope = _scope(communes)
    try:
        count = _import(file, metropole_codes() if scope == "metropole" else None)
    except AddressFileError as exc:
        console.print(f"[red]{file} : {exc}[/red] ; {UNCHANGED}")
        raise typer.Exit(code=1) from exc
    console.print(f"{count} adresses importées ({scope})")


@addresses_app.command(
    "download",
    help="Télécharge le fichier BAN d'un département (PANDA_BAN_DOWNLOAD_URL), le vérifie en "
    "entier, puis remplace les adresses de ce département ; en cas d'erreur, rien ne change.",
)
def addresses_download(
    department: Annotated[
        str,
        typer.Argument(
            metavar="DÉPARTEMENT", help="Département : 21, 2A, 974…", show_default=False
        ),
    ],
    communes: Annotated[
        str,
        typer.Option(
            help="all : tout le département (par défaut) ; metropole : les 23 communes.",
            show_default=False,
        ),
    ] = "all",
    timeout_s: Annotated[
        float,
        typer.Option(
            min=1,
            max=3600,
            help="Délai d'attente du réseau, en secondes (par défaut : 60).",
            show_default=False,
        ),
    ] = 60.0,
) -> None:
    """Fetch the BAN file of a department (PANDA_BAN_DOWNLOAD_URL), check it whole, import it."""
    scope = _scope(communes)
    try:
        code = department_code(department)
        codes = _metropole_in(code) if scope == "metropole" else None
        url = department_url(Settings().ban_download_url, code)
        console.print(f"Téléchargement de {url}")
        path = _download(url, timeout_s)
        try:
            rows = check_file(path, code)
            console.print(f"Fichier complet : {rows} adresses ; import…")
            count = _import(path, codes, code)
        finally:
            path.unlink(missing_ok=True)
    except (DownloadError, AddressFileError) as exc:
        console.print(f"[red]{exc}[/red] ; {UNCHANGED}")
        raise typer.Exit(code=1) from exc
    console.print(f"{count} adresses importées (département {code}, {scope})")


def _metropole_in(department: str) -> set[str]:
    """The métropole's communes in this department; none would empty them (DownloadError)."""
    codes = {c for c in metropole_codes() if c.startswith(department)}
    if not codes:
        raise DownloadError(f"--communes metropole : aucune des 23 communes n'est du {department}")
    return codes


def _download(url: str, timeout_s: float) -> Path:
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("téléchargement", total=None)
        return download(
            url, None, timeout_s, lambda n, total: bar.update(task, completed=n, total=total)
        )


@addresses_app.command(
    "quality",
    help="Liste les lieux dont le point est à plus de --threshold-m mètres du point BAN de leur "
    "adresse (--format json pour les scripts).",
)
def addresses_quality(
    threshold_m: Annotated[
        float,
        typer.Option(
            min=0,
            max=100_000,
            help=f"Écart signalé, en mètres (par défaut : {GAP_THRESHOLD_M:g}).",
            show_default=False,
        ),
    ] = GAP_THRESHOLD_M,
    output: Annotated[
        str,
        typer.Option(
            "--format", help="text (par défaut) ou json, pour les scripts.", show_default=False
        ),
    ] = "text",
) -> None:
    """Places whose point lies more than `threshold_m` from the BAN point of their address."""
    if output not in ("text", "json"):
        refuse(f"--format vaut text ou json, pas « {output} »")
    engine = engine_at_head(Settings())
    try:
        places = _places(engine)
        addresses = _addresses(engine, {p.insee_code for p in places if p.insee_code})
    finally:
        engine.dispose()
    report = address_gaps(places, addresses, threshold_m)
    if output == "json":
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_report(report))


def _places(engine: Engine) -> list[PlacePoint]:
    with Session(engine) as session:
        rows = session.exec(select(AccessPoint).order_by(AccessPoint.id)).all()  # type: ignore[arg-type]
        return [
            PlacePoint(
                p.id or 0, p.name, p.address, p.postcode, p.insee_code, p.latitude, p.longitude
            )
            for p in rows
        ]


def _addresses(engine: Engine, insee_codes: Iterable[str]) -> list[AddressRecord]:
    """The address rows of these communes only (a national table is far larger)."""
    codes = sorted(insee_codes)
    found: list[AddressRecord] = []
    with Session(engine) as session:
        for start in range(0, len(codes), 500):
            chunk = codes[start : start + 500]
            statement = select(Address).where(Address.insee_code.in_(chunk))  # type: ignore[attr-defined]
            found += [_record(a) for a in session.exec(statement)]
    return found


def _record(a: Address) -> AddressRecord:
    return AddressRecord(
        a.housenumber, a.rep, a.street, a.postcode, a.insee_code, a.commune,
        a.latitude, a.longitude,
    )  # fmt: skip
