"""RouteCapture (api/http/route_box.py): the route the router chose, handed to an outer layer."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from api.http.head_requests import HeadAsGet
from api.http.route_box import RouteCapture, template_of

KEY = "test.route_box"


async def item(request: Request) -> Response:
    return PlainTextResponse(request.path_params["item_id"])


async def broken(request: Request) -> Response:
    raise RuntimeError("route failed")


ROUTES = [Route("/items/{item_id}", item, methods=["GET"]), Route("/broken", broken)]


class Outer:
    """An outer middleware that gives each request a box and keeps what came back in it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seen: list[BaseRoute | None] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        box: list[Any] = [None]
        try:
            await self.app({**scope, KEY: box}, receive, send)
        finally:
            self.seen.append(box[0])


def stack(*between: type[Any]) -> tuple[Outer, Starlette]:
    """Outer, then the given middlewares, then RouteCapture in front of the router."""
    inner = Starlette(routes=ROUTES)
    app: ASGIApp = RouteCapture(inner.router, KEY)
    for middleware in reversed(between):
        app = middleware(app)
    return Outer(app), inner


def test_the_chosen_route_comes_back_to_the_outer_layer() -> None:
    outer, _inner = stack()
    with TestClient(outer) as client:
        assert client.get("/items/7").text == "7"
    assert [route.path for route in outer.seen] == ["/items/{item_id}"]  # type: ignore[union-attr]


def test_no_route_comes_back_as_none() -> None:
    outer, _inner = stack()
    with TestClient(outer) as client:
        assert client.get("/nowhere").status_code == 404
    assert outer.seen == [None]


def test_the_route_comes_back_even_when_it_fails() -> None:
    outer, _inner = stack()
    with TestClient(outer) as client, pytest.raises(RuntimeError, match="route failed"):
        client.get("/broken")
    assert [route.path for route in outer.seen] == ["/broken"]  # type: ignore[union-attr]


def test_the_route_crosses_a_layer_that_routes_a_copy_of_the_scope() -> None:
    # HEAD-as-GET hands the router a copy: only the box, shared, carries the route back.
    outer, _inner = stack(HeadAsGet)
    with TestClient(outer) as client:
        assert client.head("/items/7").status_code == 200
    assert [route.path for route in outer.seen] == ["/items/{item_id}"]  # type: ignore[union-attr]


def test_without_a_box_nothing_is_written() -> None:
    app = RouteCapture(Starlette(routes=ROUTES).router, KEY)
    with TestClient(app) as client:
        assert client.get("/items/8").text == "8"


def test_the_app_reports_route_templates_from_head_requests(
    client_factory: Callable[..., TestClient],
) -> None:
    # The metrics (api.ops.metrics) count a HEAD under the template of the GET it was routed as.
    client: TestClient = client_factory(metrics_enabled=True)
    assert client.head("/v1/health/live").status_code == 200
    text = client.get("/metrics").text
    counted = [line for line in text.splitlines() if 'route="/v1/health/live"' in line]
    assert any('method="HEAD"' in line for line in counted), counted


def test_a_template_is_written_without_its_convertors() -> None:
    route = Route("/v1/access-points/{access_point_id:int}", endpoint=lambda request: None)
    assert template_of(route) == "/v1/access-points/{access_point_id}"
    assert template_of(None) is None
