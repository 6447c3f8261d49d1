"""One error vocabulary: `{"error": kind, "detail": what and how to fix it}`."""

import logging
import re
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.responses import JSONBytes

log = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming X-Request-ID is kept when it is this sane; otherwise one is made.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class ErrorBody(BaseModel):
    """The body of every error answer."""

    error: str
    detail: str


class AppError(Exception):
    """Base of the errors code below the routes raises."""

    status_code = 400
    kind = "bad_request"

    def __init__(
        self,
        detail: str,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers
        self.extra = extra or {}


class NotFound(AppError):
    """The resource does not exist."""

    status_code = 404
    kind = "not_found"


class PageOutOfRange(AppError):
    """A page past the last one."""

    status_code = 404
    kind = "page_out_of_range"


class InvalidParameter(AppError):
    """A parameter is well-formed but names nothing we know."""

    status_code = 422
    kind = "invalid_parameter"


class ServiceUnavailable(AppError):
    """A dependency (database, geocoder) is down; retry later."""

    status_code = 503
    kind = "service_unavailable"


class InternalErrorBody(ErrorBody):
    """The body of a 500: `request_id` is also the `X-Request-ID` header and is in the log."""

    request_id: str


# What each error status means, for OpenAPI; `responses(...)` picks the ones a route can give.
ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Malformed request.",
    401: "No key, or an invalid, revoked or expired key.",
    403: "The key lacks the scope.",
    404: "Not found, or page past the end.",
    409: "The change would break a uniqueness rule (source, source_id).",
    412: "Stale or weak If-Match; `ETag` is the current.",
    413: "Body over the limit.",
    422: "Invalid parameter or body; `detail` says which and why.",
    428: "No If-Match: read the place, send its ETag.",
    429: "Too many requests; retry after `Retry-After` seconds.",
    500: "Unexpected error; quote `request_id` (also the `X-Request-ID` header).",
    503: "A dependency (database, geocoder) is down; retry later.",
}


def responses(*codes: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for error statuses, each an ErrorBody: `responses(404, 422)`.

    A description may be overridden by keyword: `responses(409, s409="source_id exists.")`.
    """
    return {
        code: {
            "model": InternalErrorBody if code == 500 else ErrorBody,
            "description": descriptions.get(f"s{code}", ERROR_DESCRIPTIONS[code]),
        }
        for code in codes
    }


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = responses(404, 422)


def _body(
    kind: str,
    detail: str,
    status: int,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONBytes:
    body = {"error": kind, "detail": detail} | (extra or {})
    return JSONBytes(body, status_code=status, headers=headers)


def _describe(error: dict[str, Any]) -> str:
    location = ".".join(str(part) for part in error["loc"] if part not in ("query", "path", "body"))
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown parameter"
    return f"{location}: {message}" if location else message


def install_error_handlers(app: FastAPI) -> None:
    """Render AppError, validation errors and HTTP errors in the one vocabulary."""

    @app.exception_handler(AppError)
    async def _app_error(_request: Request, exc: AppError) -> JSONBytes:
        return _body(exc.kind, exc.detail, exc.status_code, exc.headers, exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONBytes:
        detail = "; ".join(_describe(error) for error in exc.errors())
        return _body("invalid_request", detail, 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONBytes:
        if exc.status_code == 400 and exc.__cause__ is not None:
            # FastAPI's "error parsing the body": JSON too deep for the parser, or not UTF-8.
            return _body("invalid_request", _unparsable_body(exc.__cause__), 422)
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _body(kind, str(exc.detail), exc.status_code, getattr(exc, "headers", None))

    # Exception goes to Starlette's ServerErrorMiddleware, outside every other middleware:
    # it also answers for errors raised in middlewares (it re-raises, so servers log it too).
    app.add_exception_handler(Exception, _internal)


def request_id(request: Request) -> str:
    """The request's sane X-Request-ID, or a new one."""
    given = request.headers.get(REQUEST_ID_HEADER)
    return given if given and _SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


async def _internal(request: Request, exc: Exception) -> JSONBytes:
    """A 500 in the vocabulary, with a request id in the body, the header and the log."""
    rid = request_id(request)
    log.error(
        "internal error, request_id=%s: %s %s", rid, request.method, request.url.path, exc_info=exc
    )
    detail = "unexpected error on our side; quote the request_id if you report it"
    return _body("internal", detail, 500, {REQUEST_ID_HEADER: rid}, {"request_id": rid})


def _unparsable_body(cause: BaseException) -> str:
    if isinstance(cause, RecursionError):
        return "body: JSON nested too deeply"
    if isinstance(cause, UnicodeError):
        return "body: not valid UTF-8"
    return f"body: cannot be parsed ({type(cause).__name__})"


class AddressNotFound(AppError):
    """The geocoder found nothing for the address; `suggestions` may help."""

    status_code = 404
    kind = "address_not_found"


class Conflict(AppError):
    """The change would break a uniqueness rule."""

    status_code = 409
    kind = "conflict"


class PreconditionFailed(AppError):
    """If-Match names a version that is no longer current."""

    status_code = 412
    kind = "precondition_failed"


class PreconditionRequired(AppError):
    """A write without If-Match: it could overwrite a change its sender never saw."""

    status_code = 428
    kind = "precondition_required"


class PayloadTooLarge(AppError):
    """The request body is over the limit."""

    status_code = 413
    kind = "payload_too_large"


class InvalidBody(AppError):
    """The body is well-formed but its content is invalid."""

    status_code = 422
    kind = "invalid_body"


def describe_validation(errors: list[dict[str, Any]]) -> str:
    """Pydantic errors as one readable line."""
    return "; ".join(_describe(error) for error in errors)


class Unauthorized(AppError):
    """No key, or a key that is unknown, revoked or expired."""

    status_code = 401
    kind = "unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(AppError):
    """A valid key without the scope the operation needs."""

    status_code = 403
    kind = "forbidden"


class RateLimited(AppError):
    """Too many requests from an address or with a key; `Retry-After` says when to retry."""

    status_code = 429
    kind = "rate_limited"
