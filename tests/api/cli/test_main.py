"""Issue 17: `panda serve` against a database it cannot reach says so in one French line and
exits 1 (item 9); behind a reverse proxy it passes --proxy-headers and --forwarded-allow-ips to
uvicorn, so that rate limits count the clients, not the proxy (api/cli/main.py)."""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.cli import main as cli
from tests.live_server import ROOT, free_port

UNREADABLE = (
    "démarrage refusé : adresse de base de données illisible (PANDA_DATABASE_URL) : attendu "
    "sqlite:///chemin.db ou postgresql+psycopg://utilisateur@hôte/base"
)


def serve(database_url: str) -> subprocess.CompletedProcess[str]:
    """`panda serve` as users run it, on this database URL; it must stop by itself."""
    environment = {**os.environ, "PANDA_DATABASE_URL": database_url}
    environment.pop("PANDA_TEST_DATABASE_URL", None)
    command = [sys.executable, "-m", "api.cli.main", "serve", "--port", str(free_port())]
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_serve_on_a_refused_postgres_server_says_it_in_one_line() -> None:
    port = free_port()
    result = serve(f"postgresql+psycopg://panda:s3cret@127.0.0.1:{port}/panda")
    lines = result.stderr.splitlines()
    assert (result.returncode, len(lines)) == (1, 2), result.stderr
    assert lines[0] == f"base de données : postgresql+psycopg://panda:***@127.0.0.1:{port}/panda"
    assert lines[1].startswith("base de données injoignable : connection failed:")
    assert "Connection refused" in lines[1] and "s3cret" not in result.stderr


def test_serve_on_a_sqlite_file_it_cannot_open_says_it_in_one_line(tmp_path: Path) -> None:
    result = serve(f"sqlite:///{tmp_path / 'missing' / 'panda.db'}")
    assert (result.returncode, result.stderr.splitlines()[1:]) == (
        1,
        ["base de données injoignable : unable to open database file"],
    )


def test_serve_with_an_unreadable_url_says_it_without_echoing_it() -> None:
    result = serve("panda:s3cret@nowhere")
    assert (result.returncode, result.stderr.splitlines()) == (
        1,
        ["base de données : (illisible)", UNREADABLE],
    )


def test_serve_passes_the_proxy_options_to_uvicorn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append(options))
    runner = CliRunner()
    arguments = ["serve", "--proxy-headers", "--forwarded-allow-ips", "10.0.0.5,10.0.1.0/24"]
    assert runner.invoke(cli.app, arguments).exit_code == 0
    assert runner.invoke(cli.app, ["serve"]).exit_code == 0
    assert (calls[0]["proxy_headers"], calls[0]["forwarded_allow_ips"]) == (
        True,
        "10.0.0.5,10.0.1.0/24",
    )
    assert (calls[1]["proxy_headers"], calls[1]["forwarded_allow_ips"]) == (True, None)


def test_rate_limits_count_the_clients_a_trusted_proxy_names(
    client_factory: Callable[..., TestClient],
) -> None:
    app = client_factory(rate_limit_reads="2/minute").app
    # What `--proxy-headers --forwarded-allow-ips` sets up in uvicorn (the test client's
    # address is "testclient").
    proxy = ProxyHeadersMiddleware(app, trusted_hosts="testclient")  # type: ignore[arg-type]
    proxied = TestClient(proxy)  # type: ignore[arg-type]

    def status(client_address: str) -> int:
        headers = {"X-Forwarded-For": client_address}
        return proxied.get("/v1/communes", headers=headers).status_code

    first = [status("203.0.113.1") for _ in range(3)]
    assert (first, status("203.0.113.2")) == ([200, 200, 429], 200)
