"""Serving benchmark: nearest against a trivial endpoint of `panda serve`, and nearest in-process.

Run `python -m benchmarks.serve_bench --help`. Everything it writes goes to a temporary
directory that is removed at the end; the only output is a Markdown report on stdout.
"""

import argparse
import asyncio
import gc
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx
import numpy as np

from api.app import prepare_database
from api.read_model import Snapshot
from api.settings import Settings
from benchmarks.synthetic import load_synthetic, synthetic_coordinates, synthetic_public
from models.opening_hours import PARIS
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

PROJECT_ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# The app's own liveness route: an `async def` returning a constant, through every middleware.
TRIVIAL_PATH = "/v1/health/live"
# The read limit stays in the path, as in production, but out of reach of the load.
UNTHROTTLED_READS = "1000000000/minute"
QUERY_SEED = 20_250_311
SEARCH_TARGET = 0.55
# Distinct query points (and addresses) per run: enough that no memo of answers can help.
HTTP_QUERY_POINTS = 10_000
# The seed's places lie in Dijon Métropole: its query points are drawn over this box.
DIJON_BOX = ((47.27, 47.37), (4.96, 5.12))
# Answers checked before the load (every one would take longer than a load run).
CHECKED_PATHS = 500
# A numbered street address of the seed: the street, written as in the seed, after the number.
NUMBERED_STREET = re.compile(
    r"\d+\s?(?:bis|ter|[A-Za-z])?\s+((?:rue|avenue|boulevard|place|allée|impasse)\b.*)",
    re.IGNORECASE,
)
STARTUP_TIMEOUT_S = 300.0
MAX_CLIENT_REQUESTS = 2_000_000
IN_PROCESS_SIZES = (1_000, 100_000, 1_000_000)
RADIUS_M = 100_000.0
LIMIT = 10
# A Tuesday mid-morning, so that the opening status is computed for real.
QUERY_MOMENT = datetime(2025, 3, 11, 10, 30, tzinfo=PARIS)
TARGETS = {"seed": 0.70, "synthetic": 0.70, "scaling": 3.0}


@dataclass(frozen=True)
class LoadResult:
    """One load run against one endpoint."""

    label: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    cpu_us: float | None = None  # server CPU time per request, immune to other load


@dataclass(frozen=True)
class Server:
    """A running benchmark server."""

    base: str
    pid: int


@dataclass(frozen=True)
class HttpRun:
    """The load runs against one server, places per answer, and JSON lines it logged."""

    results: list[LoadResult]
    found: float
    logged: int
    distinct: int = 0  # distinct query paths cycled through


@dataclass(frozen=True)
class InProcessResult:
    """`Snapshot.nearest` timings at one snapshot size."""

    places: int
    build_s: float
    median_us: float
    p99_us: float
    median_found: float
    min_found: int


# ---------------------------------------------------------------- arguments


def points_arg(text: str) -> int | None:
    """`seed` (None) or a number of synthetic places added to the seed."""
    if text == "seed":
        return None
    count = int(text.replace("_", ""))
    if not 1 <= count <= 2_000_000:
        raise argparse.ArgumentTypeError("points: 'seed' or 1..2000000")
    return count


def sizes_arg(text: str) -> tuple[int, ...]:
    """Comma-separated snapshot sizes, at most five, each 1..2000000."""
    sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    if not 1 <= len(sizes) <= 5 or not all(1 <= size <= 2_000_000 for size in sizes):
        raise argparse.ArgumentTypeError("sizes: one to five sizes, each 1..2000000")
    return sizes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve_bench", description=__doc__)
    parser.add_argument("--points", type=points_arg, default=None, help="seed | N (seed + N)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per load run")
    parser.add_argument("--concurrency", type=int, default=32, help="open connections")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--rounds", type=int, default=3, help="trivial/nearest alternations")
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="seconds per endpoint, not reported"
    )
    parser.add_argument("--client", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument(
        "--endpoint",
        choices=("nearest", "search"),
        default="nearest",
        help="search: address search over the seed's own addresses (offline geocoder)",
    )
    parser.add_argument("--http", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--workers", type=int, default=1, help="panda serve --workers")
    parser.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="panda serve's JSON access log (on by default, as users run it)",
    )
    parser.add_argument("--in-process", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--sizes", type=sizes_arg, default=IN_PROCESS_SIZES)
    parser.add_argument("--queries", type=int, default=2_000, help="in-process queries per size")
    args = parser.parse_args(argv)
    if not (0 < args.duration <= 600 and 1 <= args.concurrency <= 1024 and 1 <= args.rounds <= 20):
        parser.error("duration 0..600 s, concurrency 1..1024, rounds 1..20")
    if not (1_000 <= args.queries <= 100_000 and 0 <= args.warmup <= 60):
        parser.error("queries 1000..100000, warmup 0..60 s")
    if not 1 <= args.threads <= args.concurrency:
        parser.error("threads 1..concurrency")
    if not 1 <= args.workers <= 32:
        parser.error("workers 1..32")
    return args


# ---------------------------------------------------------------- database and server


def build_database(directory: Path, points: int | None) -> str:
    """A SQLite file holding the seed, plus `points` synthetic places; its URL."""
    url = f"sqlite:///{directory / 'bench.db'}"
    runtime = prepare_database(Settings(database_url=url, load_seed_when_empty=True))
    try:
        if points:
            load_synthetic(runtime.engine, points)
    finally:
        runtime.engine.dispose()
    return url


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def server_command(port: int, args: argparse.Namespace) -> list[str]:
    """`panda serve` as users run it, on the loopback interface."""
    command = [sys.executable, "-m", "api.cli.main", "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(args.workers)]
    return command + ([] if args.access_log else ["--no-access-log"])


def server_environment(database_url: str) -> dict[str, str]:
    """This environment, with the benchmark's database and a read limit the load never hits."""
    return os.environ | {
        "PANDA_DATABASE_URL": database_url,
        "PANDA_RATE_LIMIT_READS": UNTHROTTLED_READS,
        "PYTHONPATH": str(PROJECT_ROOT),
    }


def wait_until_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll the trivial route until it answers; fail if the server dies or is too slow."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + TRIVIAL_PATH, timeout=2.0, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server not ready after {STARTUP_TIMEOUT_S:.0f} s")


@contextmanager
def running_server(
    database_url: str, directory: Path, args: argparse.Namespace
) -> Iterator[Server]:
    """Start `panda serve` in a subprocess; yield it; stop it."""
    port = free_port()
    env = server_environment(database_url)
    log = directory / "server.log"  # uvicorn's lines and the access log's, as in production
    with log.open("wb") as sink:
        process = subprocess.Popen(
            server_command(port, args),
            cwd=PROJECT_ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://{HOST}:{port}"
        wait_until_ready(base, process, log)
        yield Server(base, process.pid)
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server, killing it if it lingers."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


# ---------------------------------------------------------------- load generation


def search_addresses(count: int = HTTP_QUERY_POINTS) -> list[str]:
    """`count` distinct addresses on the seed's own streets, house numbers 1, 2, 3… on each,
    written as a counsellor types them: the geocoder does its whole work for each one."""
    places = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    streets: dict[str, str] = {}
    for place in places:
        match = NUMBERED_STREET.fullmatch(place["address"])
        if match:
            street = f"{match[1]} {place['postcode']} {place['commune']}"
            streets.setdefault(street.casefold(), street)
    numbers = -(-count // len(streets))
    return [f"{n} {street}" for n in range(1, numbers + 1) for street in streets.values()][:count]


def search_paths() -> list[str]:
    """Address searches over `search_addresses`."""
    return [
        f"/v1/access-points/search?{urlencode({'address': q, 'limit': LIMIT})}"
        for q in search_addresses()
    ]


def distinct_points(points: np.ndarray) -> list[tuple[float, float]]:
    """The points as written in the query (4 decimals, about 10 m), duplicates dropped."""
    return list(dict.fromkeys((round(lat, 4), round(lon, 4)) for lat, lon in points.tolist()))


def query_points(points: int | None) -> list[tuple[float, float]]:
    """`HTTP_QUERY_POINTS` distinct points: over Dijon Métropole for the seed, spread like the
    synthetic places across France otherwise."""
    rng = np.random.default_rng(QUERY_SEED)
    drawn: list[tuple[float, float]] = []
    while len(drawn) < HTTP_QUERY_POINTS:
        n = HTTP_QUERY_POINTS * 2
        if points is None:
            (lat0, lat1), (lon0, lon1) = DIJON_BOX
            batch = np.column_stack((rng.uniform(lat0, lat1, n), rng.uniform(lon0, lon1, n)))
        else:
            batch = synthetic_coordinates(n, seed=int(rng.integers(1 << 30)))
        drawn = distinct_points(np.vstack([np.array(drawn).reshape(-1, 2), batch]))
    return drawn[:HTTP_QUERY_POINTS]


def nearest_paths(points: int | None, endpoint: str = "nearest") -> list[str]:
    """The measured queries: distinct points (or addresses for search), never one repeated."""
    if endpoint == "search":
        return search_paths()
    return [
        f"/v1/access-points/nearest?lat={lat:.4f}&lon={lon:.4f}&limit={LIMIT}"
        for lat, lon in query_points(points)
    ]


def lua_script(paths: list[str]) -> str:
    """A wrk script cycling through `paths`."""
    entries = ",\n".join(f'  "{path}"' for path in paths)
    return (
        f"local paths = {{\n{entries}\n}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\nend\n'
    )


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_duration_ms(text: str) -> float:
    """A wrk duration such as 812.00us, 1.23ms or 2.01s, in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"unexpected wrk duration {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(label: str, output: str) -> LoadResult:
    """Requests/s, p50, p99, request and error counts from wrk's `--latency` output."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"(\d+) requests in", output)
    if not (rate and p50 and p99 and total):
        raise RuntimeError(f"could not parse wrk output:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(bad[1]) if bad else 0
    errors += sum(int(n) for n in sockets.groups()) if sockets else 0
    return LoadResult(
        label,
        float(rate[1]),
        parse_duration_ms(p50[1]),
        parse_duration_ms(p99[1]),
        int(total[1]),
        errors,
    )


def run_wrk(
    label: str, base: str, paths: list[str], args: argparse.Namespace, directory: Path
) -> LoadResult:
    """One wrk run: a plain URL for one path, a Lua script cycling through several."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.concurrency}", f"-d{args.duration:g}s"]
    command += ["--latency", "--timeout", "10s"]
    if len(paths) == 1:
        command.append(base + paths[0])
    else:
        script = directory / "paths.lua"
        script.write_text(lua_script(paths), encoding="utf-8")
        command += ["-s", str(script), base]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=args.duration + 60, check=True
    )
    return parse_wrk(label, completed.stdout)


async def _client_worker(
    client: httpx.AsyncClient, paths: list[str], offset: int, deadline: float, sink: list[float]
) -> int:
    """Send requests in a loop until the deadline; latencies (s) go to `sink`; the errors."""
    errors = 0
    i = offset
    while time.monotonic() < deadline and len(sink) < MAX_CLIENT_REQUESTS:
        start = time.perf_counter()
        try:
            response = await client.get(paths[i % len(paths)])
            errors += response.status_code != 200
        except httpx.HTTPError:
            errors += 1
        sink.append(time.perf_counter() - start)
        i += 1
    return errors


async def _run_client(
    base: str, paths: list[str], concurrency: int, duration: float
) -> tuple[list[float], int, float]:
    """Run `concurrency` workers for `duration` seconds; latencies, errors and elapsed time."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    client = httpx.AsyncClient(base_url=base, limits=limits, timeout=10.0, trust_env=False)
    async with client:
        start = time.monotonic()
        deadline = start + duration
        errors = await asyncio.gather(
            *(_client_worker(client, paths, k, deadline, latencies) for k in range(concurrency))
        )
        elapsed = time.monotonic() - start
    return latencies, sum(errors), elapsed


def run_httpx(label: str, base: str, paths: list[str], args: argparse.Namespace) -> LoadResult:
    """The fallback load generator: a bounded asyncio httpx client in this process."""
    latencies, errors, elapsed = asyncio.run(
        _run_client(base, paths, args.concurrency, args.duration)
    )
    p50, p99 = np.percentile(np.array(latencies) * 1000.0, [50, 99]) if latencies else (0, 0)
    return LoadResult(label, len(latencies) / elapsed, p50, p99, len(latencies), errors)


def use_wrk(choice: str) -> bool:
    """Whether to drive the load with wrk."""
    found = shutil.which("wrk") is not None
    if choice == "wrk" and not found:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    return choice == "wrk" or (choice == "auto" and found)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process, its threads and its children (`--workers`), from
    Linux /proc; None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    # utime and stime are fields 14 and 15 of stat(5), the 12th and 13th after the name.
    total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total + sum(cpu_seconds(child) or 0.0 for child in child_pids(pid))


def child_pids(pid: int) -> list[int]:
    """The children of a process, over all its threads (Linux /proc)."""
    children: list[int] = []
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children += [int(n) for n in listing.read_text().split()]
        except OSError:
            continue
    return children


def load_run(
    label: str, server: Server, paths: list[str], args: argparse.Namespace, directory: Path
) -> LoadResult:
    """One load run with the chosen client, with the server's CPU time per request."""
    before = cpu_seconds(server.pid)
    if use_wrk(args.client):
        result = run_wrk(label, server.base, paths, args, directory)
    else:
        result = run_httpx(label, server.base, paths, args)
    after = cpu_seconds(server.pid)
    if before is None or after is None or not result.requests:
        return result
    return replace(result, cpu_us=(after - before) / result.requests * 1e6)


def check_answers(base: str, paths: list[str]) -> float:
    """`CHECKED_PATHS` of the queries, evenly spread, answer 200 (wrk counts any other answer
    as an error); the mean number of places per answer."""
    counts = []
    for path in paths[:: max(1, len(paths) // CHECKED_PATHS)]:
        response = httpx.get(base + path, timeout=30.0, trust_env=False)
        response.raise_for_status()
        counts.append(response.json()["count"])
    return statistics.fmean(counts)


def measure_http(args: argparse.Namespace, directory: Path) -> HttpRun:
    """Alternate trivial and nearest runs against one server."""
    url = build_database(directory, args.points)
    paths = nearest_paths(args.points, args.endpoint)
    results: list[LoadResult] = []
    with running_server(url, directory, args) as server:
        found = check_answers(server.base, paths)
        if args.warmup > 0:
            warm = argparse.Namespace(**{**vars(args), "duration": args.warmup})
            load_run("warm-up", server, [TRIVIAL_PATH], warm, directory)
            load_run("warm-up", server, paths, warm, directory)
        for round_number in range(1, args.rounds + 1):
            results.append(load_run(f"{round_number}", server, [TRIVIAL_PATH], args, directory))
            results.append(load_run(f"{round_number}", server, paths, args, directory))
    return HttpRun(results, found, access_log_lines(directory / "server.log"), len(set(paths)))


def access_log_lines(log: Path) -> int:
    """The access log's JSON lines in the server's output (uvicorn's own lines are text)."""
    with log.open("rb") as lines:
        return sum(line.startswith(b"{") for line in lines)


# ---------------------------------------------------------------- in-process


def build_snapshot(places: int) -> tuple[Snapshot, float]:
    """A snapshot of `places` synthetic places (ids 1..n); the seconds it took."""
    gc.disable()
    try:
        start = time.perf_counter()
        snapshot = Snapshot(1, synthetic_public(places), [])
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    return snapshot, elapsed


def time_queries(snapshot: Snapshot, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nanoseconds per `nearest` call and places found, one per query point."""
    times = np.empty(len(points), dtype=np.int64)
    found = np.empty(len(points), dtype=np.int64)
    for i, (lat, lon) in enumerate(points.tolist()):
        start = time.perf_counter_ns()
        hits = snapshot.nearest(lat, lon, LIMIT, RADIUS_M, None, QUERY_MOMENT, False)
        times[i] = time.perf_counter_ns() - start
        found[i] = len(hits)
    return times, found


def measure_size(places: int, points: np.ndarray) -> InProcessResult:
    """Build one snapshot and time every query point against it, after a short warm-up."""
    snapshot, build_s = build_snapshot(places)
    gc.collect()
    gc.freeze()  # the snapshot's millions of objects are not what is being timed
    try:
        time_queries(snapshot, points[:100])
        times, found = time_queries(snapshot, points)
    finally:
        gc.unfreeze()
        del snapshot
        gc.collect()
    return InProcessResult(
        places,
        build_s,
        float(np.median(times)) / 1000.0,
        float(np.percentile(times, 99)) / 1000.0,
        float(np.median(found)),
        int(found.min()),
    )


def measure_in_process(sizes: Sequence[int], queries: int) -> list[InProcessResult]:
    """`Snapshot.nearest` at each size, on the same random query points across France."""
    points = synthetic_coordinates(queries, seed=QUERY_SEED + 1)
    return [measure_size(size, points) for size in sizes]


# ---------------------------------------------------------------- report


def verdict(met: bool) -> str:
    """Met or missed, for the report."""
    return "met" if met else "**missed**"


def _cpu_cell(result: LoadResult) -> str:
    """The CPU-per-request cell, or a dash when it was not measured."""
    return "–" if result.cpu_us is None else f"{result.cpu_us:,.0f}"


def http_rows(results: list[LoadResult], name: str = "nearest") -> list[str]:
    """One Markdown table row per load run; trivial and the measured endpoint alternate."""
    rows = []
    for i, r in enumerate(results):
        endpoint = "trivial" if i % 2 == 0 else name
        rows.append(
            f"| {r.label} | {endpoint} | {r.requests_per_s:,.0f} | {r.p50_ms:.2f} | "
            f"{r.p99_ms:.2f} | {_cpu_cell(r)} | {r.requests:,} | {r.errors} |"
        )
    return rows


def cpu_ratio(results: list[LoadResult]) -> float | None:
    """Server CPU per trivial request over CPU per nearest request, when measured: the
    median of the rounds' ratios."""
    pairs = zip(results[0::2], results[1::2], strict=True)
    ratios = [t.cpu_us / m.cpu_us for t, m in pairs if t.cpu_us and m.cpu_us]
    return statistics.median(ratios) if ratios else None


def http_summary(results: list[LoadResult], target: float, name: str = "nearest") -> list[str]:
    """The throughput ratio against its target, and the CPU-cost ratio beside it."""
    # Each round's ratio of its own two runs, then their median: a busy spell on the shared
    # machine moves one round's pair together rather than one endpoint against the other.
    ratios = [
        m.requests_per_s / t.requests_per_s
        for t, m in zip(results[0::2], results[1::2], strict=True)
    ]
    ratio = statistics.median(ratios)
    lines = [
        f"{name} / trivial throughput: **{ratio:.2f}** (median of the rounds' ratios "
        f"{', '.join(f'{r:.2f}' for r in ratios)}; target ≥ {target:.2f}: "
        f"{verdict(ratio >= target)})",
    ]
    by_cpu = cpu_ratio(results)
    if by_cpu is not None:
        lines += [
            "",
            f"trivial / {name} server CPU per request: **{by_cpu:.2f}** (median over rounds; "
            f"the throughput ratio on a core of its own; target ≥ {target:.2f}: "
            f"{verdict(by_cpu >= target)})",
        ]
    return lines


def client_name(args: argparse.Namespace) -> str:
    """The load generator, as the report names it."""
    if use_wrk(args.client):
        return f"wrk, {args.threads} thread(s)"
    return "asyncio httpx client in this process (it may be the bottleneck; trust the CPU ratio)"


def provenance(args: argparse.Namespace, logged: int) -> str:
    """What served the load, at which commit, when: for the record in docs/benchmarks.md."""
    git = ["git", "-C", str(PROJECT_ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run(
        [*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
    )
    at = commit.stdout.strip() or "unknown"
    at += " with uncommitted changes" if changed.stdout.strip() else ""
    log = f"on ({logged:,} JSON lines written)" if args.access_log else "off"
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return (
        f"Server: `panda serve --workers {args.workers}`, access log {log}; commit {at}; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine load average at the end {load} "
        f"(1, 5, 15 min; {os.cpu_count()} cores, shared)."
    )


def http_report(args: argparse.Namespace, run: HttpRun) -> str:
    """Markdown table of the load runs, with the throughput ratio and its target."""
    results = run.results
    label = "seed" if args.points is None else f"seed + {args.points:,} synthetic"
    target = TARGETS["seed" if args.points is None else "synthetic"]
    if args.endpoint == "search":
        target = SEARCH_TARGET
    lines = [
        f"### HTTP, {label} ({args.duration:g} s per run, {args.concurrency} connections)",
        "",
        "| Round | Endpoint | Requests/s | p50 (ms) | p99 (ms) | Server CPU/request (µs) "
        "| Requests | Errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        *http_rows(results, args.endpoint),
        "",
        f"Load generator: {client_name(args)}. "
        f"Places per {args.endpoint} answer (mean over the query points): {run.found:.1f}. "
        f"Distinct queries cycled through: {run.distinct:,}.",
        "",
        provenance(args, run.logged),
        "",
        *http_summary(results, target, args.endpoint),
    ]
    return "\n".join(lines)


def in_process_report(results: list[InProcessResult], queries: int) -> str:
    """Markdown table of the in-process timings, with the scaling ratio and its target."""
    lines = [
        f"### In-process `Snapshot.nearest` (limit {LIMIT}, radius {RADIUS_M / 1000:g} km, "
        f"{queries:,} queries)",
        "",
        "| Places | Build (s) | Median (µs) | p99 (µs) | Found (median) | Found (min) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.places:,} | {r.build_s:.1f} | {r.median_us:.0f} | {r.p99_us:.0f} | "
            f"{r.median_found:g} | {r.min_found} |"
        )
    by_size = {r.places: r.median_us for r in results}
    if 1_000 in by_size and 1_000_000 in by_size:
        ratio = by_size[1_000_000] / by_size[1_000]
        target = TARGETS["scaling"]
        lines += [
            "",
            f"t(1M) / t(1k): **{ratio:.2f}** (target ≤ {target:g}: {verdict(ratio <= target)})",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the requested measurements and print the Markdown report."""
    args = parse_args(argv)
    sections = []
    if args.http:
        with tempfile.TemporaryDirectory(prefix="panda-bench-") as tmp:
            run = measure_http(args, Path(tmp))
        sections.append(http_report(args, run))
    if args.in_process:
        sections.append(
            in_process_report(measure_in_process(args.sizes, args.queries), args.queries)
        )
    print("\n\n".join(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
