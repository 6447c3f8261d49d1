"""The error vocabulary: `{"error": kind, "detail": ...}` bodies, the errors code raises, and
what each error status means for OpenAPI. The handlers that render them: api.http.error_handlers."""

from typing import Any

from pydantic import BaseModel

from api.http.language import Text


class ErrorBody(BaseModel):
    """The body of every error answer."""

    error: str
    detail: str


class AppError(Exception):
    """Base of the errors code below the routes raises: `detail` in French, `en` in English."""

    status_code = 400
    kind = "bad_request"

    def __init__(
        self,
        detail: str | Text,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
        *,
        en: str | None = None,
    ) -> None:
        text = detail if isinstance(detail, Text) else Text(detail, en or detail)
        super().__init__(text.fr)
        self.text = text
        self.detail = text.fr
        self.headers = headers
        self.extra = extra or {}


class NotFound(AppError):
    """The resource does not exist."""

    status_code = 404
    kind = "not_found"


class TransitNotImported(AppError):
    """No public-transport feed is imported (panda transit import)."""

    status_code = 404
    kind = "transit_not_imported"


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
    410: "Gone: the cursor is older than the change log keeps (`cursor_expired`) or from "
    "another database (`cursor_unknown`); copy everything again (see docs/partners.md).",
    412: "Stale or weak If-Match; `ETag` is the current.",
    413: "Body over the limit.",
    422: "Invalid parameter or body; `detail` says which and why.",
    428: "No If-Match: read the place, send its ETag.",
    429: "Too many requests; retry after `Retry-After` seconds.",
    500: "Unexpected error; quote `request_id` (also the `X-Request-ID` header).",
    503: "A dependency is busy or down (`database_busy`, `database_unavailable`, "
    "`service_unavailable`); retry after `Retry-After` seconds.",
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


# The maps routes share, declared once: not found or invalid; a key's refusals; a
# conditional write's (a malformed, stale or missing If-Match).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = responses(404, 422)
KEY_ERRORS: dict[int | str, dict[str, Any]] = responses(401, 403)
IF_MATCH_400 = "Malformed If-Match (`invalid_if_match`)."
IF_MATCH_ERRORS: dict[int | str, dict[str, Any]] = responses(400, 412, 428, s400=IF_MATCH_400)


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


class Unauthorized(AppError):
    """No key, or a key that is unknown, revoked or expired."""

    status_code = 401
    kind = "unauthorized"

    def __init__(self, detail: str | Text, *, en: str | None = None) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, en=en)


class Forbidden(AppError):
    """A valid key without the scope the operation needs."""

    status_code = 403
    kind = "forbidden"


class RateLimited(AppError):
    """Too many requests from an address or with a key; `Retry-After` says when to retry."""

    status_code = 429
    kind = "rate_limited"


class CursorExpired(AppError):
    """A change-feed cursor older than the log keeps: the follower must copy everything again."""

    status_code = 410
    kind = "cursor_expired"


class CursorUnknown(AppError):
    """A change-feed cursor past this database's changes (another database, a restore)."""

    status_code = 410
    kind = "cursor_unknown"
