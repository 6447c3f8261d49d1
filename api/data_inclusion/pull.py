"""`panda import data-inclusion`: a territory's digital-inclusion places from a data·inclusion
v1 API, through the same import engine as any file (report, audit, data version, publish).

Every page of structures and services is fetched before anything is written: a hub that
fails part-way (a 5xx past the retries, a broken answer) leaves the database as it was.
"""

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from api.data_inclusion.hub_client import HubClient
from api.data_inclusion.hub_places import rows_of
from api.data_inclusion.vocabulary import NUMERIQUE
from api.read_model.holder import ReadModel
from models.commune import Commune
from seed.communes import read_communes_file
from seed.formats.base import ReadResult
from seed.importer import AddressLocator, ImportOptions, ImportReport, run_import

FORMAT_NAME = "data·inclusion v1"


class UnknownTerritory(ValueError):
    """The EPCI names no commune we know; the message is French."""


@dataclass(frozen=True)
class Territory:
    """The departments to ask the hub for, and the communes to keep (None: all of them)."""

    departments: tuple[str, ...]
    insee_codes: frozenset[str] | None = None
    label: str = ""


def department(code: str) -> Territory:
    """A department by its code (21, 2A, 974)."""
    return Territory((code.upper(),), None, f"département {code.upper()}")


def epci(engine: Engine, siren: str) -> Territory:
    """An EPCI by its SIREN: the hub lists by department, so ask for each department it spans
    and keep its communes only. The communes come from the database, else the bundled file."""
    with Session(engine) as session:
        rows = session.exec(select(Commune).where(col(Commune.epci) == siren)).all()
        communes = [(c.insee_code, c.department) for c in rows]
    if not communes:
        bundled = read_communes_file().communes
        communes = [(c.insee_code, c.department) for c in bundled if c.epci == siren]
    if not communes:
        raise UnknownTerritory(f"aucune commune connue n'appartient à l'EPCI {siren}")
    departments = tuple(sorted({d for _, d in communes if d}))
    return Territory(departments, frozenset(code for code, _ in communes), f"EPCI {siren}")


def fetch_rows(client: HubClient, territory: Territory) -> ReadResult:
    """Every page of the territory's structures and digital services, as rows to import.

    HubUnavailable (nothing fetched is kept) when the hub fails past the retries.
    """
    structures, services = [], []
    for code in territory.departments:
        where = {"code_departement": code}
        structures += client.fetch_all("structures", where)
        services += client.fetch_all("services", where | {"thematiques": NUMERIQUE})
    rows = rows_of(structures, services, territory.insee_codes)
    return ReadResult(rows=rows, format_name=FORMAT_NAME)


def import_from_hub(
    engine: Engine,
    client: HubClient,
    territory: Territory,
    options: ImportOptions,
    locate: AddressLocator | None = None,
    read_model: ReadModel | None = None,
) -> ImportReport:
    """Fetch the territory whole, then import it in one transaction; publish when written."""
    result = fetch_rows(client, territory)
    with Session(engine) as session:
        report = run_import(session, result, options, locate)
    if read_model is not None and report.written:
        read_model.publish()
    return report
