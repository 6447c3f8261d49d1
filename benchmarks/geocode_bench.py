"""Time OfflineGeocoder.geocode over a SYNTHETIC 30,000-address set (benchmark only).

The set replicates the streets of tests/fixtures/ban-dijon-sample.csv: every copy gets a
made-up distinguishing word and made-up house numbers around the real row's position, spread
over the 23 communes. None of it is real data: never seed anything from it.

Run from the project root, with the communes of the reference data:
`PANDA_REFERENCE_DATA=../shared/data python -m benchmarks.geocode_bench [--addresses N]
[--streets S] [--route]`. `--route` also times `GET /v1/geocode` in-process (TestClient, the
bundled seed on a temporary SQLite database) as a counsellor types each address.
"""

import argparse
import csv
import itertools
import os
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlmodel import Session

from api.database import create_schema, make_engine
from api.geocoding.base import AddressRecord, CommuneRecord, housenumber_label
from api.geocoding.offline import OfflineGeocoder
from seed.address_import import replace_addresses
from seed.ban_addresses import read_ban_addresses

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "ban-dijon-sample.csv"
COMMUNES_CSV = "dijon-metropole-communes.csv"
REFERENCE_DATA_VARIABLE = "PANDA_REFERENCE_DATA"
T = TypeVar("T")
_SYLLABLES = ["ba", "ri", "lo", "mu", "te", "ka", "no", "vi", "su", "de", "fa", "gu"]


def load_communes() -> list[CommuneRecord]:
    """The 23 communes from the reference file in the folder PANDA_REFERENCE_DATA names."""
    folder = os.environ.get(REFERENCE_DATA_VARIABLE)
    if not folder:
        raise SystemExit(
            f"error: set {REFERENCE_DATA_VARIABLE} to the folder holding {COMMUNES_CSV}"
        )
    with open(Path(folder) / COMMUNES_CSV, encoding="utf-8") as file:
        return [
            CommuneRecord(
                r["code_insee"],
                r["nom"],
                r["code_postal"],
                float(r["centroid_lat"]),
                float(r["centroid_lon"]),
                tuple(n for n in r["former_names"].split("|") if n),
            )
            for r in csv.DictReader(file)
        ]


def synthetic_addresses(
    real: list[AddressRecord], communes: list[CommuneRecord], total: int, streets: int
) -> list[AddressRecord]:
    """`streets` made-up streets (real ones first) holding `total` made-up numbers."""
    words = ("".join(p).capitalize() for p in itertools.product(_SYLLABLES, repeat=4))
    bases = list({a.street: a for a in real}.values())
    per_street = max(1, total // streets)
    out = list(real)
    for copy in range(streets):
        base = bases[copy % len(bases)]
        commune = communes[copy % len(communes)] if copy >= len(bases) else None
        name = base.street if commune is None else f"{base.street} {next(words)}"
        insee, city = (
            (commune.insee_code, commune.name) if commune else (base.insee_code, base.commune)
        )
        for k in range(per_street):
            if len(out) >= total:
                return out
            lat, lon = base.latitude + 0.00002 * k, base.longitude + 0.00003 * (copy % 7)
            out.append(AddressRecord(str(100 + k), "", name, base.postcode, insee, city, lat, lon))
    return out


def queries(real: list[AddressRecord]) -> list[str]:
    """Typical queries: each real address as written, plain, abbreviated and without postcode."""
    found: list[str] = []
    for a in real:
        number = housenumber_label(a.housenumber, a.rep)
        found += [
            f"{number} {a.street} {a.postcode} {a.commune}",
            f"{number} {a.street.lower()} {a.commune.lower()}",
            f"{number} {a.street.replace('Rue ', 'r ').replace('Avenue ', 'av ')} {a.postcode}",
        ]
    return [*found, "quetigny", "neuilly les dijon", "21800", "rue de la lbierte dijon"]


def typed(real: list[AddressRecord]) -> list[str]:
    """What the suggestion box sends while each address is typed: every prefix from 3 chars."""
    found: list[str] = []
    for a in real:
        text = f"{housenumber_label(a.housenumber, a.rep)} {a.street.lower()} {a.commune.lower()}"
        found += [text[:n].strip() for n in range(3, len(text) + 1)]
    return found


def percentiles(timings: list[float]) -> str:
    cut = statistics.quantiles(timings, n=100)
    return f"{len(timings)} calls: p50 {cut[49]:.2f} ms, p99 {cut[98]:.2f} ms"


def timed(call: Callable[[str], object], qs: list[str]) -> list[float]:
    """Milliseconds of `call` for each query."""
    timings = []
    for q in qs:
        started = time.perf_counter()
        call(q)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def time_route(qs: list[str]) -> list[float]:
    """Milliseconds of GET /v1/geocode in-process, on the seed, for each query."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'bench.db'}"
        settings = Settings(database_url=url, load_seed_when_empty=True, snapshot_refresh_s=3600)
        with TestClient(create_app(settings)) as client:
            timed(lambda q: client.get("/v1/geocode", params={"q": q}), qs[:50])  # warm-up
            return timed(lambda q: client.get("/v1/geocode", params={"q": q}), qs)


def traced(build: Callable[[], T]) -> tuple[T, float]:
    """What `build` returns and the megabytes it still holds (tracemalloc)."""
    tracemalloc.start()
    try:
        return build(), tracemalloc.get_traced_memory()[0] / 1e6
    finally:
        tracemalloc.stop()


def time_address_import(rows: list[AddressRecord]) -> tuple[float, float]:
    """Seconds to read a BAN-format file of `rows` and to replace the address table with it."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "adresses-bench.csv"
        header = FIXTURE.read_text(encoding="utf-8").splitlines()[0].split(";")
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, header, delimiter=";")
            writer.writeheader()
            for n, r in enumerate(rows):
                writer.writerow(
                    {"id": f"{r.insee_code}_b{n}", "numero": r.housenumber, "rep": r.rep,
                     "nom_voie": r.street, "code_postal": r.postcode, "code_insee": r.insee_code,
                     "nom_commune": r.commune, "lon": r.longitude, "lat": r.latitude}
                )  # fmt: skip
        started = time.perf_counter()
        records = list(read_ban_addresses(path))
        read_s = time.perf_counter() - started
        engine = make_engine(f"sqlite:///{Path(directory) / 'bench.db'}")
        create_schema(engine)
        started = time.perf_counter()
        with Session(engine) as session:
            replace_addresses(session, records, None)
        engine.dispose()
        return read_s, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=30_000)
    parser.add_argument("--streets", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--route", action="store_true", help="also time GET /v1/geocode")
    args = parser.parse_args()
    real, communes = list(read_ban_addresses(FIXTURE)), load_communes()
    rows, records_mb = traced(
        lambda: synthetic_addresses(real, communes, args.addresses, args.streets)
    )
    started = time.perf_counter()
    geocoder = OfflineGeocoder(communes, rows)
    built_s = time.perf_counter() - started
    index_mb = traced(lambda: OfflineGeocoder(communes, rows))[1]
    timings = timed(geocoder.geocode, queries(real) * args.rounds)
    print(f"{len(rows)} addresses, {args.streets} streets")
    print(f"build {built_s:.2f} s; memory: index {index_mb:.1f} MB, records {records_mb:.1f} MB")
    print(f"geocode, {percentiles(timings)}")
    print(f"geocode as typed, {percentiles(timed(geocoder.geocode, typed(real)))}")
    if args.route:
        print(f"GET /v1/geocode as typed (seed), {percentiles(time_route(typed(real)))}")
    read_s, write_s = time_address_import(rows)
    print(
        f"address import of {len(rows)} rows: read {read_s:.2f} s "
        f"({len(rows) / read_s:,.0f} rows/s), table replaced in {write_s:.2f} s "
        f"({len(rows) / write_s:,.0f} rows/s, SQLite)"
    )


if __name__ == "__main__":
    main()
