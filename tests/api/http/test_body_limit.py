"""Bounded bodies: 413 past a route's limit while the body streams in, and the API key checked
before a byte of the body is read; in-process (counting what the app reads) and through
`panda serve` (its memory)."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.auth.keys import create_key
from api.database import make_engine
from models.api_key import Scope
from tests.conftest import bearer, make_access_point, make_key
from tests.live_server import UNTHROTTLED, LiveServer, live_server, server_database

CHUNK = 64 * 1024
WRITE_LIMIT = 65_536  # PANDA_WRITE_MAX_BYTES's default
SERVER_IMPORT_LIMIT = 2_000_000
LARGE = 50_000_000
# What a server may grow by while it refuses a 50 MB body it does not read.
FLAT_BYTES = 8_000_000


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(rate_limit_enabled=False)


class Sent:
    """One request sent straight to the ASGI app: its answer, and how much of its body the
    app asked for."""

    def __init__(
        self, client: TestClient, method: str, path: str, headers: dict[str, str], size: int
    ) -> None:
        self.read = 0
        self.messages: list[dict[str, Any]] = []
        chunks = [b"x" * CHUNK] * (size // CHUNK)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }

        async def receive() -> dict[str, Any]:
            if not chunks:
                return {"type": "http.disconnect"}
            chunk = chunks.pop()
            self.read += len(chunk)
            return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

        async def send(message: dict[str, Any]) -> None:
            self.messages.append(message)

        assert client.portal is not None
        client.portal.call(client.app, scope, receive, send)

    @property
    def status(self) -> int:
        return int(next(m["status"] for m in self.messages if m["type"] == "http.response.start"))

    @property
    def body(self) -> Any:
        return orjson.loads(b"".join(m.get("body", b"") for m in self.messages[1:]))


def test_write_without_key_is_401_before_a_byte_is_read(client: TestClient) -> None:
    sent = Sent(client, "POST", "/v1/access-points", {"content-type": "application/json"}, 640_000)
    assert (sent.status, sent.body["error"], sent.read) == (401, "unauthorized", 0)


def test_write_with_unknown_key_is_401_before_a_byte_is_read(client: TestClient) -> None:
    headers = {"authorization": "Bearer pk_000000000000_nope", "content-type": "application/json"}
    sent = Sent(client, "POST", "/v1/access-points", headers, 640_000)
    assert (sent.status, sent.body["error"], sent.read) == (401, "unauthorized", 0)


def test_write_with_key_lacking_the_scope_is_403_before_a_byte_is_read(
    client: TestClient,
) -> None:
    headers = bearer(make_key(client, "import")) | {"content-type": "application/json"}
    sent = Sent(client, "PATCH", "/v1/access-points/1", headers | {"if-match": "*"}, 640_000)
    assert (sent.status, sent.body["error"], sent.read) == (403, "forbidden", 0)


def test_import_without_key_is_401_before_a_byte_is_read(client: TestClient) -> None:
    sent = Sent(client, "POST", "/v1/imports", {"content-type": "text/csv"}, 640_000)
    assert (sent.status, sent.body["error"], sent.read) == (401, "unauthorized", 0)


def test_write_body_streamed_past_the_limit_is_413_once_it_passes(client: TestClient) -> None:
    headers = bearer(make_key(client, "write")) | {"content-type": "application/json"}
    sent = Sent(client, "POST", "/v1/access-points", headers, 640_000)
    assert (sent.status, sent.body["error"]) == (413, "payload_too_large")
    assert sent.body["detail"].startswith(f"le corps dépasse {WRITE_LIMIT} octets ;")
    assert sent.read == WRITE_LIMIT + CHUNK  # the chunk that passed it, and not one more


def test_write_body_declared_over_the_limit_is_413_unread(client: TestClient) -> None:
    headers = bearer(make_key(client, "write")) | {
        "content-type": "application/json",
        "content-length": "640000",
    }
    sent = Sent(client, "PUT", "/v1/access-points/1", headers | {"if-match": "*"}, 640_000)
    assert (sent.status, sent.body["error"], sent.read) == (413, "payload_too_large", 0)
    assert sent.body["detail"].startswith(
        f"le corps fait 640000 octets ; la limite ici est de {WRITE_LIMIT} octets"
    )


def test_read_with_a_body_is_answered_without_reading_it(client: TestClient) -> None:
    sent = Sent(client, "GET", "/v1/access-points", {"content-length": "640000"}, 640_000)
    assert (sent.status, sent.read) == (200, 0)


def test_write_max_bytes_setting_bounds_a_place(
    client_factory: Callable[..., TestClient],
) -> None:
    small = client_factory(rate_limit_enabled=False, write_max_bytes=1_000)
    place = make_access_point(description="x" * 1_000).model_dump(mode="json")
    response = small.post("/v1/access-points", json=place, headers=bearer(make_key(small, "write")))
    assert (response.status_code, response.json()["error"]) == (413, "payload_too_large")
    assert "la limite ici est de 1000 octets" in response.json()["detail"]


def test_write_within_the_limit_is_created(client: TestClient) -> None:
    place = make_access_point().model_dump(mode="json")
    response = client.post(
        "/v1/access-points", json=place, headers=bearer(make_key(client, "write"))
    )
    assert response.status_code == 201


# Through `panda serve`: the server's memory while it refuses 50 MB it must not read.


def streamed(size: int = LARGE) -> Iterator[bytes]:
    """`size` bytes as a chunked body, never all held by the test."""
    chunk = b"x" * CHUNK
    for _ in range(size // CHUNK):
        yield chunk


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} in /proc/{pid}/status")


def growth(pid: int, send: Callable[[], httpx.Response]) -> tuple[httpx.Response, int]:
    """The answer, and how far the server's resident memory rose above where it was (its
    peak, VmHWM, reset just before the request)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # the peak starts again from here
    before = _status(pid, "VmRSS")
    response = send()
    return response, _status(pid, "VmHWM") - before


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    workdir = tmp_path_factory.mktemp("body-limit")
    env = UNTHROTTLED | {"PANDA_IMPORT_MAX_BYTES": str(SERVER_IMPORT_LIMIT)}
    with server_database(workdir) as url, live_server(workdir, url, **env) as live:
        engine = make_engine(url)
        with Session(engine) as session:
            _key, secret = create_key(session, "body-limit-test", [Scope.WRITE, Scope.IMPORT])
        engine.dispose()
        yield live, secret


def post(live: LiveServer, path: str, key: str | None, size: int = LARGE) -> httpx.Response:
    headers = {"content-type": "application/json"} | (bearer(key) if key else {})
    return httpx.post(live.base + path, content=streamed(size), headers=headers, timeout=60)


@pytest.mark.parametrize("path", ["/v1/access-points", "/v1/imports"])
def test_server_50mb_without_key_is_401_and_memory_stays_flat(
    server: tuple[LiveServer, str], path: str
) -> None:
    live, _secret = server
    post(live, path, None, size=CHUNK)  # warm the route up
    response, grown = growth(live.pid, lambda: post(live, path, None))
    assert (response.status_code, response.json()["error"]) == (401, "unauthorized")
    assert grown < FLAT_BYTES


@pytest.mark.parametrize(
    ("path", "limit"),
    [("/v1/access-points", WRITE_LIMIT), ("/v1/imports", SERVER_IMPORT_LIMIT)],
)
def test_server_50mb_with_key_is_413_and_memory_stays_flat(
    server: tuple[LiveServer, str], path: str, limit: int
) -> None:
    live, secret = server
    post(live, path, secret, size=limit + CHUNK)  # warm the route up
    response, grown = growth(live.pid, lambda: post(live, path, secret))
    assert (response.status_code, response.json()["error"]) == (413, "payload_too_large")
    assert response.json()["detail"].startswith(f"le corps dépasse {limit} octets ;")

    assert grown < FLAT_BYTES
