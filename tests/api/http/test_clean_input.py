"""Input that used to answer 500 or fool the service, each refused with a 4xx in the vocabulary.

One test per reproducer of issue 9 (a schemathesis run), plus the 500 handler, the OpenAPI
document's error bodies and the offsets of every datetime the API returns.
"""

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import bearer, make_access_point, make_key

MOMENT_RANGE = "open_at: must be from 1970-01-01T00:00:00 to 2100-12-31T23:59:59, Paris time"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
LOOKS_LIKE_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT")
TOO_BIG = 2**64


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    # These reproducers check the English `detail` (French: tests/api/http/test_language.py).
    made = client_factory(places=[make_access_point(source="city", source_id="existing")])
    made.headers["Accept-Language"] = "en"
    return made


def place_id(client: TestClient) -> int:
    return int(client.get("/v1/access-points").json()["items"][0]["id"])


def error(response: Any) -> tuple[int, str, str]:
    body = response.json()
    assert set(body) == {"error", "detail"}
    return response.status_code, body["error"], body["detail"]


@pytest.mark.parametrize("path", ["/v1/access-points", "/v1/access-points/nearest?lat=47.3&lon=5"])
@pytest.mark.parametrize("moment", ["0001-01-01", "9999-12-31T23:59:59-12:00", "1900-06-01T10:00"])
def test_open_at_outside_the_evaluable_span_is_422(
    client: TestClient, path: str, moment: str
) -> None:
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}open_at={moment.replace('+', '%2B')}")
    assert error(response) == (422, "invalid_request", MOMENT_RANGE)


def test_open_at_at_the_span_edges_is_answered(client: TestClient) -> None:
    for moment in ("1970-01-01T00:00:00", "2100-12-31T23:59:59"):
        response = client.get(f"/v1/access-points?open_at={moment}")
        assert response.status_code == 200, response.text


def test_week_starting_in_year_9999_is_422(client: TestClient) -> None:
    response = client.get(f"/v1/access-points/{place_id(client)}/week?start=9999-12-25")
    assert error(response) == (
        422,
        "invalid_request",
        "start: must be from 1970-01-01 to 2100-12-25",
    )


def test_week_starting_on_the_last_accepted_day_is_answered(client: TestClient) -> None:
    response = client.get(f"/v1/access-points/{place_id(client)}/week?start=2100-12-25")
    assert (response.status_code, response.json()["days"][-1]["day"]) == (200, "2100-12-31")


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_equipment_count_of_2_to_the_64_is_422(client: TestClient, method: str) -> None:
    headers = bearer(make_key(client, "write")) | {"If-Match": "*"}
    place = make_access_point(source="city", source_id="other").model_dump(mode="json")
    body = {"equipment": {"computer": TOO_BIG}} if method == "PATCH" else place
    body["equipment"] = {"computer": TOO_BIG}
    url = "/v1/access-points" + ("" if method == "POST" else f"/{place_id(client)}")
    response = client.request(method, url, json=body, headers=headers)
    assert error(response) == (
        422,
        "invalid_request",
        "equipment.computer: Input should be less than or equal to 10000",
    )


def test_write_body_nested_too_deep_for_the_parser_is_422(client: TestClient) -> None:
    headers = bearer(make_key(client, "write")) | {"Content-Type": "application/json"}
    body = b"[" * 5000 + b"]" * 5000
    response = client.post("/v1/access-points", content=body, headers=headers)
    assert error(response) == (422, "invalid_request", "body: JSON nested too deeply")


def test_write_body_not_utf8_is_422(client: TestClient) -> None:
    headers = bearer(make_key(client, "write")) | {"Content-Type": "application/json"}
    response = client.post("/v1/access-points", content=b'{"name": "\xff"}', headers=headers)
    assert error(response) == (422, "invalid_request", "body: not valid UTF-8")


def test_import_of_1000_nested_arrays_is_422(client: TestClient) -> None:
    headers = bearer(make_key(client, "import"))
    response = client.post("/v1/imports", content=b"[" * 1000 + b"]" * 1000, headers=headers)
    assert error(response)[:2] == (422, "invalid_body")


def test_import_of_geojson_nested_past_the_limit_is_422(client: TestClient) -> None:
    headers = bearer(make_key(client, "import"))
    deep = b"[" * 300 + b"]" * 300
    body = b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":'
    body += deep + b'},"geometry":{"type":"Point","coordinates":[5.0,47.3]}}]}'
    response = client.post("/v1/imports", content=body, headers=headers)
    assert error(response) == (422, "invalid_body", "JSON nested deeper than 32 levels")


def test_import_mapping_with_a_nul_byte_is_422(client: TestClient) -> None:
    headers = bearer(make_key(client, "import"))
    response = client.post("/v1/imports?mapping=a%00b.toml", content=b"a,b\n1,2\n", headers=headers)
    assert error(response) == (
        422,
        "invalid_request",
        "mapping: control character U+0000 not allowed",
    )


@pytest.mark.parametrize(
    "mapping", ["/etc/passwd.toml", "/nowhere/at/all.toml", "../mappings/bfc-ternum.toml"]
)
def test_import_mapping_naming_a_server_path_is_422_whether_or_not_it_exists(
    client: TestClient, mapping: str
) -> None:
    headers = bearer(make_key(client, "import"))
    response = client.post(
        "/v1/imports", params={"mapping": mapping}, content=b"a,b\n1,2\n", headers=headers
    )
    assert error(response) == (
        422,
        "invalid_request",
        "mapping: String should match pattern '^[a-z0-9_-]+$'",
    )


def test_import_mapping_unknown_by_name_lists_the_shipped_ones(client: TestClient) -> None:
    headers = bearer(make_key(client, "import"))
    response = client.post("/v1/imports?mapping=passwd", content=b"a,b\n1,2\n", headers=headers)
    assert error(response) == (
        422,
        "invalid_parameter",
        "mapping: no shipped mapping 'passwd'; known: bfc-ternum",
    )


def test_query_with_invalid_utf8_is_422_not_a_match_for_everything(client: TestClient) -> None:
    response = client.get("/v1/access-points?q=%FF")
    assert error(response) == (422, "invalid_request", "q: not valid UTF-8")


def test_query_with_a_nul_byte_in_commune_is_422(client: TestClient) -> None:
    response = client.get("/v1/access-points?commune=Dijon%00")
    assert error(response) == (
        422,
        "invalid_request",
        "commune: control character U+0000 not allowed",
    )


@pytest.mark.parametrize(
    ("escaped", "code"), [("%09", "0009"), ("%1F", "001F"), ("%7F", "007F"), ("%C2%85", "0085")]
)
def test_query_with_a_control_character_in_any_parameter_is_422(
    client: TestClient, escaped: str, code: str
) -> None:
    response = client.get(f"/v1/communes?anything=a{escaped}b")
    assert error(response) == (
        422,
        "invalid_request",
        f"anything: control character U+{code} not allowed",
    )


def test_query_with_accents_and_plus_signs_is_answered(client: TestClient) -> None:
    response = client.get("/v1/access-points?commune=Chen%C3%B4ve&q=caf%C3%A9+internet")
    assert (response.status_code, response.json()["query"]["q"]) == (200, "café internet")


def test_path_with_a_nul_byte_is_422(client: TestClient) -> None:
    response = client.get("/v1/access-points/1%00")
    assert error(response) == (422, "invalid_request", "path: control character U+0000 not allowed")


@pytest.fixture
def failing(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The same app, with a route and a middleware step that fail, and errors not re-raised."""

    def boom() -> None:
        raise RuntimeError("boom")

    client.app.router.add_api_route("/boom", boom)  # type: ignore[attr-defined]

    def middleware_boom(query: bytes) -> str | None:
        if query == b"explode":
            raise RuntimeError("boom in a middleware")
        return None

    monkeypatch.setattr("api.http.clean_input.query_problem", middleware_boom)
    yield TestClient(client.app, raise_server_exceptions=False)


@pytest.mark.parametrize("url", ["/boom", "/v1/communes?explode"])
def test_unexpected_exception_is_json_500_with_the_request_id_of_the_header(
    failing: TestClient, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="api.http.error_handlers"):
        response = failing.get(url)
    body = response.json()
    assert (response.status_code, response.headers["content-type"]) == (500, "application/json")
    assert body == {
        "error": "internal",
        "detail": "erreur inattendue de notre côté ; citez le request_id si vous la signalez",
        "request_id": response.headers["x-request-id"],
    }
    assert re.fullmatch(r"[0-9a-f]{32}", body["request_id"])
    logged = [r for r in caplog.records if body["request_id"] in r.getMessage()]
    # The traceback's frames and type, never its message (api.ops.safe_log).
    assert len(logged) == 1 and "Traceback" in logged[0].getMessage()
    assert "\nRuntimeError" in logged[0].getMessage() and "RuntimeError:" not in caplog.text


def test_unexpected_exception_keeps_a_sane_incoming_request_id(failing: TestClient) -> None:
    response = failing.get("/boom", headers={"X-Request-ID": "lb-1234.abc"})
    assert (response.json()["request_id"], response.headers["x-request-id"]) == (
        "lb-1234.abc",
        "lb-1234.abc",
    )


def test_unexpected_exception_replaces_an_insane_incoming_request_id(failing: TestClient) -> None:
    response = failing.get("/boom", headers={"X-Request-ID": "a b<script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", response.json()["request_id"])


def test_openapi_declares_error_body_for_every_422(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    error_body = {"$ref": "#/components/schemas/ErrorBody"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            schema = operation["responses"]["422"]["content"]["application/json"]["schema"]
            assert schema == error_body or error_body in schema["anyOf"], (method, path)
            internal = operation["responses"]["500"]["content"]["application/json"]["schema"]
            assert internal == {"$ref": "#/components/schemas/InternalErrorBody"}
    assert not {"HTTPValidationError", "ValidationError"} & set(document["components"]["schemas"])


def test_openapi_declares_the_request_body_of_imports(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    body = document["paths"]["/v1/imports"]["post"]["requestBody"]
    binary = {"schema": {"type": "string", "format": "binary"}}
    assert body["required"] is True
    assert body["content"] == {
        "text/csv": binary,
        "application/json": binary,
        "application/geo+json": binary,
        "application/octet-stream": binary,
    }


def test_openapi_requires_if_match_on_every_conditional_write(client: TestClient) -> None:
    operations = client.get("/openapi.json").json()["paths"]["/v1/access-points/{access_point_id}"]
    for method in ("put", "patch", "delete"):
        (if_match,) = [p for p in operations[method]["parameters"] if p["name"] == "if-match"]
        assert (if_match["in"], if_match["required"]) == ("header", True)


def datetimes(node: Any) -> Iterator[str]:
    """Every string in an answer that starts like a datetime."""
    if isinstance(node, dict):
        for value in node.values():
            yield from datetimes(value)
    elif isinstance(node, list):
        for item in node:
            yield from datetimes(item)
    elif isinstance(node, str) and LOOKS_LIKE_DATETIME.match(node):
        yield node


def test_every_datetime_in_list_and_nearest_answers_carries_its_offset(
    seeded_client: TestClient,
) -> None:
    found = []
    for url in (
        "/v1/access-points?size=100&open_at=1970-01-01T00:30:00",
        "/v1/access-points?size=100",
        "/v1/access-points/nearest?lat=47.3216&lon=5.0415&limit=50&open_at=2100-12-31T23:00",
    ):
        response = seeded_client.get(url)
        assert response.status_code == 200, response.text
        found += list(datetimes(response.json()))
    assert len(found) > 90
    assert [value for value in found if not RFC3339.fullmatch(value)] == []


def test_nearest_open_at_near_1900_is_refused_not_answered_with_an_lmt_offset(
    seeded_client: TestClient,
) -> None:
    url = "/v1/access-points/nearest?lat=47.32&lon=5.04&open_at=1900-01-01"
    response = seeded_client.get(url, headers={"Accept-Language": "en"})
    assert error(response) == (422, "invalid_request", MOMENT_RANGE)


def test_every_datetime_in_history_carries_its_offset(seeded_client: TestClient) -> None:
    history = seeded_client.get("/v1/access-points/1/history").json()
    moments = [entry["at"] for entry in history]
    assert moments and [m for m in moments if not RFC3339.fullmatch(m)] == []
