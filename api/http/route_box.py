"""Which route the router chose, handed back to an outer middleware through the scope."""

from starlette.types import ASGIApp, Receive, Scope, Send


class RouteCapture:
    """Pure ASGI, innermost: puts the route the router chose into the one-item list at `key`.

    Outer middleware may route a copy of the scope (HEAD-as-GET does), so the route is
    read here, where the router set it, and handed back in a list the outer one made.
    """

    def __init__(self, app: ASGIApp, key: str) -> None:
        self.app = app
        self.key = key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            if (box := scope.get(self.key)) is not None:
                box[0] = scope.get("route")


def template_of(route: object) -> str | None:
    """A route's path template as written for people: `{access_point_id}`, not `{…:int}`."""
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return path if isinstance(path, str) else None
