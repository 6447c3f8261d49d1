"""Server memory during a ~20 MB import: `panda serve` on 127.0.0.1, one POST /v1/imports.

The file is the national standard's CSV of synthetic places (benchmarks.import_bench). The
server's resident memory (VmRSS of its process) is sampled every few milliseconds before,
during and after the import; the kernel's own high-water mark (VmHWM) is read as well.

Run from the project root:
`python -m benchmarks.import_memory [--rows 80000] [--database sqlite|postgres]`.
Everything goes to a temporary directory (and, for PostgreSQL, a database created on
--server and dropped at the end); the only output is the report on stdout.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlmodel import Session

from api.auth.keys import create_key
from api.database import make_engine
from benchmarks.import_bench import POSTGRES_SERVER, synthetic_csv
from models.api_key import Scope
from tests.live_server import temporary_database

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_S = 0.005
SETTLE_S = 3.0
START_TIMEOUT_S = 120.0
TARGET_RATIO = 3.0
MB = 1e6
# A dry run reads, validates and upserts every row, then rolls back: the import alone. A real
# import also rebuilds the read model of every place after its commit, which is not the
# import's memory; the unchanged import writes nothing, so the read model stays as it was.
# The target (peak - base <= 3 x the file) is judged on those two.
SCENARIOS: tuple[tuple[str, dict[str, str], bool], ...] = (
    ("dry run, empty database", {"dry_run": "true"}, True),
    ("into an empty database (+ read model)", {}, False),
    ("again, all rows unchanged", {}, True),
)


def rss_bytes(pid: int, field: str = "VmRSS") -> int:
    """A memory figure of a process from /proc/<pid>/status, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} for process {pid}")


class Sampler:
    """The highest VmRSS of a process seen between start() and stop()."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._running = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while self._running.is_set():
            self.peak = max(self.peak, rss_bytes(self.pid))
            time.sleep(SAMPLE_S)

    def __enter__(self) -> "Sampler":
        self._running.set()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._running.clear()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes(self.pid))


@dataclass(frozen=True)
class Measure:
    """One import as the server lived it."""

    label: str
    judged: bool
    status: int
    seconds: float
    base: int
    peak: int
    after: int
    hwm: int


@contextmanager
def database(kind: str, workdir: Path, server: str) -> Iterator[str]:
    """A SQLite file in `workdir`, or a fresh PostgreSQL database dropped at the end."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'panda.db'}"
        return
    with temporary_database(server, "panda_bench") as url:
        yield url


@contextmanager
def serve(workdir: Path, url: str, port: int, limit: int) -> Iterator[subprocess.Popen[bytes]]:
    """`panda serve` (one process: its pid is the server's) until the block ends."""
    env = {
        **os.environ,
        "PANDA_DATABASE_URL": url,
        "PANDA_IMPORT_MAX_BYTES": str(limit),
        "PANDA_METRICS_ENABLED": "false",
    }
    command = [sys.executable, "-m", "api.cli.main", "serve", "--port", str(port)]
    log = workdir / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the server did not start:\n{log.read_text()}")
                try:
                    httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def import_once(
    label: str, judged: bool, base: str, pid: int, key: str, data: bytes, params: dict[str, str]
) -> Measure:
    """POST the file and follow the server's memory; `after` is read SETTLE_S later."""
    time.sleep(1.0)
    before = rss_bytes(pid)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "text/csv"}
    with Sampler(pid) as sampler:
        start = time.perf_counter()
        response = httpx.post(
            f"{base}/v1/imports", content=data, headers=headers, params=params, timeout=600
        )
        seconds = time.perf_counter() - start
        time.sleep(SETTLE_S)
    if response.status_code != 200:
        raise SystemExit(f"{label}: {response.status_code} {response.text[:500]}")
    after, hwm = rss_bytes(pid), rss_bytes(pid, "VmHWM")
    return Measure(label, judged, response.status_code, seconds, before, sampler.peak, after, hwm)


def report(rows: int, size: int, measures: list[Measure]) -> str:
    """The figures as a Markdown table."""
    lines = [
        f"{rows:,} rows, {size / MB:.1f} MB of CSV",
        "",
        "| import | seconds | rows/s | base MB | peak MB | after MB | VmHWM MB "
        "| (peak - base) / file |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        ratio = (m.peak - m.base) / size
        lines.append(
            f"| {m.label} | {m.seconds:.1f} | {rows / m.seconds:,.0f} | {m.base / MB:.0f} "
            f"| {m.peak / MB:.0f} | {m.after / MB:.0f} | {m.hwm / MB:.0f} | {ratio:.2f} |"
        )
    worst = max((m.peak - m.base) / size for m in measures if m.judged)
    verdict = "met" if worst <= TARGET_RATIO else "not met"
    judged = f"target ≤ {TARGET_RATIO:g}, the import alone: {verdict}"
    lines += ["", f"worst (peak - base) / file size: **{worst:.2f}** ({judged})"]
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=80_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--server", default=POSTGRES_SERVER, help="PostgreSQL server URL")
    args = parser.parse_args()
    print(f"building {args.rows:,} synthetic places ...", file=sys.stderr, flush=True)
    data = synthetic_csv(args.rows)
    with (
        tempfile.TemporaryDirectory(prefix="panda-import-memory-") as directory,
        database(args.database, Path(directory), args.server) as url,
    ):
        port = free_port()
        limit = max(20_000_000, len(data) + 1)
        with serve(Path(directory), url, port, limit) as process:
            engine = make_engine(url)
            with Session(engine) as session:
                _key, secret = create_key(session, "import-memory-bench", [Scope.IMPORT])
            engine.dispose()
            base = f"http://127.0.0.1:{port}"
            measures = []
            for label, params, judged in SCENARIOS:
                print(f"  import {label} ...", file=sys.stderr, flush=True)
                measures.append(import_once(label, judged, base, process.pid, secret, data, params))
    print(report(args.rows, len(data), measures))


if __name__ == "__main__":
    main()
