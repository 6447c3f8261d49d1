"""Pure ASGI middleware: the limits per client address, checked before routing."""

from collections.abc import Callable
from typing import Any, TypeVar

from anyio.to_thread import run_sync
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.error_handlers import error_response
from api.http.errors import ErrorBody, RateLimited
from api.http.language import language_of
from api.http.rate_limits.limiter import RateLimits, Refusal
from api.http.responses import JSONBytes

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Probes and scrapes are never limited: a monitor must see a busy server as it is.
UNLIMITED_PATHS = frozenset({"/health", "/metrics"})
T = TypeVar("T")
_HEADER_DOCS = {
    "Retry-After": "Seconds to wait before retrying (an integer, at least 1).",
    "RateLimit-Limit": "Requests allowed in the window of the limit that was passed.",
    "RateLimit-Remaining": "Requests left in that window: 0.",
    "RateLimit-Reset": "Seconds until that window ends.",
}
RATE_LIMITED_RESPONSE: dict[int | str, dict[str, Any]] = {
    429: {
        "model": ErrorBody,
        "description": "Too many requests from this address or with this key "
        "(`rate_limited`); retry after `Retry-After` seconds.",
        "headers": {
            name: {"description": text, "schema": {"type": "integer", "minimum": 0}}
            for name, text in _HEADER_DOCS.items()
        },
    }
}


class RateLimitMiddleware:
    """Count each request against its client's address; answer 429 past a limit.

    The address is the ASGI `client` (uvicorn's --proxy-headers / --forwarded-allow-ips
    decide whether it comes from X-Forwarded-For; this middleware never reads that header).
    Every 401 the app answers counts as a failed authentication of the address. Limits per
    key are counted where the key is verified (api.auth.keys).
    """

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        limits = self.limits
        client = scope.get("client")
        address = client[0] if client else "unknown"
        if scope["method"] in WRITE_METHODS:
            refusal = await _call(limits.writes_block, limits.write, address)
        elif limits.reads_block:
            refusal = await run_sync(limits.read, address)
        else:  # the hot path: a few microseconds, no thread, no await
            refusal = limits.read(address)
        if refusal is not None:
            await _refuse(refusal, scope)(scope, receive, send)
            return
        unauthorized = False

        async def watch(message: Message) -> None:
            nonlocal unauthorized
            if message["type"] == "http.response.start" and message["status"] == 401:
                unauthorized = True
            await send(message)

        await self.app(scope, receive, watch)
        if unauthorized:
            await _call(limits.writes_block, limits.authentication_failed, address)


async def _call(blocks: bool, check: Callable[[str], T], address: str) -> T:
    """Run a check; off the event loop when it waits on a storage."""
    return await run_sync(check, address) if blocks else check(address)


def _refuse(refusal: Refusal, scope: Scope) -> JSONBytes:
    kind, status = RateLimited.kind, RateLimited.status_code
    return error_response(kind, refusal.detail, status, language_of(scope), refusal.headers())
