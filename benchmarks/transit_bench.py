"""Import a synthetic city-size GTFS feed: time and peak memory (benchmark only).

The feed is made up on the fly ("Arrêt 1", "Ligne 1", ... around Dijon): by default 1,500
stops, 80 lines of 25 stops, and as many trips as make 1,000,000 stop_times rows, plus
calendar and one shape per line. Each run imports it with `panda transit import` in a
fresh process into an empty SQLite file (or PostgreSQL database), so the figures are
the whole command: start, read and check every row, replace the feed in one transaction.
Peak memory is the child process's maximum resident set (getrusage).

Run from the project root:
`python -m benchmarks.transit_bench [--stop-times 1000000] [--runs 3] [--database sqlite]`.
"""

import argparse
import csv
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import psycopg
from sqlalchemy import make_url

from api.transit.nearest import PlaceStops
from api.transit.network import FeedInfo, LineInfo, Network
from api.transit.reader import read_feed
from models.transit import TransitStop

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _rows(header: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_feed(path: Path, stops: int, lines: int, per_trip: int, stop_times: int) -> None:
    """A GTFS zip with `stop_times` rows in trips of `per_trip` stops on `lines` lines."""
    rng = random.Random(21)
    points = [(47.28 + rng.random() * 0.1, 4.98 + rng.random() * 0.16) for _ in range(stops)]
    routes = [[rng.randrange(stops) for _ in range(per_trip)] for _ in range(lines)]
    trips = stop_times // per_trip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "agency.txt",
            "agency_id,agency_name,agency_url,agency_timezone\n"
            "A,Réseau d'essai,https://example.org,Europe/Paris\n",
        )
        archive.writestr(
            "stops.txt",
            _rows(
                ["stop_id", "stop_name", "stop_lat", "stop_lon"],
                [
                    [f"S{i}", f"Arrêt {i}", f"{lat:.6f}", f"{lon:.6f}"]
                    for i, (lat, lon) in enumerate(points)
                ],
            ),
        )
        archive.writestr(
            "routes.txt",
            _rows(
                ["route_id", "route_short_name", "route_long_name", "route_type", "route_color"],
                [
                    [f"R{r}", f"L{r}", f"Ligne {r}", 0 if r < 2 else 3, "C5007A"]
                    for r in range(lines)
                ],
            ),
        )
        archive.writestr(
            "calendar.txt",
            "service_id,monday,tuesday,wednesday,thursday,friday,"
            "saturday,sunday,start_date,end_date\nW,1,1,1,1,1,1,1,20260101,20271231\n",
        )
        archive.writestr(
            "shapes.txt",
            _rows(
                ["shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence"],
                [
                    [f"SH{r}", f"{points[s][0]:.6f}", f"{points[s][1]:.6f}", n]
                    for r, route in enumerate(routes)
                    for n, s in enumerate(route)
                ],
            ),
        )
        archive.writestr(
            "trips.txt",
            _rows(
                ["route_id", "service_id", "trip_id", "shape_id"],
                [[f"R{t % lines}", "W", f"T{t}", f"SH{t % lines}"] for t in range(trips)],
            ),
        )
        with archive.open("stop_times.txt", "w") as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            out.write("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n")
            for t in range(trips):
                start = 5 * 3600 + (t * 37) % (18 * 3600)
                for n, s in enumerate(routes[t % lines]):
                    at = start + n * 90
                    hms = f"{at // 3600:02d}:{at // 60 % 60:02d}:{at % 60:02d}"
                    out.write(f"T{t},{hms},{hms},S{s},{n + 1}\n")
            out.flush()
            out.detach()


def import_once(feed: Path, url: str) -> tuple[float, float, float]:
    """`panda transit import` in a fresh process: (wall seconds, peak MB, CPU seconds).

    CPU time (user + system) is what the import costs; wall time adds waiting for a core on
    a shared machine."""
    env = {**os.environ, "PANDA_DATABASE_URL": url, "PANDA_LOAD_COMMUNES": "false"}
    command = [sys.executable, "-m", "api.cli.main", "transit", "import", str(feed)]
    wrapper = [sys.executable, "-c", _MEASURE, *command]
    started = time.perf_counter()
    done = subprocess.run(wrapper, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    peak_kb, cpu = done.stdout.strip().splitlines()[-1].split()
    return seconds, int(peak_kb) / 1024, float(cpu)


# Runs the command as a child and prints the child's peak resident set in KiB.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)\n"
)


def database(kind: str, folder: Path, run: int) -> tuple[str, str | None]:
    """An empty database URL for one run, and the PostgreSQL name to drop after."""
    if kind == "sqlite":
        return f"sqlite:///{folder / f'run{run}.db'}", None
    name = f"panda_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_SERVER.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(POSTGRES_SERVER).set(database=name).render_as_string(False), name


def drop(name: str | None) -> None:
    if name is not None:
        with psycopg.connect(POSTGRES_SERVER.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def read_model_cost(feed: Path, places: int) -> tuple[float, float, float]:
    """Each of `places` random places' nearest stops: (build ms, apply ms for 100 moved
    places, bytes a place), the way the read model builds and carries them."""
    read = read_feed(feed)
    network = Network(
        FeedInfo("bench", date(2026, 1, 1), date(2027, 12, 31), ("", "")),
        [
            TransitStop(
                position=i,
                stop_id=s.stop_id,
                name=s.name,
                latitude=s.latitude,
                longitude=s.longitude,
            )
            for i, s in enumerate(read.stops)
        ],
        [
            LineInfo(ln.route_id, ln.short_name, ln.long_name, ln.mode, ln.color, ln.text_color, [])
            for ln in read.lines
        ],
        read.serves,
    )
    rng = np.random.default_rng(7)
    lat = 47.28 + rng.random(places) * 0.1
    lon = 4.98 + rng.random(places) * 0.16
    started = time.perf_counter()
    stops = PlaceStops.build(network, 600, lat, lon)
    build_ms = (time.perf_counter() - started) * 1000
    moved_lat = lat.copy()
    moved_lat[rng.choice(places, 100, replace=False)] += 0.001
    started = time.perf_counter()
    stops.moved([], (lat, lon), (moved_lat, lon))
    apply_ms = (time.perf_counter() - started) * 1000
    per_place = (stops.stops.nbytes + stops.metres.nbytes) / places
    return build_ms, apply_ms, per_place


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=1_500)
    parser.add_argument("--lines", type=int, default=80)
    parser.add_argument("--per-trip", type=int, default=25)
    parser.add_argument("--stop-times", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--places", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = folder / "feed.zip"
        started = time.perf_counter()
        write_feed(feed, args.stops, args.lines, args.per_trip, args.stop_times)
        size = feed.stat().st_size / 1e6
        print(f"feed written in {time.perf_counter() - started:.1f} s ({size:.1f} MB zipped)")
        results = []
        for run in range(args.runs):
            url, name = database(args.database, folder, run)
            try:
                results.append(import_once(feed, url))
            finally:
                drop(name)
            wall, peak, cpu = results[-1]
            print(f"run {run + 1}: {wall:.1f} s wall, {cpu:.1f} s CPU, peak {peak:.0f} MB")
        build_ms, apply_ms, per_place = read_model_cost(feed, args.places)
        print(
            f"read model, {args.places} places: nearest stops built in {build_ms:.0f} ms, "
            f"100 moved places applied in {apply_ms:.1f} ms, {per_place:.0f} bytes a place"
        )
    wall = statistics.median(r[0] for r in results)
    peak = statistics.median(r[1] for r in results)
    cpu = statistics.median(r[2] for r in results)
    print(
        f"median of {args.runs}: {wall:.1f} s wall, {cpu:.1f} s CPU, peak memory {peak:.0f} MB "
        f"({args.database})"
    )


if __name__ == "__main__":
    main()
