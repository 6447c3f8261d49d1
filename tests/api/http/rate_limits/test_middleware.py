"""RateLimitMiddleware (api/http/rate_limits/middleware.py): counts per client address before
routing, 429 in the API's error vocabulary, every 401 a failed authentication."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from api.http.rate_limits import RateLimits
from api.http.rate_limits.middleware import RATE_LIMITED_RESPONSE, RateLimitMiddleware
from api.settings import Settings

CALLS: list[str] = []


async def read(request: Request) -> Response:
    CALLS.append(f"{request.method} {request.url.path}")
    return PlainTextResponse("ok")


async def write(request: Request) -> Response:
    CALLS.append(f"{request.method} {request.url.path}")
    return PlainTextResponse("written", status_code=201)


async def locked(request: Request) -> Response:
    return PlainTextResponse("no key", status_code=401)


ROUTES = [
    Route("/read", read, methods=["GET"]),
    Route("/write", write, methods=["POST", "PUT", "PATCH", "DELETE"]),
    Route("/locked", locked, methods=["GET", "POST"]),
    Route("/health", read, methods=["GET"]),
    Route("/metrics", read, methods=["GET"]),
]


def limits(reads: int = 2, writes: int = 2, failures: int = 2) -> RateLimits:
    return RateLimits(
        Settings(
            rate_limit_reads=f"{reads}/minute",
            rate_limit_writes=f"{writes}/minute",
            rate_limit_auth_failures=f"{failures}/minute",
        )
    )


def client_for(rate_limits: RateLimits, address: str = "192.0.2.1") -> TestClient:
    app = RateLimitMiddleware(Starlette(routes=ROUTES), rate_limits)
    return TestClient(app, client=(address, 50000))


@pytest.fixture(autouse=True)
def no_calls() -> Iterator[None]:
    CALLS.clear()
    yield
    CALLS.clear()


def test_reads_past_the_limit_get_429_before_routing() -> None:
    client = client_for(limits(reads=2))
    statuses = [client.get("/read").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert CALLS == ["GET /read", "GET /read"]  # the third never reached the app


def test_a_refusal_speaks_the_error_vocabulary_and_says_when_to_retry() -> None:
    client = client_for(limits(reads=1))
    client.get("/read")
    french = client.get("/read")
    english = client.get("/read", headers={"Accept-Language": "en"})
    assert french.status_code == english.status_code == 429
    wait = int(french.headers["retry-after"])
    assert 1 <= wait <= 60
    assert french.json() == {
        "error": "rate_limited",
        "detail": "trop de lectures depuis cette adresse : au plus 1 par minute ; "
        f"réessayez dans {wait} s",
    }
    assert french.headers["content-language"] == "fr"
    assert english.json()["detail"].startswith("too many reads from this address")
    assert english.headers["content-language"] == "en"
    assert french.headers["ratelimit-limit"] == "1"
    assert french.headers["ratelimit-remaining"] == "0"
    assert french.headers["content-type"] == "application/json"


def test_writes_have_their_own_counter() -> None:
    client = client_for(limits(reads=5, writes=2))
    methods = ["POST", "PUT", "DELETE"]
    statuses = [client.request(m, "/write").status_code for m in methods]
    assert statuses == [201, 201, 429]
    assert client.get("/read").status_code == 200
    assert "d'écritures depuis cette adresse" in client.patch("/write").json()["detail"]


def test_each_address_has_its_own_counters() -> None:
    shared = limits(reads=1)
    first, second = client_for(shared, "192.0.2.1"), client_for(shared, "192.0.2.2")
    assert [first.get("/read").status_code, first.get("/read").status_code] == [200, 429]
    assert second.get("/read").status_code == 200


def test_probes_and_scrapes_are_never_limited() -> None:
    client = client_for(limits(reads=1))
    statuses = {client.get(path).status_code for path in ["/health", "/metrics"] * 5}
    assert statuses == {200}
    assert client.get("/read").status_code == 200  # nor counted


def test_401_answers_lock_an_address_out_of_writes_not_reads() -> None:
    client = client_for(limits(reads=10, writes=10, failures=2))
    assert [client.get("/locked").status_code for _ in range(2)] == [401, 401]
    refused = client.post("/write")
    assert refused.status_code == 429
    assert "d'authentifications échouées depuis cette adresse" in refused.json()["detail"]
    assert client.get("/read").status_code == 200
    assert CALLS == ["GET /read"]
    # Another address is not locked out.
    other = client_for(client.app.limits, "192.0.2.9")  # type: ignore[attr-defined]
    assert other.post("/write").status_code == 201


def test_below_the_failure_limit_writes_pass() -> None:
    client = client_for(limits(writes=10, failures=2))
    assert client.get("/locked").status_code == 401
    assert client.post("/write").status_code == 201


def test_counts_off_the_event_loop_the_same_when_storage_blocks() -> None:
    blocking = limits(reads=1, writes=1)
    blocking.reads_block = blocking.writes_block = True
    client = client_for(blocking)
    assert [client.get("/read").status_code for _ in range(2)] == [200, 429]
    assert [client.post("/write").status_code for _ in range(2)] == [201, 429]


def test_other_scopes_pass_through() -> None:
    started: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        started.append(scope["type"])
        await receive()
        await send({"type": "lifespan.startup.complete"})
        message = await receive()
        assert message["type"] == "lifespan.shutdown"
        await send({"type": "lifespan.shutdown.complete"})

    with TestClient(RateLimitMiddleware(app, limits(reads=1))):
        pass
    assert started == ["lifespan"]


def test_the_documented_429_names_every_header_sent() -> None:
    client = client_for(limits(reads=1))
    client.get("/read")
    refused = client.get("/read")
    documented = RATE_LIMITED_RESPONSE[429]["headers"]
    assert all(name.lower() in refused.headers for name in documented)
