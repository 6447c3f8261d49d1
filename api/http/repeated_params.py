"""A query parameter given twice is refused (422 `repeated_parameter`) unless its route
combines repeats: never silently the last one wins.

A route combines a parameter when its OpenAPI document declares it as an array (repeated,
`a=x&a=y`); the rule reads the document, so what is accepted is what is documented. Checked
before routing, for every route in the document; HTML pages left out of the document
(`/embed`) check their own parameters and answer in HTML.
"""

import re
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from api.http.error_handlers import error_response, named_few
from api.http.language import Text, language_of
from api.http.query_model import is_array

KIND = "repeated_parameter"


def repeated_names(query: bytes) -> list[str]:
    """The parameter names given more than once in a raw query string, in order of first use."""
    seen: set[bytes] = set()
    repeated: dict[str, None] = {}
    for pair in query.split(b"&"):
        if not pair:
            continue
        name = pair.partition(b"=")[0]
        if b"%" in name or b"+" in name:
            name = unquote_to_bytes(name.replace(b"+", b" "))
        if name in seen:
            repeated[name.decode("utf-8", "replace")] = None
        seen.add(name)
    return list(repeated)


Combined = dict[str, frozenset[str]]  # by method: the query parameters declared repeatable


def operations(document: dict[str, Any]) -> list[tuple[re.Pattern[str], Combined]]:
    """Each documented path as a pattern, literal paths first (`/search` before `/{id}`)."""
    found = []
    for path, methods in document.get("paths", {}).items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path)) + "$")
        combined = {
            method.upper(): frozenset(
                parameter["name"]
                for parameter in operation.get("parameters", [])
                if parameter.get("in") == "query" and is_array(parameter.get("schema", {}))
            )
            for method, operation in methods.items()
            if isinstance(operation, dict)
        }
        found.append((path.count("{"), pattern, combined))
    found.sort(key=lambda item: item[0])
    return [(pattern, combined) for _, pattern, combined in found]


class RefuseRepeated:
    """ASGI middleware: 422 naming each repeated parameter its route does not combine."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._operations: list[tuple[re.Pattern[str], Combined]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check HTTP requests with a query string; pass everything else through untouched."""
        if scope["type"] == "http" and scope.get("query_string"):
            repeated = repeated_names(scope["query_string"])
            if repeated:
                refused = self._refused(scope, repeated)
                if refused:
                    await _refusal(refused, language_of(scope))(scope, receive, send)
                    return
        await self.app(scope, receive, send)

    def _refused(self, scope: Scope, repeated: list[str]) -> list[str]:
        """The repeated names the operation does not combine (none when it is undocumented)."""
        if self._operations is None:
            # The document as served (api.http.openapi), read once, on the first repeat.
            self._operations = operations(scope["app"].openapi())
        method = "GET" if scope["method"] == "HEAD" else scope["method"]
        for pattern, combined in self._operations:
            if pattern.match(scope["path"]):
                if method not in combined:
                    return []  # the router answers 405
                return [name for name in repeated if name not in combined[method]]
        return []  # an HTML page, a static file or no route at all


def _refusal(names: list[str], language: str) -> Any:
    listed = named_few(names)
    several = len(names) > 1
    return error_response(
        KIND,
        Text(
            f"{'paramètres donnés' if several else 'paramètre donné'} plusieurs fois : "
            f"{listed.fr} ; donnez chacun une seule fois",
            f"{'parameters' if several else 'parameter'} given more than once: {listed.en}; "
            "give each once",
        ),
        422,
        language,
        extra={"parameters": [name[:60] for name in names[:5]]},
    )
