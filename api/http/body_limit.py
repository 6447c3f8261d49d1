"""Bounded request bodies: each route's limit, enforced while the body streams in.

`BodyLimit` is pure ASGI (not BaseHTTPMiddleware, which would buffer): it wraps `receive`,
so a body is refused with 413 `payload_too_large` when the app first reads it and the
`Content-Length` declares more than the limit, or as soon as the bytes read pass it. Nothing
is read before the app asks: a route that checks its API key first (api.auth.keys.KeyFirstRoute)
answers 401 or 403 without reading a byte. Bodies no route reads (GET, HEAD, a DELETE) are
never read: the server discards them as they arrive, a window at a time.
"""

import tempfile
from collections.abc import Mapping
from typing import BinaryIO, cast

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.error_handlers import error_response
from api.http.errors import PayloadTooLarge
from api.http.language import Text, language_of
from api.http.responses import JSONBytes

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# A spooled body is written a megabyte at a time, and stays in memory up to 4 MB (then disk).
SPOOL_WRITE_BYTES = 1 << 20
SPOOL_MEMORY_BYTES = 4 << 20


class BodyLimit:
    """ASGI middleware: `limits` by path for write methods, else `write_bytes`; reads get 0
    (no read route takes a body: should one ever read one, it is refused)."""

    def __init__(self, app: ASGIApp, write_bytes: int, limits: Mapping[str, int]) -> None:
        self.app = app
        self.write_bytes = write_bytes
        self.limits = dict(limits)

    def limit_of(self, method: str, path: str) -> int:
        """The largest body a request may send."""
        if method not in WRITE_METHODS:
            return 0
        return self.limits.get(path.rstrip("/") or "/", self.write_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with a bounded `receive`; answer 413 when it overflows."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        guard = _Guard(self.limit_of(scope["method"], scope["path"]), scope)
        try:
            await self.app(scope, guard.receive(receive), guard.send(send))
        except PayloadTooLarge as exc:
            if guard.started:
                raise
            guard.started = True
            await _too_large(exc, scope)(scope, receive, send)


class _Guard:
    """One request's body limit: counts what the app reads; swaps the answer for a 413."""

    def __init__(self, limit: int, scope: Scope) -> None:
        self.limit = limit
        self.scope = scope
        declared = Headers(scope=scope).get("content-length", "")
        self.declared = int(declared) if declared.isdigit() else None
        self.size = 0
        self.refused: PayloadTooLarge | None = None
        self.started = False
        self.swapped = False

    def receive(self, receive: Receive) -> Receive:
        async def bounded() -> Message:
            if self.refused is not None:
                raise self.refused
            if self.declared is not None and self.declared > self.limit:
                self._refuse(
                    Text(
                        f"le corps fait {self.declared} octets",
                        f"the body is {self.declared} bytes",
                    )
                )
            message = await receive()
            if message["type"] == "http.request":
                self.size += len(message.get("body", b""))
                if self.size > self.limit:
                    self._refuse(
                        Text(
                            f"le corps dépasse {self.limit} octets",
                            f"the body passes {self.limit} bytes",
                        )
                    )
            return message

        return bounded

    def _refuse(self, what: Text) -> None:
        hint = "send a smaller body (split a large import into several files)"
        conseil = "envoyez un corps plus petit (découpez un gros import en plusieurs fichiers)"
        self.refused = PayloadTooLarge(
            Text(
                f"{what.fr} ; la limite ici est de {self.limit} octets : {conseil}",
                f"{what.en}; the limit here is {self.limit} bytes: {hint}",
            )
        )
        raise self.refused

    def send(self, send: Send) -> Send:
        async def answering(message: Message) -> None:
            if message["type"] == "http.response.start":
                if self.refused is not None and not self.started:
                    # Whatever the app made of the refusal (FastAPI turns an error while it
                    # reads a JSON body into a 400), the client gets the 413.
                    self.started = self.swapped = True
                    await _too_large(self.refused, self.scope)(self.scope, _no_receive, send)
                    return
                self.started = True
            elif self.swapped:
                return  # the rest of the answer the 413 replaced
            await send(message)

        return answering


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def _too_large(error: PayloadTooLarge, scope: Scope) -> JSONBytes:
    return error_response(error.kind, error.text, error.status_code, language_of(scope))


async def spool_body(request: Request) -> BinaryIO:
    """The request body in a temporary file (memory up to a few megabytes, then disk),
    rewound; the caller closes it. BodyLimit bounds what can be read."""
    spool = cast(BinaryIO, tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES))  # noqa: SIM115
    try:
        pending: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            pending.append(chunk)
            size += len(chunk)
            if size >= SPOOL_WRITE_BYTES:
                await run_in_threadpool(spool.write, b"".join(pending))
                pending, size = [], 0
        if pending:
            await run_in_threadpool(spool.write, b"".join(pending))
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return spool
