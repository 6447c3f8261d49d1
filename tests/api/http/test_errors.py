"""Issue 17, items 1-3 and 12: an error renderer that cannot fail, and a log that holds no
submitted value, no token and no query (api/http/errors.py, api/http/responses.py,
api/ops/safe_log.py)."""

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.auth.keys import create_key
from api.database import make_engine
from api.http.error_handlers import error_response
from api.http.language import Text
from api.ops.safe_log import install_safe_tracebacks, safe_trace
from api.stewards import links as stewards
from models.api_key import Scope
from tests.api.workshops.test_routes_read import PERSON, Workshops
from tests.conftest import bearer, make_access_point, make_key
from tests.live_server import UNTHROTTLED, live_server

SURROGATE_NAME = '"Zo\\ud800Quintessa"'  # JSON text: a lone surrogate inside a name
PHONE = "06 98 76 54 32"
STEWARD_ROUTE = "/v1/steward/{token}/places/{access_point_id}"


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(places=[make_access_point(source="city", source_id="p-1")])


def place_id(client: TestClient) -> int:
    return int(client.get("/v1/access-points").json()["items"][0]["id"])


def server_log(caplog: pytest.LogCaptureFixture) -> str:
    """What the server logged (the test's HTTP client logs its own requests' URLs)."""
    return "\n".join(
        record.getMessage() for record in caplog.records if not record.name.startswith("httpx")
    )


def json_body(**fields: Any) -> bytes:
    """A JSON body whose `name`-like fields may hold raw JSON text (a lone surrogate)."""
    parts = [f'"{key}":{value}' for key, value in fields.items()]
    return ("{" + ",".join(parts) + "}").encode()


def test_error_response_with_a_lone_surrogate_answers_its_status(client: TestClient) -> None:
    answer = error_response("invalid_request", Text("« a\ud800b »", "'a\ud800b'"), 422, "fr")
    assert (answer.status_code, orjson.loads(answer.body)) == (
        422,
        {"error": "invalid_request", "detail": "« a\ufffdb »"},
    )


def test_error_response_that_cannot_render_answers_a_fixed_detail(client: TestClient) -> None:
    answer = error_response(
        "database_busy",
        Text("occupée", "busy"),
        503,
        "en",
        headers={"Retry-After": "5", "X-Bad": "é\ud800"},
        extra={"unserialisable": object()},
    )
    assert (answer.status_code, orjson.loads(answer.body)) == (
        503,
        {"error": "database_busy", "detail": "error on our side; retry later"},
    )
    assert (answer.headers["retry-after"], "x-bad" in answer.headers) == ("5", False)


def test_lone_surrogate_in_a_place_patch_is_422_and_the_connection_stays(
    client: TestClient,
) -> None:
    headers = bearer(make_key(client, "write")) | {
        "If-Match": "*",
        "Content-Type": "application/json",
    }
    url = f"/v1/access-points/{place_id(client)}"
    response = client.patch(url, content=json_body(name=SURROGATE_NAME), headers=headers)
    body = response.json()
    assert (response.status_code, set(body)) == (422, {"error", "detail"})
    assert body["error"] in ("invalid_body", "invalid_request")
    assert body["detail"].startswith("name")
    assert client.get(url).status_code == 200


def test_booking_with_a_lone_surrogate_is_422_and_logs_neither_name_nor_phone(
    client_factory: Callable[..., TestClient], caplog: pytest.LogCaptureFixture
) -> None:
    live = Workshops(client_factory(places=[make_access_point()]))
    session_id = live.session(live.workshop())
    person = {key: orjson.dumps(value).decode() for key, value in PERSON.items()}
    person |= {"first_name": SURROGATE_NAME, "phone": orjson.dumps(PHONE).decode()}
    with caplog.at_level(logging.DEBUG):
        response = live.client.post(
            f"/v1/sessions/{session_id}/registrations",
            content=json_body(**person),
            headers=live.counsellor | {"Content-Type": "application/json"},
        )
    assert (response.status_code, response.json()["error"]) == (422, "invalid_request")
    assert response.json()["detail"].startswith("first_name")
    logged = server_log(caplog)
    assert "Quintessa" not in logged and PHONE not in logged
    assert live.registrations() == 0


def test_a_500_on_a_steward_route_logs_the_template_never_the_token_nor_the_message(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with stewards_session(client) as session:
        _link, token = stewards.issue(session, place_id(client), "Camille Martin")

    def failing_view(*_args: Any) -> None:
        raise ValueError(f"cannot show {token} for {PHONE}")

    monkeypatch.setattr("api.stewards.edits.view", failing_view)
    quiet = TestClient(client.app, raise_server_exceptions=False)
    with caplog.at_level(logging.DEBUG):
        response = quiet.get(f"/v1/steward/{token}/places/{place_id(client)}?who=Nadia")
    assert response.status_code == 500
    request_id = response.json()["request_id"]
    logged = server_log(caplog)
    assert f"request_id={request_id} : GET {STEWARD_ROUTE}" in logged
    assert "\nValueError" in logged and "in failing_view" in logged
    for secret in (token, PHONE, "Nadia", "who="):
        assert secret not in logged


def test_uvicorn_tracebacks_keep_types_and_frames_not_messages(
    caplog: pytest.LogCaptureFixture,
) -> None:
    install_safe_tracebacks()  # as every app does
    logger = logging.getLogger("uvicorn.error")
    name = "first name " + "Quintessa"
    try:
        try:
            raise KeyError(PHONE)
        except KeyError as inner:
            raise RuntimeError(name) from inner
    except RuntimeError as exc:
        error = exc
    with caplog.at_level(logging.ERROR, logger="uvicorn.error"):
        logger.error("Exception in ASGI application\n", exc_info=error)
    message = caplog.records[-1].getMessage()
    assert message.startswith("Exception in ASGI application\nTraceback")
    assert message.endswith("\nRuntimeError") and "\nKeyError\n" in message
    assert "Quintessa" not in caplog.text and PHONE not in caplog.text
    assert caplog.records[-1].exc_info is None


def test_safe_trace_names_each_exception_of_the_chain() -> None:
    secret = "s3cr3t-" + "value"
    empty: dict[str, int] = {}
    try:
        try:
            empty[secret]
        except KeyError:
            raise OSError(secret) from None
    except OSError:
        trace = safe_trace(sys.exc_info()[1])  # type: ignore[arg-type]
    assert trace.count("Traceback (most recent call last):") == 1
    assert trace.endswith("\nOSError") and "s3cr3t-value" not in trace


@pytest.mark.parametrize(
    ("query", "language", "detail"),
    [
        ("lat=47.3", "fr", "lat, lon : donnez lat et lon ensemble"),
        ("lon=5.04", "en", "lat, lon: give lat and lon together"),
        ("lat=47.3&lon=5&address=rue+Nadia", "fr", "donnez lat/lon ou address, pas les deux"),
        ("sort=distance", "en", "sort: sort=distance needs lat/lon or address"),
        ("from=2030-01-02&to=2030-01-01", "fr", "from, to : to doit suivre from"),
    ],
)
def test_session_query_422_names_its_fields_and_echoes_no_value(
    client: TestClient, query: str, language: str, detail: str
) -> None:
    response = client.get(f"/v1/sessions?{query}", headers={"Accept-Language": language})
    assert (response.status_code, response.json()["error"]) == (422, "invalid_request")
    assert response.json()["detail"].endswith(detail)
    for echoed in ("{", "47.3", "Nadia", "2030"):
        assert echoed not in response.json()["detail"]


def stewards_session(client: TestClient) -> Session:
    return Session(client.app.state.runtime.engine)  # type: ignore[attr-defined]


def test_served_surrogate_bodies_are_422_on_one_connection_and_never_logged(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'panda.db'}"
    with live_server(tmp_path, url, **UNTHROTTLED) as server:
        place = httpx.get(f"{server.base}/v1/access-points").json()["items"][0]["id"]
        secret = served_key(url)
        headers = bearer(secret) | {"If-Match": "*", "Content-Type": "application/json"}
        body = json_body(name=SURROGATE_NAME, phone=orjson.dumps(PHONE).decode())
        with httpx.Client(base_url=server.base) as client:
            statuses = [
                client.patch(
                    f"/v1/access-points/{place}", content=body, headers=headers
                ).status_code
                for _ in range(3)
            ]
            after = client.get(f"/v1/access-points/{place}").status_code
    logged = "\n".join(path.read_text() for path in tmp_path.glob("server-*.log"))
    assert (statuses, after) == ([422, 422, 422], 200)
    assert "Quintessa" not in logged and PHONE not in logged and "Traceback" not in logged


def served_key(url: str) -> str:
    """A write key stored in the served database."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return create_key(session, "probe", [Scope.WRITE])[1]
    finally:
        engine.dispose()
