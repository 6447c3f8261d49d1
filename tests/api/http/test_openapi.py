"""The OpenAPI document refuses what the server refuses, for every parameter alike."""

import re

from fastapi.testclient import TestClient

from api.http.openapi import MOMENT_YEARS, NO_CONTROL
from models.registration import MOBILE_PATTERN, french_mobile


def _parameters(client: TestClient) -> list[dict]:
    document = client.get("/openapi.json").json()
    return [
        parameter
        for operations in document["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] in ("query", "path")
    ]


def _string_branches(schema: dict) -> list[dict]:
    return [b for b in schema.get("anyOf", [schema]) if b.get("type") == "string"]


def test_every_text_parameter_refuses_control_characters(seeded_client: TestClient) -> None:
    for parameter in _parameters(seeded_client):
        schema = parameter["schema"]
        for branch in _string_branches(schema):
            pattern = schema.get("pattern") or branch.get("pattern")
            assert pattern or "enum" in branch, parameter["name"]
            if pattern and "format" not in branch:
                assert not re.search(pattern, "a\x00b") and not re.search(pattern, "a\x85"), pattern


def test_query_moments_are_bounded_to_the_clock_span(seeded_client: TestClient) -> None:
    moments = [
        p["name"]
        for p in _parameters(seeded_client)
        if any(b.get("format") == "date-time" for b in _string_branches(p["schema"]))
        and all(b.get("pattern") == MOMENT_YEARS for b in _string_branches(p["schema"]))
    ]
    assert set(moments) == {"open_at", "from", "to"}
    answer = seeded_client.get("/v1/access-points", params={"open_at": "1969-12-31T12:00:00"})
    assert answer.status_code == 422
    assert not re.search(MOMENT_YEARS, "1969-12-31T12:00:00")


def test_no_control_pattern_is_clean_inputs_rule(seeded_client: TestClient) -> None:
    assert re.search(NO_CONTROL, "Dijon é 21000")
    assert seeded_client.get("/v1/communes", params={"name": "Dij\x7fon"}).status_code == 422


def test_booking_consent_is_const_true_and_phone_a_mobile_layout(
    seeded_client: TestClient,
) -> None:
    document = seeded_client.get("/openapi.json").json()
    booking = document["components"]["schemas"]["RegistrationCreate"]["properties"]
    assert booking["consent"]["const"] is True
    assert booking["phone"]["pattern"] == MOBILE_PATTERN
    for phone in ("06 12 34 56 78", "+33 7 53 12 34 56", "0033612345678", ""):
        assert re.search(MOBILE_PATTERN, phone)
        assert not phone or french_mobile(phone).startswith("+33")
    for phone in ("0512345678", "0690123456", "12"):
        assert not re.search(MOBILE_PATTERN, phone)
