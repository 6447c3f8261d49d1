"""One error vocabulary: `{"error": kind, "detail": what and how to fix it}`."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.responses import JSONBytes


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


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Not found, or page past the end."},
    422: {"model": ErrorBody, "description": "Invalid parameter; `detail` says which and why."},
}


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
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _body(kind, str(exc.detail), exc.status_code, getattr(exc, "headers", None))


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
