"""HEAD as GET (api/http/head_requests.py): the GET's status and headers, never its body."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Message

from api.http.head_requests import HeadAsGet


async def page(request: Request) -> Response:
    return PlainTextResponse(
        f"served as {request.method}", headers={"ETag": '"v1"', "X-Seen": request.method}
    )


async def chunks(request: Request) -> Response:
    async def parts() -> AsyncIterator[bytes]:
        for part in (b"one,", b"two,", b"three"):
            yield part

    return StreamingResponse(parts(), media_type="text/csv")


async def write(request: Request) -> Response:
    return PlainTextResponse(f"written by {request.method}", status_code=201)


def inner() -> Starlette:
    return Starlette(
        routes=[
            Route("/page", page, methods=["GET"]),
            Route("/chunks", chunks, methods=["GET"]),
            Route("/write", write, methods=["POST"]),
        ]
    )


def sent(method: str, path: str) -> list[Message]:
    """What HeadAsGet sends for one request, message by message (no client in between)."""
    messages: list[Message] = []
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000),
    }

    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> Message:
        if requests:
            return requests.pop()
        await asyncio.Event().wait()  # no disconnect: the app ends the exchange
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        messages.append(message)

    asyncio.run(HeadAsGet(inner())(scope, receive, send))
    return messages


def test_head_gets_the_get_headers_and_an_empty_body() -> None:
    get, head = sent("GET", "/page"), sent("HEAD", "/page")
    assert head[0]["status"] == get[0]["status"] == 200
    assert head[0]["headers"] == get[0]["headers"]
    assert dict(head[0]["headers"])[b"x-seen"] == b"GET"  # routed as a GET
    assert dict(head[0]["headers"])[b"content-length"] == str(len(b"served as GET")).encode()
    assert head[1:] == [{"type": "http.response.body", "body": b"", "more_body": False}]
    assert get[1]["body"] == b"served as GET"


def test_a_streamed_answer_ends_in_one_empty_body() -> None:
    head = sent("HEAD", "/chunks")
    bodies = [m for m in head if m["type"] == "http.response.body"]
    assert bodies == [{"type": "http.response.body", "body": b"", "more_body": False}]
    get_bodies = [m.get("body", b"") for m in sent("GET", "/chunks")[1:]]
    assert b"".join(get_bodies) == b"one,two,three"


def test_other_methods_pass_untouched() -> None:
    post = sent("POST", "/write")
    assert post[0]["status"] == 201
    assert b"".join(m.get("body", b"") for m in post[1:]) == b"written by POST"


def test_head_on_a_route_without_get_is_refused_as_a_get_would_be() -> None:
    head = sent("HEAD", "/write")
    assert head[0]["status"] == 405
    assert head[-1]["body"] == b""


def test_through_a_client_and_with_a_lifespan() -> None:
    started: list[bool] = []

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        started.append(True)
        yield

    app = Starlette(routes=[Route("/page", page, methods=["GET"])], lifespan=lifespan)
    with TestClient(HeadAsGet(app)) as client:
        response = client.head("/page")
    assert started == [True]  # the lifespan scope went through
    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["etag"] == '"v1"'


def test_the_app_answers_head_on_a_read(seeded_client: TestClient) -> None:
    get = seeded_client.get("/v1/access-points?size=2")
    head = seeded_client.head("/v1/access-points?size=2")
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.content))
