"""The `Allow` header of a 405 (api/http/allowed_methods.py): every route of the path counts."""

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from api.http.allowed_methods import allow_header, allowed_methods


def noop() -> None:
    return None


def make_app() -> FastAPI:
    """/things/{id} served by two routers, as /v1/access-points/{id} is."""
    app = FastAPI()
    reads, writes = APIRouter(prefix="/things"), APIRouter(prefix="/things")
    reads.add_api_route("/{thing_id}", noop, methods=["GET"])
    writes.add_api_route("/{thing_id}", noop, methods=["DELETE", "PATCH", "PUT"])
    writes.add_api_route("", noop, methods=["POST"])
    writes.add_api_route("/{thing_id}/purge", noop, methods=["PURGE", "POST"])
    app.include_router(reads)
    app.include_router(writes)
    return app


def request(app: FastAPI, path: str, root_path: str = "") -> Request:
    scope = {"type": "http", "method": "TRACE", "path": path, "root_path": root_path, "app": app}
    return Request(scope)


def test_methods_of_every_matching_route_in_reading_order_head_beside_get() -> None:
    app = make_app()
    assert allowed_methods(request(app, "/things/7")) == ["GET", "HEAD", "PUT", "PATCH", "DELETE"]
    assert allow_header(request(app, "/things/7")) == "GET, HEAD, PUT, PATCH, DELETE"


def test_no_head_without_get() -> None:
    assert allowed_methods(request(make_app(), "/things")) == ["POST"]


def test_a_method_outside_the_usual_order_comes_last() -> None:
    assert allowed_methods(request(make_app(), "/things/7/purge")) == ["POST", "PURGE"]


def test_a_path_no_route_matches_allows_nothing() -> None:
    assert allowed_methods(request(make_app(), "/nothing")) == []
    assert allow_header(request(make_app(), "/nothing")) == ""


def test_the_root_path_is_taken_off_before_matching() -> None:
    app = make_app()
    behind = request(app, "/finder/things/7", root_path="/finder")
    assert allowed_methods(behind) == ["GET", "HEAD", "PUT", "PATCH", "DELETE"]


def test_the_app_answers_405_with_the_full_list(seeded_client: TestClient) -> None:
    # GET in one router, PUT/PATCH/DELETE in another: Starlette alone would name GET only.
    response = seeded_client.post("/v1/access-points/1")
    assert response.status_code == 405
    assert response.headers["allow"] == allow_header(
        request(seeded_client.app, "/v1/access-points/1")  # type: ignore[arg-type]
    )
    assert {"GET", "HEAD", "PUT", "PATCH", "DELETE"} <= set(response.headers["allow"].split(", "))
