"""The access log: one JSON line per HTTP request on standard output, cheap, without personal data.

A line holds `time` (UTC, when the request came), `method`, `path`, `status`, `duration_ms`
(to the end of the answer) and `bytes` (of the body sent). `path` is the template of the
route that answered (`/v1/access-points/{access_point_id}`) or `unmatched`, never the raw
path nor the query: counsellors type a job seeker's address into the query, and a steward's
link carries its token in the path. No client address either. One `orjson.dumps` and one
`write(2)` per request: uvicorn's own access log, through `logging`, cost about 80 µs of CPU
per request, a quarter of a nearest request.
"""

import contextlib
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.route_box import RouteCapture, template_of

# No route chose the request (a path no route matches, or an answer given before routing:
# 429 past the rate limits, 422 for bad text in the query): one word, never what was typed.
UNMATCHED = "unmatched"
# The scope key of the one-item list through which RouteCapture hands back the chosen route.
ROUTE_BOX = "panda.access_log.route"
# Any other method (h11 accepts any token) is logged as "other", for the same reason.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
STDOUT = 1
OPTIONS = orjson.OPT_APPEND_NEWLINE | orjson.OPT_UTC_Z

Write = Callable[[bytes], object]


def write_stdout(line: bytes) -> None:
    """One write(2) per line: the lines of workers sharing the output never interleave."""
    # A closed or broken output must not turn an answered request into an error.
    with contextlib.suppress(OSError):
        os.write(STDOUT, line)


class AccessLog:
    """Pure ASGI, outermost: writes one JSON line per HTTP request once its answer is sent.

    The path is the template of the route the router chose (`scope["route"]`). A middleware
    in between may route a copy of the scope (HEAD-as-GET does): `RouteCapture`, innermost,
    hands the route back through a box that the copy shares.
    """

    def __init__(self, app: ASGIApp, write: Write = write_stdout) -> None:
        self.app = app
        self.write = write

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # what the client gets when the app raises before answering
        sent = 0
        box: list[Any] = [None]
        scope[ROUTE_BOX] = box

        async def observe(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        at = datetime.now(UTC)
        start = time.perf_counter()
        try:
            await self.app(scope, receive, observe)
        finally:
            elapsed_ms = (time.perf_counter() - start) * 1000.0
            path = getattr(box[0] or scope.get("route"), "path", None)
            self.write(line(scope["method"], path, at, status, elapsed_ms, sent))


def route_of(scope: Scope) -> str:
    """The template of the route that took the request, or `unmatched`: never the raw path."""
    box = scope.get(ROUTE_BOX)
    return template_of((box[0] if box else None) or scope.get("route")) or UNMATCHED


def line(
    method: str, path: object, at: datetime, status: int, elapsed_ms: float, sent: int
) -> bytes:
    """The JSON line of one answered request."""
    record = {
        "time": at,
        "method": method if method in METHODS else "other",
        "path": path if isinstance(path, str) else UNMATCHED,
        "status": status,
        "duration_ms": round(elapsed_ms, 3),
        "bytes": sent,
    }
    return orjson.dumps(record, option=OPTIONS)


def install_access_log(app: FastAPI, write: Write = write_stdout) -> None:
    """Log each request; call it after every other middleware, so that the log is outermost
    and sees the answers they give (429, 413, 422) and the time they take."""
    app.add_middleware(AccessLog, write=write)
    # Appended, not added: innermost, whatever middleware is added after this call.
    app.user_middleware.append(Middleware(RouteCapture, key=ROUTE_BOX))
