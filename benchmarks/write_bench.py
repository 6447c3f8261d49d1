"""Writes at scale: two `panda serve` processes on one PostgreSQL database of 100,000 places.

Measures what the read model promises (docs/architecture.md): a PATCH answers fast, the other
process serves the change within a second, reads keep their latency while writes arrive every
2 s, memory stays flat over 100 writes, and a process starts and fits in memory at this size.
Run `python -m benchmarks.write_bench --help`; the report is Markdown on stdout.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlmodel import Session

from api.app import prepare_database
from api.auth.keys import create_key
from api.settings import Settings
from benchmarks.import_bench import POSTGRES_SERVER
from benchmarks.serve_bench import (
    HOST,
    PROJECT_ROOT,
    TRIVIAL_PATH,
    free_port,
    lua_script,
    nearest_paths,
    parse_wrk,
    server_environment,
    stop,
    wait_until_ready,
)
from benchmarks.synthetic import load_synthetic
from models.api_key import Scope
from tests.live_server import temporary_database

TARGETS = {
    "patch_ms": 100.0,
    "other_process_s": 1.0,
    "p99_ratio": 2.0,
    "memory_drift": 0.10,
    "rss_mb": 1024.0,
    "startup_s": 10.0,
    # Issue 23: what the places add to a seed-only process, and its start-up, in one run.
    "rss_over_seed_mb": 500.0,
    "startup_over_seed": 2.0,
}
HOURS = ("Mo-Fr 09:00-12:00,14:00-18:00", "Tu-Sa 10:00-18:00")
VISIBLE_TIMEOUT_S = 10.0


@dataclass
class Process:
    """A running `panda serve`: base URL, pid, and seconds from spawn to its first answer."""

    base: str
    process: subprocess.Popen[bytes]
    startup_s: float

    def rss_mb(self) -> float:
        """Resident memory now, from /proc (MiB)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")


@dataclass
class Writes:
    """What the writes measured: PATCH latency, delay until the other process served them."""

    patch_ms: list[float] = field(default_factory=list)
    visible_s: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--places", type=int, default=100_000, help="synthetic places (+ seed)")
    parser.add_argument("--writes", type=int, default=100, help="consecutive PATCH requests")
    parser.add_argument("--duration", type=int, default=20, help="seconds per read load run")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--server", default=POSTGRES_SERVER, help="PostgreSQL server URL")
    return parser.parse_args(argv)


def build_database(url: str, places: int) -> None:
    """Schema, seed and `places` synthetic places, written before any server starts."""
    runtime = prepare_database(Settings(database_url=url, load_seed_when_empty=True))
    try:
        if places:
            load_synthetic(runtime.engine, places)
    finally:
        runtime.engine.dispose()


def write_key(url: str) -> dict[str, str]:
    """A key with the write scope, made directly in the database."""
    runtime = prepare_database(Settings(database_url=url, load_seed_when_empty=False))
    try:
        with Session(runtime.engine) as session:
            _, secret = create_key(session, "write-bench", [Scope.WRITE])
            session.commit()
    finally:
        runtime.engine.dispose()
    return {"Authorization": f"Bearer {secret}"}


def environment(url: str) -> dict[str, str]:
    """The serving benchmark's environment, writes unthrottled too (one key makes them all)."""
    return server_environment(url) | {"PANDA_RATE_LIMIT_WRITES": "1000000/minute"}


@contextmanager
def serving(url: str, directory: Path, name: str) -> Iterator[Process]:
    """`panda serve` as users run it (one worker, no access log), timed from spawn."""
    port = free_port()
    log = directory / f"{name}.log"
    command = [sys.executable, "-m", "api.cli.main", "serve", "--host", HOST, "--port", str(port)]
    command += ["--no-access-log"]
    started = time.monotonic()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=environment(url), stdout=sink, stderr=sink
        )
    try:
        base = f"http://{HOST}:{port}"
        wait_until_ready(base, process, log)
        yield Process(base, process, time.monotonic() - started)
    finally:
        stop(process)


def wrk(base: str, paths: list[str], args: argparse.Namespace, directory: Path) -> float:
    """The p99 (ms) of a wrk run of `args.duration` seconds cycling through `paths`."""
    script = directory / "paths.lua"
    script.write_text(lua_script(paths))
    command = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    output = subprocess.run(
        [*command, "-s", str(script), base], capture_output=True, text=True, check=True
    ).stdout
    result = parse_wrk("nearest", output)
    if result.errors:
        raise RuntimeError(f"wrk saw {result.errors} errors")
    return result.p99_ms


def write_once(
    writer: Process, reader: Process, key: dict[str, str], place: int, hours: str, into: Writes
) -> None:
    """PATCH one place's hours on `writer`, then wait until `reader` serves the new ETag."""
    url = f"/v1/access-points/{place}"
    with httpx.Client(trust_env=False, timeout=30) as client:
        etag = client.get(writer.base + url).headers["etag"]
        started = time.perf_counter()
        answer = client.patch(
            writer.base + url, json={"opening_hours": hours}, headers=key | {"If-Match": etag}
        )
        into.patch_ms.append((time.perf_counter() - started) * 1000)
        answer.raise_for_status()
        written = time.monotonic()
        while reader.base and time.monotonic() - written < VISIBLE_TIMEOUT_S:
            if client.get(reader.base + url).headers["etag"] == answer.headers["etag"]:
                break
            time.sleep(0.002)
        else:
            raise RuntimeError("the other process never served the change")
        into.visible_s.append(time.monotonic() - written)


def consecutive_writes(writer: Process, reader: Process, key: dict[str, str], count: int) -> Writes:
    """`count` PATCH requests one after the other, memory read after each."""
    writes = Writes()
    for i in range(count):
        write_once(writer, reader, key, 1 + i % 50, HOURS[i % 2], writes)
        writes.rss_mb.append(writer.rss_mb())
    return writes


def reads_during_writes(
    writer: Process, reader: Process, key: dict[str, str], args: argparse.Namespace, tmp: Path
) -> tuple[float, float, Writes]:
    """Read p99 on `writer` without writes, then with a PATCH every 2 s; and those writes."""
    paths = nearest_paths(args.places)
    quiet = wrk(writer.base, paths, args, tmp)
    writes = Writes()
    stopping = threading.Event()

    def write_every_2_s() -> None:
        i = 0
        while not stopping.wait(2.0):
            write_once(writer, reader, key, 60 + i % 5, HOURS[i % 2], writes)
            i += 1

    thread = threading.Thread(target=write_every_2_s)
    thread.start()
    try:
        busy = wrk(writer.base, paths, args, tmp)
    finally:
        stopping.set()
        thread.join()
    return quiet, busy, writes


def trivial_ok(process: Process) -> None:
    """The liveness route answers (the server is up and serving)."""
    httpx.get(process.base + TRIVIAL_PATH, trust_env=False, timeout=5).raise_for_status()


@dataclass(frozen=True)
class SeedOnly:
    """The same server on the seed alone, measured in the same run: start-up, idle memory."""

    startup_s: float
    rss_mb: float


def seed_only(args: argparse.Namespace, tmp: Path) -> SeedOnly:
    """Start `panda serve` on a database of the seed alone; its start-up and idle memory."""
    with temporary_database(args.server, "panda_write_bench_seed") as url:
        build_database(url, 0)
        with serving(url, tmp, "seed") as alone:
            trivial_ok(alone)
            time.sleep(2)  # as for the large process: start-up allocations settle
            return SeedOnly(alone.startup_s, alone.rss_mb())


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(
    args: argparse.Namespace,
    first: Process,
    idle_rss: float,
    writes: Writes,
    quiet: float,
    busy: float,
    busy_writes: Writes,
    seed: SeedOnly,
) -> str:
    """The Markdown table of targets and measured figures."""
    drift = (writes.rss_mb[-1] - writes.rss_mb[0]) / writes.rss_mb[0]
    patch_p50, patch_max = median(writes.patch_ms), max(writes.patch_ms)
    seen_p50, seen_max = median(writes.visible_s), max(writes.visible_s)
    rows = [
        (
            "PATCH answers (median, max)",
            f"{patch_p50:.1f} ms, {patch_max:.1f} ms",
            patch_p50 <= TARGETS["patch_ms"],
            "≤ 100 ms",
        ),
        (
            "other process serves the change (median, max)",
            f"{seen_p50 * 1000:.0f} ms, {seen_max * 1000:.0f} ms",
            seen_max <= TARGETS["other_process_s"],
            "≤ 1 s",
        ),
        (
            "read p99, writes every 2 s / no writes",
            f"{busy:.1f} / {quiet:.1f} ms = {busy / quiet:.2f}×",
            busy / quiet <= TARGETS["p99_ratio"],
            "≤ 2×",
        ),
        (
            f"resident memory after write 1 → {len(writes.rss_mb)}",
            f"{writes.rss_mb[0]:.0f} → {writes.rss_mb[-1]:.0f} MiB ({drift:+.1%})",
            abs(drift) <= TARGETS["memory_drift"],
            "± 10 %",
        ),
        (
            "resident memory, idle after start-up",
            f"{idle_rss:.0f} MiB",
            idle_rss <= TARGETS["rss_mb"],
            "≤ 1 GB",
        ),
        (
            "start-up (spawn to first answer)",
            f"{first.startup_s:.1f} s",
            first.startup_s <= TARGETS["startup_s"],
            "≤ 10 s",
        ),
        (
            "resident memory over the seed alone's (idle, same run)",
            f"{idle_rss:.0f} − {seed.rss_mb:.0f} = {idle_rss - seed.rss_mb:.0f} MiB "
            f"({(idle_rss - seed.rss_mb) * 1024 * 1024 / 1e6 / args.places * 1000:.1f} KB a place)",
            (idle_rss - seed.rss_mb) * 1024 * 1024 / 1e6 <= TARGETS["rss_over_seed_mb"],
            "≤ 500 MB",
        ),
        (
            "start-up over the seed alone's (same run)",
            f"{first.startup_s:.1f} / {seed.startup_s:.1f} s = "
            f"{first.startup_s / seed.startup_s:.2f}×",
            first.startup_s / seed.startup_s <= TARGETS["startup_over_seed"],
            "≤ 2×",
        ),
    ]
    lines = [
        f"### Writes at {args.places:,} places (+ seed), PostgreSQL, two `panda serve` processes",
        "",
        "| Measure | Measured | Target | Verdict |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {name} | {value} | {target} | {'met' if ok else 'NOT met'} |"
        for name, value, ok, target in rows
    ]
    lines += [
        "",
        f"{len(writes.patch_ms)} consecutive PATCH requests (hours of 50 places in turn); "
        f"{len(busy_writes.patch_ms)} more during the {args.duration} s read run with writes, "
        f"whose PATCH median was {median(busy_writes.patch_ms):.1f} ms and whose changes the "
        f"other process served after a median {median(busy_writes.visible_s) * 1000:.0f} ms. "
        f"Reads: wrk, 1 thread, {args.connections} connections, the serving benchmark's "
        f"{len(nearest_paths(args.places)):,} distinct nearest queries.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="panda-write-bench-") as scratch:
        tmp = Path(scratch)
        print("the seed alone…", file=sys.stderr)
        seed = seed_only(args, tmp)
        with temporary_database(args.server, "panda_write_bench") as url:
            print(f"building {args.places:,} places…", file=sys.stderr)
            build_database(url, args.places)
            key = write_key(url)
            with serving(url, tmp, "first") as first, serving(url, tmp, "second") as second:
                trivial_ok(first)
                time.sleep(2)  # let start-up allocations settle
                idle_rss = first.rss_mb()
                print("writes…", file=sys.stderr)
                writes = consecutive_writes(first, second, key, args.writes)
                print("reads with and without writes…", file=sys.stderr)
                quiet, busy, busy_writes = reads_during_writes(first, second, key, args, tmp)
            print(report(args, first, idle_rss, writes, quiet, busy, busy_writes, seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
