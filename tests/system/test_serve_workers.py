"""`panda serve --workers 2` on one database (a SQLite file in WAL mode, or PostgreSQL with
PANDA_TEST_DATABASE_URL): the seed is loaded once, both workers start, and a write through one
reaches every answer once the other's read model caught up."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from api.auth.keys import create_key
from api.database import make_engine
from models.api_key import Scope
from tests.conftest import bearer
from tests.live_server import ROOT, UNTHROTTLED, free_port, server_database, wait_until_up

WORKERS = 2
STARTED = b"Application startup complete."
START_TIMEOUT_S = 60.0
# Every worker's poller runs this often on SQLite; PostgreSQL tells them at once.
REFRESH_S = 0.2
CAUGHT_UP_S = 10.0
FRESH_READS = 20  # reads on new connections, spread by the kernel over the workers


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """`panda serve --workers 2` on a new database: base URL, database URL, server log."""
    with server_database(tmp_path) as url:
        port = free_port()
        environment = os.environ | UNTHROTTLED | {"PANDA_DATABASE_URL": url}
        environment |= {"PANDA_SNAPSHOT_REFRESH_S": str(REFRESH_S)}
        environment.pop("PANDA_TEST_DATABASE_URL", None)
        command = [sys.executable, "-m", "api.cli.main", "serve", "--port", str(port)]
        log = tmp_path / "server.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [*command, "--workers", str(WORKERS)],
                cwd=ROOT,
                env=environment,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, process, log)
            wait_for_workers(log)
            yield base, url, log
        finally:
            process.terminate()
            process.wait(timeout=30)


def wait_for_workers(log: Path) -> None:
    """Return once every worker said its start-up is complete."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while log.read_bytes().count(STARTED) < WORKERS:
        if time.monotonic() > deadline:
            raise TimeoutError(log.read_text(errors="replace"))
        time.sleep(0.1)


def fresh_read(url: str) -> httpx.Response:
    """A GET on a connection of its own, so that any worker may answer it."""
    return httpx.get(url, timeout=30, headers={"Connection": "close"})


def test_serve_workers_load_the_seed_once_and_each_serve_it(
    served: tuple[str, str, Path],
) -> None:
    base, _url, log = served
    places = {fresh_read(f"{base}/health").json()["places"] for _ in range(FRESH_READS)}
    text = log.read_text(errors="replace")
    seeded = text.count("seed chargée : 68 lieux")
    assert (places, seeded, text.count(STARTED.decode())) == ({68}, 1, WORKERS)


def test_serve_workers_all_serve_a_write_once_caught_up(served: tuple[str, str, Path]) -> None:
    base, url, _log = served
    engine = make_engine(url)
    with Session(engine) as session:
        _key, secret = create_key(session, "workers-test", [Scope.WRITE])
    engine.dispose()
    place = httpx.get(f"{base}/v1/access-points", params={"size": 1}).json()["items"][0]
    path = f"{base}/v1/access-points/{place['id']}"
    headers = bearer(secret) | {"If-Match": fresh_read(path).headers["etag"]}
    patched = httpx.patch(path, headers=headers, json={"phone": "+33380000222"}, timeout=30)
    assert patched.status_code == 200, patched.text
    deadline = time.monotonic() + CAUGHT_UP_S
    phones: set[str] = set()
    while time.monotonic() < deadline:
        phones = {fresh_read(path).json()["phone"] for _ in range(FRESH_READS)}
        if phones == {"+33380000222"}:
            break
        time.sleep(REFRESH_S)
    assert phones == {"+33380000222"}
