"""Time a 100,000-row import of the national standard's CSV, end to end (benchmark only).

The places are clearly synthetic ("Lieu 1", "Lieu 2", ... around Dijon), built like
tests/conftest.py's `make_access_point`, written with `write_lieux_mediation_csv`, then:

1. read alone (`read_lieux_mediation_csv`),
2. imported into an empty database (read + model validation + upsert),
3. imported again, every row unchanged,
4. exported back (`export_standard_csv` of a fresh snapshot).

Run from the project root:
`python -m benchmarks.import_bench [--rows 100000] [--database sqlite|postgres]`.
PostgreSQL: a database `panda_bench_<random>` is created on --server and dropped at the end.
"""

import argparse
import gc
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from sqlalchemy import Engine, make_url

from api.database import create_schema, make_engine
from api.import_export.exporting import export_standard_csv
from api.import_export.importing import import_bytes
from api.read_model import load_snapshot
from models.access_point import AccessPointCreate
from models.vocabulary import Service
from seed.formats.lieux_mediation import read_lieux_mediation_csv, write_lieux_mediation_csv
from seed.importer import ImportOptions, ImportReport

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SOURCE = "ville"
T = TypeVar("T")

# A handful of realistic weekly patterns, as cities publish them.
HOURS = (
    "Mo,Tu,Th 09:00-12:00,14:00-18:00; We 10:00-12:00,14:00-18:00; Fr,Sa 09:00-12:00,14:00-17:00",
    "Mo-Fr 09:00-12:00,14:00-18:00",
    "Mo-Sa 10:00-19:00",
    "Tu-Fr 09:00-17:00; Sa 09:00-12:00",
    "Mo-Fr 08:30-12:30,13:30-17:00; PH off",
    None,
)
SERVICES: tuple[list[Service], ...] = (
    [Service.ADMIN_PROCEDURES, Service.EVERYDAY_TOOLS],
    [Service.INTERNET_AND_EQUIPMENT],
    [Service.EMPLOYMENT, Service.UNDERSTANDING, Service.LEISURE],
    [],
)

# make_access_point's defaults (tests/conftest.py), the Dijon place PANDA Grésilles.
_DEFAULTS: dict[str, Any] = {
    "address": "14 rue Camille Claudel",
    "postcode": "21000",
    "commune": "Dijon",
    "insee_code": "21231",
    "phone": "+33380488414",
    "networks": ["PANDA", "Réseau Dijon métropole"],
    "equipment": {"computer": None},
}


def synthetic_places(rows: int) -> list[AccessPointCreate]:
    """`rows` made-up places around Dijon, validated like any other place."""
    return [
        AccessPointCreate.model_validate(
            _DEFAULTS
            | {
                "source": SOURCE,
                "source_id": f"l-{i}",
                "name": f"Lieu {i}",
                "latitude": 47 + i % 1000 / 1000,
                "longitude": 5 + i // 1000 / 1000,
                "opening_hours": HOURS[i % len(HOURS)],
                "services": SERVICES[i % len(SERVICES)],
                "emails": [f"lieu-{i}@example.org"] if i % 3 else [],
            }
        )
        for i in range(rows)
    ]


def synthetic_csv(rows: int) -> bytes:
    """The standard's CSV of `rows` synthetic places."""
    return write_lieux_mediation_csv(synthetic_places(rows), date(2025, 1, 1)).encode("utf-8")


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """The action's result and its wall time in seconds (garbage collected beforehand)."""
    gc.collect()
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


@contextmanager
def sqlite_engine() -> Iterator[Engine]:
    """A fresh SQLite file in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="panda-bench-") as directory:
        engine = make_engine(f"sqlite:///{Path(directory) / 'bench.db'}")
        try:
            create_schema(engine)
            yield engine
        finally:
            engine.dispose()


@contextmanager
def postgres_engine(server: str) -> Iterator[Engine]:
    """A database created on `server` for this run, dropped at the end."""
    name = f"panda_bench_{uuid.uuid4().hex[:12]}"
    admin = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        engine = make_engine(url)
        try:
            create_schema(engine)
            yield engine
        finally:
            engine.dispose()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Phases:
    """When an import finished reading and validating its rows (the last progress call): the
    standard's CSV is read row by row as it is validated, so the two are one phase."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.validated = self.start

    def progress(self, _count: int) -> None:
        """One more row read and validated."""
        self.validated = time.perf_counter()

    def split(self, end: float) -> str:
        """Seconds spent reading and validating, then in the database (and the rest)."""
        valid, stored = self.validated - self.start, end - self.validated
        return f"read + validation {valid:.1f} s + database {stored:.1f} s"


def timed_import(engine: Engine, data: bytes) -> tuple[ImportReport, float, str]:
    """An import's report, its wall time, and where that time went."""
    gc.collect()
    phases = Phases()
    report = import_bytes(engine, data, ImportOptions(), progress=phases.progress)
    end = time.perf_counter()
    return report, end - phases.start, phases.split(end)


def _checked(report: ImportReport, rows: int, created: int, unchanged: int) -> None:
    problems = [error.as_text() for error in report.errors[:5]]
    counts = (report.rows, report.created, report.unchanged)
    if problems or counts != (rows, created, unchanged):
        raise SystemExit(f"unexpected import report {counts}: {problems}")


Result = tuple[str, float, float | None, str]  # step, seconds, rows/s (or None), detail


def run(rows: int, database: str, server: str) -> list[Result]:
    """One result per step."""
    print(f"building {rows:,} synthetic places ...", flush=True)
    data, built = timed(lambda: synthetic_csv(rows))
    print(f"  {len(data) / 1e6:.1f} MB of CSV in {built:.1f} s", flush=True)
    results: list[Result] = []

    def record(step: str, seconds: float, detail: str = "", per_second: bool = True) -> None:
        rate = rows / seconds if per_second else None
        results.append((step, seconds, rate, detail))
        shown = f", {rate:,.0f} rows/s" if rate else ""
        print(f"  {step}: {seconds:.2f} s{shown} {detail}", flush=True)

    read, seconds = timed(lambda: read_lieux_mediation_csv(data, None))
    if any(row.errors for row in read.rows):
        raise SystemExit(f"the reader rejected rows: {read.rows[0].errors}")
    del read
    record("read (read_lieux_mediation_csv)", seconds)
    engines = {"sqlite": sqlite_engine, "postgres": lambda: postgres_engine(server)}
    with engines[database]() as engine:
        report, seconds, split = timed_import(engine, data)
        _checked(report, rows, created=rows, unchanged=0)
        record("import into an empty database (end to end)", seconds, split)
        report, seconds, split = timed_import(engine, data)
        _checked(report, rows, created=0, unchanged=rows)
        record("import again, all rows unchanged", seconds, split)
        snapshot, seconds = timed(lambda: load_snapshot(engine))
        record("load snapshot (for the export)", seconds, per_second=False)
        csv_text, seconds = timed(lambda: export_standard_csv(snapshot))
        if csv_text.count("\n") != rows + 1:
            raise SystemExit("the export does not hold every place")
        record("export (export_standard_csv)", seconds)
    return results


def markdown(rows: int, database: str, results: list[Result]) -> str:
    """The results as a Markdown table."""
    lines = [
        f"{rows:,} rows, {database}",
        "",
        "| step | seconds | rows/s | where the time goes |",
        "|---|---:|---:|---|",
    ]
    for step, seconds, rate, detail in results:
        shown = f"{rate:,.0f}" if rate else "–"
        lines.append(f"| {step} | {seconds:.2f} | {shown} | {detail} |")
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--server", default=POSTGRES_SERVER, help="PostgreSQL server URL")
    args = parser.parse_args()
    results = run(args.rows, args.database, args.server)
    print()
    print(markdown(args.rows, args.database, results))


if __name__ == "__main__":
    main()
