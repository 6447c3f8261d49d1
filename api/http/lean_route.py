"""Hot read routes answered without FastAPI's per-request machinery, documented as usual.

A `LeanRoute` is declared like any route (`@router.get(...)`, its query parameters in
`openapi_extra`), so the OpenAPI document describes it exactly as before. When the router
chooses it, its endpoint is called with a plain `Request`: no dependency solving, no
response model, no request and function exit stacks, no per-route exception wrapper. On the
benchmark machine that machinery cost a nearest request about 20 µs of a ~380 µs total
(py-spy, docs/benchmarks.md). What the endpoint raises reaches the app's exception
handlers through Starlette's ExceptionMiddleware, as it would have through the route's own
wrapper: the same handlers, the same answers.

Only an endpoint of the form `async def endpoint(request: Request) -> Response` may be lean:
with anything else to solve, the route would answer differently, so the class refuses it.
"""

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

Endpoint = Callable[[Request], Awaitable[Response]]


class LeanRoute(APIRoute):
    """An APIRoute whose endpoint takes the request alone and is called directly."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        dependant = self.dependant
        solved = (
            dependant.path_params,
            dependant.query_params,
            dependant.header_params,
            dependant.cookie_params,
            dependant.body_params,
            dependant.dependencies,
        )
        others = (dependant.response_param_name, dependant.background_tasks_param_name)
        alone = not any(solved) and others == (None, None) and self.body_field is None
        if not (alone and dependant.request_param_name and inspect.iscoroutinefunction(endpoint)):
            raise TypeError(f"{path}: a lean route's endpoint is async and takes the request alone")
        self._lean: Endpoint = endpoint

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Call the endpoint with the request; anything but its methods goes the usual way
        (FastAPI's 405 with Allow)."""
        if scope["type"] != "http" or scope["method"] not in (self.methods or ()):
            await super().handle(scope, receive, send)
            return
        response = await self._lean(Request(scope, receive, send))
        await response(scope, receive, send)
