"""End to end: `panda serve` on a real port, a fresh SQLite file, queried over HTTP."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PANDA_DATABASE_URL": f"sqlite:///{tmp_path / 'panda.db'}"}
    env.pop("PANDA_TEST_DATABASE_URL", None)
    command = [sys.executable, "-m", "api.cli", "serve", "--port", str(port)]
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, process, log)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


def wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text())
        try:
            httpx.get(f"{base}/health", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise TimeoutError("server did not start in 30 s")


def test_serve_creates_database_loads_seed_and_answers(server: str, tmp_path: Path) -> None:
    health = httpx.get(f"{server}/health").json()
    nearest = httpx.get(
        f"{server}/v1/access-points/nearest", params={"lat": 47.3216, "lon": 5.0415, "limit": 3}
    ).json()
    assert (health["places"], (tmp_path / "panda.db").exists()) == (68, True)
    assert nearest["items"][0]["name"] == "Bibliothèque La Nef"


def test_serve_publishes_openapi_with_operation_ids(server: str) -> None:
    paths = httpx.get(f"{server}/openapi.json").json()["paths"]
    assert paths["/v1/access-points/nearest"]["get"]["operationId"] == "nearestAccessPoints"
