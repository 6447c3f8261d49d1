"""The methods a path accepts, across every route it matches: the `Allow` header of a 405."""

from fastapi import Request
from fastapi.routing import iter_route_contexts

# The usual reading order; a method outside it comes after, alphabetically.
_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method of every route whose path matches the request's, HEAD beside GET."""
    # Starlette's 405 names the methods of the first route matching the path only, while a
    # path such as /v1/access-points/{id} is served by several routes (GET in one, PUT, PATCH
    # and DELETE in another). HEAD is answered for every GET (api.http.head_requests).
    path = _route_path(request)
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.router.routes):
        regex = getattr(route, "path_regex", None)
        if route.methods and regex is not None and regex.match(path):
            methods |= route.methods
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods, key=lambda m: (_ORDER.index(m) if m in _ORDER else len(_ORDER), m))


def allow_header(request: Request) -> str:
    """The `Allow` header's value for this request's path."""
    return ", ".join(allowed_methods(request))


def _route_path(request: Request) -> str:
    # Routes match the path below the app's root path, as Starlette's router does.
    path: str = request.scope["path"]
    root: str = request.scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path
