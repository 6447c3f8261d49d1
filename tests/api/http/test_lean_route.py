"""api/http/lean_route.py: a route documented as usual, called without FastAPI's machinery."""

import pytest
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.testclient import TestClient
from starlette.responses import JSONResponse, Response

from api.http.error_handlers import install_error_handlers
from api.http.errors import InvalidParameter
from api.http.lean_route import LeanRoute


async def echo(request: Request) -> Response:
    """Echo the query; a 422 of the house when asked to fail."""
    if request.query_params.get("fail"):
        raise InvalidParameter("échec demandé", en="failure asked for")
    return JSONResponse(dict(request.query_params), headers={"X-Route": "lean"})


def app_with(route_class: type | None) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    router = APIRouter()
    router.add_api_route(
        "/echo",
        echo,
        methods=["GET"],
        route_class_override=route_class,
        operation_id="echo",
        openapi_extra={"parameters": [{"name": "x", "in": "query", "schema": {"type": "string"}}]},
    )
    app.include_router(router)
    return app


def test_a_lean_route_answers_and_is_documented_as_a_usual_one() -> None:
    lean, usual = app_with(LeanRoute), app_with(None)
    assert lean.openapi() == usual.openapi()
    with TestClient(lean) as client:
        answer = client.get("/echo?x=1")
        assert answer.status_code == 200
        assert answer.json() == {"x": "1"}
        assert answer.headers["x-route"] == "lean"


def test_errors_reach_the_apps_handlers_as_from_a_usual_route() -> None:
    with TestClient(app_with(LeanRoute)) as lean, TestClient(app_with(None)) as usual:
        mine, theirs = lean.get("/echo?fail=1"), usual.get("/echo?fail=1")
        assert mine.status_code == theirs.status_code == 422
        assert mine.json() == theirs.json()
        posted, posted_usual = lean.post("/echo"), usual.post("/echo")
        assert posted.status_code == posted_usual.status_code == 405
        assert posted.headers["allow"] == posted_usual.headers["allow"]


def test_an_endpoint_with_anything_to_solve_is_refused() -> None:
    async def with_query(request: Request, x: str = Query("a")) -> Response:
        return Response()

    def not_async(request: Request) -> Response:
        return Response()

    for endpoint in (with_query, not_async):
        router = APIRouter()
        with pytest.raises(TypeError, match="lean route"):
            router.add_api_route("/x", endpoint, route_class_override=LeanRoute)
