"""The `panda` command (api/cli/main.py). Issue 17: `panda serve` against a database it cannot
reach says so in one French line and exits 1 (item 9); behind a reverse proxy it passes
--proxy-headers and --forwarded-allow-ips to uvicorn, so that rate limits count the clients, not
the proxy. Issue 18: every help of every command reads in French; `panda seed load` reports in
French."""

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer.main
from fastapi.testclient import TestClient
from typer.core import TyperGroup
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


def command_paths(group: TyperGroup, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every group and command under `group`, as the words typed to reach it."""
    paths = [path]
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            paths += command_paths(command, (*path, name))
        else:
            paths.append((*path, name))
    return paths


# Words of English, none of which is also a French word of the help texts.
# (« file » is French too: « remet en file », the outbox's queue.)
ENGLISH = {"the", "of", "and", "to", "for", "with", "when", "this", "from", "is", "are", "by",
           "its", "it", "or", "files", "key", "places", "show", "usage", "commands", "default",
           "exit", "print", "error", "try"}  # fmt: skip
# What typer writes itself and cannot be said in French (api/cli/french.py): type names, and
# the tag of a required argument or option; and names: options, paths, variables, headers,
# and codes a command takes as values (`no_error`, `place_closed`).
NOT_PROSE = re.compile(
    r"<[a-z ]+>|\[required\]|--[\w-]+|\S*[/.]\w\S*|[A-Z]\w*[_-][A-Z]\S*|\b[a-z]+(?:_[a-z]+)+\b"
)
PATHS = command_paths(typer.main.get_command(cli.app))  # type: ignore[arg-type]
# `panda import data-inclusion` is reached through `import` (api/cli/hub_import.py).
PATHS.append(("import", "data-inclusion"))
COMMAND_NAMES = {word for path in PATHS for word in path}


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_every_help_reads_in_french(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli.app, [*path, "--help"], prog_name="panda")
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.replace("│", " ").split())
    assert shown.startswith(" ".join(("Utilisation : panda", *path)))
    assert "Affiche cette aide et s'arrête." in shown
    words = set(re.findall(r"[a-z]+", NOT_PROSE.sub(" ", shown).lower())) - COMMAND_NAMES
    assert words & ENGLISH == set(), shown


def test_seed_load_reports_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    runner = CliRunner()
    first, second = (
        runner.invoke(cli.app, ["seed", "load"]),
        runner.invoke(cli.app, ["seed", "load"]),
    )
    assert (first.exit_code, second.exit_code) == (0, 0), first.output
    assert first.stderr == "lieux : 68 créés, 0 mis à jour, 0 inchangés ; communes : 23 créées\n"
    assert second.stderr == "lieux : 0 créés, 0 mis à jour, 68 inchangés ; communes : 0 créées\n"


def test_serve_upgrades_and_loads_the_seed_before_uvicorn_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    monkeypatch.setattr("uvicorn.run", lambda app, **options: seen.append(options["port"]))
    result = CliRunner().invoke(cli.app, ["serve", "--port", "8123", "--no-access-log"])
    assert (result.exit_code, seen, os.environ["PANDA_ACCESS_LOG"]) == (0, [8123], "false")
    lines = result.stderr.splitlines()
    assert lines[0] == f"base de données : sqlite:///{tmp_path / 'panda.db'}"
    assert lines[1].startswith("base de données mise à jour : révision aucune →")
    assert lines[2] == "seed chargée : 68 lieux"
