"""A real server for tests: `panda serve` on a free 127.0.0.1 port, and a database of its own.

Used by the end-to-end, concurrency and browser tests, so that what they exercise is the
command users run, not an in-process client.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import make_url

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 90  # a loaded CI machine took over 30 s to load the seed and the communes
# For a suite that sends many requests from one address on purpose: limits it never reaches,
# with the limiter still in the path (`panda serve` answers 429 past its default limits).
UNTHROTTLED = {
    f"PANDA_RATE_LIMIT_{kind}": "100000/minute" for kind in ("READS", "WRITES", "AUTH_FAILURES")
}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def server_database(workdir: Path) -> Iterator[str]:
    """A fresh PostgreSQL database on PANDA_TEST_DATABASE_URL (dropped afterwards), or else
    a SQLite file in `workdir`; yields its URL."""
    server = os.environ.get("PANDA_TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{workdir / 'panda.db'}"
        return
    with temporary_database(server, "panda_live") as url:
        yield url


@contextmanager
def temporary_database(server: str, prefix: str) -> Iterator[str]:
    """A new database on the PostgreSQL `server` (a SQLAlchemy URL), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    conninfo = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class LiveServer:
    """A running `panda serve`: its base URL and its process id (one process, no workers)."""

    base: str
    pid: int


@contextmanager
def panda_server(workdir: Path, database_url: str, **env: str) -> Iterator[str]:
    """`python -m api.cli.main serve` on a free port; yields its base URL."""
    with live_server(workdir, database_url, **env) as server:
        yield server.base


@contextmanager
def live_server(workdir: Path, database_url: str, **env: str) -> Iterator[LiveServer]:
    """`panda_server`, yielding its process id as well (to read its memory, say)."""
    port = free_port()
    environment = {**os.environ, "PANDA_DATABASE_URL": database_url, **env}
    environment.pop("PANDA_TEST_DATABASE_URL", None)
    command = [sys.executable, "-m", "api.cli.main", "serve", "--port", str(port)]
    log = workdir / f"server-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=sink, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, process, log)
            yield LiveServer(base, process.pid)
        finally:
            process.terminate()
            process.wait(timeout=10)


def wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Return once `/health` answers; fail with the server's log if it exits or is slow."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()}")
        try:
            httpx.get(f"{base}/health", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise TimeoutError(f"server did not start in {START_TIMEOUT_S} s:\n{log.read_text()}")
