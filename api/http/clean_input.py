"""Text input cleaned at the edge: the same rule for every query parameter and the path.

A query string or path whose percent-escapes do not decode as UTF-8, or that holds a control
character (C0, DEL or C1; NUL above all), is refused with 422 before routing. Starlette would
otherwise turn bad bytes into U+FFFD (which then matches every place) and pass NUL on.
"""

import re
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from api.http.error_handlers import error_response
from api.http.language import Text, language_of

# What may need a closer look: a raw byte outside printable ASCII, or an escape that may be of
# a control or non-ASCII byte (%0x, %1x, %7x, %8x-%Fx). A query string without any (the usual
# case) is accepted after this one search, about a fifth of what parsing it costs Starlette.
_SUSPECT = re.compile(rb"[^\x20-\x7e]|%[01789A-Fa-f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def text_problem(raw: bytes, plus_is_space: bool = True) -> Text | None:
    """Why this raw (still percent-encoded) text is refused, or None."""
    if plus_is_space:
        raw = raw.replace(b"+", b" ")
    try:
        text = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return Text("le texte n'est pas en UTF-8", "not valid UTF-8")
    control = _CONTROL.search(text)
    if control:
        code = f"U+{ord(control.group()):04X}"
        return Text(
            f"caractère de contrôle {code} interdit", f"control character {code} not allowed"
        )
    return None


def query_problem(query: bytes) -> Text | None:
    """`<parameter>: <why>` for the first refused parameter of a raw query string, or None."""
    if not _SUSPECT.search(query):
        return None
    for pair in query.split(b"&"):
        name, _, value = pair.partition(b"=")
        problem = text_problem(name)
        if problem:
            return Text(f"nom de paramètre : {problem.fr}", f"parameter name: {problem.en}")
        problem = text_problem(value)
        if problem:
            shown = unquote_to_bytes(name.replace(b"+", b" ")).decode()
            return Text(f"{shown} : {problem.fr}", f"{shown}: {problem.en}")
    return None


def path_problem(raw_path: bytes) -> Text | None:
    """`path: <why>` when the raw path holds what the query string may not, or None."""
    if not _SUSPECT.search(raw_path):
        return None
    problem = text_problem(raw_path, plus_is_space=False)
    return Text(f"chemin : {problem.fr}", f"path: {problem.en}") if problem else None


class CleanInput:
    """ASGI middleware: refuse bad text in the query string or path with 422, before routing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check HTTP requests; pass everything else through untouched."""
        if scope["type"] == "http":
            problem = query_problem(scope["query_string"]) or path_problem(
                scope.get("raw_path") or b""
            )
            if problem:
                answer = error_response("invalid_request", problem, 422, language_of(scope))
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)
