"""The access log (api/ops/access_log.py): one JSON line per request, with the route template and
never the query's values, a path's token or the client; through the app and through `panda
serve` (on SQLite, or PostgreSQL with PANDA_TEST_DATABASE_URL)."""

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from fastapi.testclient import TestClient
from sqlmodel import SQLModel
from typer.testing import CliRunner

from api.app import create_app
from api.cli import main as cli
from api.database import make_engine
from api.ops.access_log import install_access_log
from api.settings import Settings
from tests.live_server import live_server, server_database

FIELDS = ["time", "method", "path", "status", "duration_ms", "bytes"]
# What a counsellor types about a job seeker: it must never reach the log.
ADDRESS = "12 rue des Perrières 21000 Dijon"
NEAREST = {"lat": 47.3216, "lon": 5.0415, "limit": 3}
WAIT_S = 5.0

Logged = tuple[TestClient, list[bytes]]


@pytest.fixture
def logged(database_url: str) -> Iterator[Callable[..., Logged]]:
    """The seeded app with its access log written to a list; `overrides` are Settings fields."""
    clients: list[TestClient] = []

    def start(**overrides: Any) -> Logged:
        engine = make_engine(database_url)
        SQLModel.metadata.drop_all(engine)
        engine.dispose()
        settings = Settings(
            database_url=database_url, snapshot_refresh_s=3600, access_log=False, **overrides
        )
        app = create_app(settings)
        lines: list[bytes] = []
        install_access_log(app, lines.append)
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client, lines

    yield start
    for client in clients:
        client.__exit__(None, None, None)


def records(lines: list[bytes]) -> list[dict[str, Any]]:
    """Each line parsed, after checking that it is one JSON object ending in a newline."""
    assert all(line.endswith(b"\n") and line.count(b"\n") == 1 for line in lines)
    return [orjson.loads(line) for line in lines]


def test_access_log_writes_one_line_with_the_fields_and_the_route_template(
    logged: Callable[..., Logged],
) -> None:
    client, lines = logged()
    response = client.get("/v1/access-points/nearest", params=NEAREST)
    [record] = records(lines)
    assert list(record) == FIELDS
    assert (record["method"], record["path"], record["status"]) == (
        "GET",
        "/v1/access-points/nearest",
        200,
    )
    assert record["bytes"] == len(response.content)
    assert 0 < record["duration_ms"] < 10_000
    assert record["time"].endswith("Z")


def test_access_log_never_holds_the_query_values(logged: Callable[..., Logged]) -> None:
    client, lines = logged()
    client.get("/v1/access-points/search", params={"address": ADDRESS, "limit": 3})
    [record] = records(lines)
    assert record["path"] == "/v1/access-points/search"
    assert b"Perri" not in lines[0] and b"address" not in lines[0] and b"?" not in lines[0]


def test_access_log_writes_the_template_not_a_stewards_token(
    logged: Callable[..., Logged],
) -> None:
    client, lines = logged()
    token = "stw_SecretTokenOfAStewardLink"
    response = client.get(f"/v1/steward/{token}/places/1")
    [record] = records(lines)
    assert (record["path"], record["status"]) == (
        "/v1/steward/{token}/places/{access_point_id}",
        response.status_code,
    )
    assert b"SecretToken" not in lines[0]


def test_access_log_names_no_path_that_no_route_matches(logged: Callable[..., Logged]) -> None:
    client, lines = logged()
    client.get("/jean.dupont@example.org")
    [record] = records(lines)
    assert (record["path"], record["status"], b"dupont" in lines[0]) == ("unmatched", 404, False)


def test_access_log_names_no_route_for_an_answer_given_before_routing(
    logged: Callable[..., Logged],
) -> None:
    client, lines = logged(rate_limit_reads="1/minute")
    statuses = [client.get("/v1/access-points/nearest", params=NEAREST).status_code for _ in "ab"]
    assert statuses == [200, 429]
    assert [(r["path"], r["status"]) for r in records(lines)] == [
        ("/v1/access-points/nearest", 200),
        ("unmatched", 429),  # the rate limiter answers before the router chooses
    ]


def test_access_log_keeps_the_method_of_a_head_request(logged: Callable[..., Logged]) -> None:
    client, lines = logged()
    client.head("/v1/health/live")
    [record] = records(lines)
    assert (record["method"], record["path"], record["status"], record["bytes"]) == (
        "HEAD",
        "/v1/health/live",
        200,
        0,
    )


def test_health_live_answers_ok_without_the_database(logged: Callable[..., Logged]) -> None:
    client, _lines = logged()
    response = client.get("/v1/health/live")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def json_lines(log: Path) -> list[dict[str, Any]]:
    """The JSON objects among a server's output lines (uvicorn's own lines are plain text)."""
    lines = log.read_bytes().splitlines()
    return [orjson.loads(line) for line in lines if line.startswith(b"{")]


def lines_after(log: Path, before: int, path: str | None = None) -> list[dict[str, Any]]:
    """The JSON lines past the first `before` (of `path` only, when given), once one came: a
    line follows its answer."""

    def wanted() -> list[dict[str, Any]]:
        lines = json_lines(log)[before:]
        return lines if path is None else [line for line in lines if line["path"] == path]

    deadline = time.monotonic() + WAIT_S
    while len(written := wanted()) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    return written


def test_panda_serve_writes_one_json_line_per_request(tmp_path: Path) -> None:
    with server_database(tmp_path) as url, live_server(tmp_path, url) as server:
        log = next(tmp_path.glob("server-*.log"))
        before = len(json_lines(log))  # the start-up's /health probes
        params: dict[str, str | int] = {"address": ADDRESS, "limit": 3}
        answer = httpx.get(f"{server.base}/v1/access-points/search", params=params, timeout=30)
        # A start-up /health probe's line may land after `before` was read on a busy machine.
        written = lines_after(log, before, "/v1/access-points/search")
        others = [line for line in json_lines(log)[before:] if line not in written]
        assert {line["path"] for line in others} <= {"/health"}
    assert len(written) == 1
    assert list(written[0]) == FIELDS
    assert (written[0]["path"], written[0]["status"]) == ("/v1/access-points/search", 200)
    assert written[0]["bytes"] == len(answer.content)
    assert b"Perri" not in log.read_bytes()


def test_panda_serve_writes_no_access_log_when_turned_off(tmp_path: Path) -> None:
    with (
        server_database(tmp_path) as url,
        live_server(tmp_path, url, PANDA_ACCESS_LOG="false") as server,
    ):
        httpx.get(f"{server.base}/v1/health/live", timeout=30)
        log = next(tmp_path.glob("server-*.log"))
        time.sleep(0.5)  # a line would follow the answer at once
        assert json_lines(log) == []
    assert b'"GET /v1/health/live' not in log.read_bytes()  # nor uvicorn's own line


def test_serve_option_turns_the_access_log_off_for_every_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setenv("PANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'panda.db'}")
    monkeypatch.setenv("PANDA_ACCESS_LOG", "true")
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append(options))
    result = CliRunner().invoke(cli.app, ["serve", "--no-access-log", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert ([c["workers"] for c in calls], Settings().access_log) == ([2], False)
    assert calls[0]["access_log"] is False  # uvicorn's own log, replaced by api.ops.access_log
