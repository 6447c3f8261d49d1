"""Rendering errors: every error answer in the one vocabulary, in the request's language, and
the handlers that turn exceptions into them (a renderer that cannot fail, logs without values)."""

import logging
import re
import uuid
from collections.abc import Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.http.allowed_methods import allow_header
from api.http.errors import AppError
from api.http.language import Text, language_headers, language_of
from api.http.responses import JSONBytes
from api.ops.access_log import route_of
from api.ops.safe_log import install_safe_tracebacks, mark_logged, safe_trace
from models.text_types import printable
from seed.validation_text import explain

log = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"

# An incoming X-Request-ID is kept when it is this sane; otherwise one is made.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

# What an error answer echoes of what the client sent is bounded, so that it is never much
# larger than the request: so many errors described, so many names listed, each name cut.
MAX_ERRORS = 10

MAX_NAMED = 5

_NAME_LIMIT = 60


def error_response(
    kind: str,
    detail: Text,
    status: int,
    language: str,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONBytes:
    """An error answer, its `detail` in the request's language (see api.http.language); never
    fails."""
    try:
        body = {"error": kind, "detail": detail.pick(language)} | (extra or {})
        return JSONBytes(
            body, status_code=status, headers=(headers or {}) | language_headers(language)
        )
    except Exception as exc:
        # Whatever a detail echoes or a header holds, the client gets its status and kind;
        # the log names the kind and the failure's type, never the text that failed.
        log.warning("réponse d'erreur %s rendue sans détail (%s)", kind, type(exc).__name__)
        return _bare(kind, status, language, headers)


# The detail of an error answer whose own detail could not be rendered.
_BARE_4XX = Text(
    "requête refusée ; la documentation de l'API (/docs) dit ce qui est attendu",
    "request refused; the API documentation (/docs) says what is expected",
)

_BARE_5XX = Text("erreur de notre côté ; réessayez plus tard", "error on our side; retry later")


def _bare(kind: str, status: int, language: str, headers: dict[str, str] | None) -> JSONBytes:
    """The error answer with a fixed detail, and only the headers that are plain ASCII."""
    detail = (_BARE_5XX if status >= 500 else _BARE_4XX).pick(language)
    body = orjson.dumps({"error": kind if kind.isascii() else "error", "detail": detail})
    kept = {
        name: value
        for name, value in (headers or {}).items()
        if isinstance(name, str) and isinstance(value, str) and (name + value).isascii()
    }
    return JSONBytes(body, status_code=status, headers=kept | language_headers(language))


def _body(
    request: Request,
    kind: str,
    detail: Text,
    status: int,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONBytes:
    return error_response(kind, detail, status, language_of(request.scope), headers, extra)


def _describe(error: dict[str, Any]) -> Text:
    location = ".".join(
        _part(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")
    )
    try:
        french, english = explain(error)
    except Exception:  # an error of a kind explain() cannot read: say where, not what
        french, english = "valeur refusée", "value refused"
    if not location:
        return Text(french, english)
    return Text(f"{location} : {french}", f"{location}: {english}")


def _part(part: Any) -> str:
    """A location's part (a name the client chose) cut short and printable."""
    text = printable(str(part))
    return text if len(text) <= _NAME_LIMIT else f"{text[:_NAME_LIMIT]}…"


def named_few(names: Sequence[str], limit: int = MAX_NAMED, quoted: bool = True) -> Text:
    """`« a », « b » et 3 autres`: the first `limit` names, cut and printable, then a count."""
    shown = ", ".join(f"« {_part(n)} »" if quoted else _part(n) for n in names[:limit])
    rest = len(names) - limit
    if rest <= 0:
        return Text(shown, shown)
    return Text(f"{shown} et {rest} autres", f"{shown} and {rest} more")


def join_texts(texts: list[Text]) -> Text:
    """Several messages as one, in each language."""
    return Text(" ; ".join(text.fr for text in texts), "; ".join(text.en for text in texts))


def install_error_handlers(app: FastAPI) -> None:
    """Render AppError, validation errors and HTTP errors in the one vocabulary."""

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONBytes:
        return _body(request, exc.kind, exc.text, exc.status_code, exc.headers, exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONBytes:
        return _body(request, "invalid_request", describe_validation(exc.errors()), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONBytes:
        if exc.status_code == 400 and exc.__cause__ is not None:
            # FastAPI's "error parsing the body": JSON too deep for the parser, or not UTF-8.
            return _body(request, "invalid_request", _unparsable_body(exc.__cause__), 422)
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            # Starlette names the first matching route's methods; the path may accept more.
            headers = (headers or {}) | {"Allow": allow_header(request)}
        detail = _http_detail(request, exc.status_code, str(exc.detail), headers)
        return _body(request, kind, detail, exc.status_code, headers)

    # Exception goes to Starlette's ServerErrorMiddleware, outside every other middleware:
    # it also answers for errors raised in middlewares (it re-raises, so servers log it too:
    # uvicorn's copy is cut to one line, and any other it logs is told safely).
    app.add_exception_handler(Exception, internal_error)
    install_safe_tracebacks()


def request_id(request: Request) -> str:
    """The request's sane X-Request-ID, or a new one."""
    given = request.headers.get(REQUEST_ID_HEADER)
    return given if given and _SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


async def internal_error(request: Request, exc: Exception) -> JSONBytes:
    """A 500 in the vocabulary, with a request id in the body, the header and the log."""
    rid = request_id(request)
    # The route's template, never the raw path (a steward's token is in it) nor the query;
    # the traceback's frames and types, never a message (api.ops.safe_log).
    log.error(
        "erreur interne, request_id=%s : %s %s\n%s",
        rid,
        request.method,
        route_of(request.scope),
        safe_trace(exc),
    )
    mark_logged(exc, rid)
    detail = Text(
        "erreur inattendue de notre côté ; citez le request_id si vous la signalez",
        "unexpected error on our side; quote the request_id if you report it",
    )
    return _body(request, "internal", detail, 500, {REQUEST_ID_HEADER: rid}, {"request_id": rid})


def _http_detail(
    request: Request, status: int, detail: str, headers: dict[str, str] | None
) -> Text:
    """Starlette's own 404 and 405 ("Not Found"), said with the path and how to fix it."""
    path = request.url.path
    if status == 404 and detail == "Not Found":
        return Text(
            f"aucune ressource à l'adresse {path} : vérifiez le chemin (routes de l'API : /docs)",
            "Not Found",
        )
    if status == 405:
        allowed = (headers or {}).get("Allow", "")
        return Text(
            f"la méthode {request.method} n'est pas acceptée sur {path}"
            + (f" ; méthodes acceptées : {allowed}" if allowed else ""),
            detail,
        )
    return Text(detail, detail)


def _unparsable_body(cause: BaseException) -> Text:
    if isinstance(cause, RecursionError):
        return Text("body : JSON trop profondément imbriqué", "body: JSON nested too deeply")
    if isinstance(cause, UnicodeError):
        return Text("body : le texte n'est pas en UTF-8", "body: not valid UTF-8")
    name = type(cause).__name__
    return Text(f"body : illisible ({name})", f"body: cannot be parsed ({name})")


def describe_validation(errors: Sequence[Any]) -> Text:
    """Pydantic errors as one readable line, in French and in English; the first MAX_ERRORS,
    then how many more (10,000 unknown names once made a 600 KB answer)."""
    texts = [_describe(error) for error in errors[:MAX_ERRORS]]
    rest = len(errors) - MAX_ERRORS
    if rest > 0:
        texts.append(Text(f"et {rest} autres erreurs", f"and {rest} more errors"))
    return join_texts(texts)
