"""Free text from outside (models/text_types.py) on every JSON input: a control character or a
lone UTF-16 surrogate is a 422 naming the field in French, never a 500 nor a stored value; on
SQLite, or PostgreSQL with PANDA_TEST_DATABASE_URL (which refuses NUL in text itself)."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.stewards import links as stewards
from models.text_types import FILLED_LINE_PATTERN, LINE_PATTERN, LONG_PATTERN
from tests.conftest import bearer, make_access_point, make_key

JSON = {"Content-Type": "application/json"}
SURROGATE = "demi-caractère UTF-16 isolé U+D800 interdit (texte mal encodé)"


class App:
    """An app with one place, a writer's, an admin's and a counsellor's key."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.writer = bearer(make_key(client, "write")) | JSON
        self.admin = bearer(make_key(client, "admin")) | JSON
        self.counsellor = bearer(make_key(client, "register")) | JSON
        self.place_id = client.get("/v1/access-points").json()["items"][0]["id"]

    def place(self) -> dict[str, Any]:
        return dict(self.client.get(f"/v1/access-points/{self.place_id}").json())

    def patch(self, raw: str) -> Any:
        headers = self.writer | {"If-Match": "*"}
        return self.client.patch(f"/v1/access-points/{self.place_id}", content=raw, headers=headers)


@pytest.fixture
def app(client_factory: Callable[..., TestClient]) -> App:
    client = client_factory(places=[make_access_point(source="city", source_id="one")])
    return App(client)


def refused(response: Any) -> str:
    assert response.status_code == 422, response.text
    assert response.json()["error"] in ("invalid_request", "invalid_body")
    return str(response.json()["detail"])


def test_patch_with_lone_surrogate_is_422_naming_the_field(app: App) -> None:
    # The raw body: json= would refuse to encode the surrogate on our side.
    assert refused(app.patch('{"name": "a\\ud800b"}')) == f"name : {SURROGATE}"
    assert app.place()["name"] == "PANDA Grésilles"


@pytest.mark.parametrize(
    ("escape", "code"), [("\\u0000", "U+0000"), ("\\u001b", "U+001B"), ("\\u0007", "U+0007")]
)
def test_patch_with_control_character_is_422_and_nothing_stored(
    app: App, escape: str, code: str
) -> None:
    detail = refused(app.patch(f'{{"name": "Lieu{escape}NUL"}}'))
    assert detail == f"name : caractère de contrôle {code} interdit"
    assert app.place()["name"] == "PANDA Grésilles"


def test_patch_control_character_in_a_list_names_the_item(app: App) -> None:
    detail = refused(app.patch('{"networks": ["PANDA", "\\u001b[31mRouge"]}'))
    assert detail == "networks.1 : caractère de contrôle U+001B interdit"


def test_patch_control_character_in_hours_comment_is_422(app: App) -> None:
    detail = refused(app.patch('{"opening_hours": "Mo 09:00-12:00 \\"a\\u001bb\\""}'))
    assert detail.startswith("opening_hours : caractère de contrôle U+001B interdit")


def test_create_with_nul_in_source_id_is_422(app: App) -> None:
    body = make_access_point(source_id="x").model_dump(mode="json") | {"source_id": "a\x00b"}
    response = app.client.post("/v1/access-points", json=body, headers=app.writer)
    assert refused(response) == "source_id : caractère de contrôle U+0000 interdit"


def test_create_with_control_in_a_web_address_is_422(app: App) -> None:
    body = make_access_point().model_dump(mode="json") | {"websites": ["https://a.fr/\x1b"]}
    response = app.client.post("/v1/access-points", json=body, headers=app.writer)
    detail = refused(response)
    assert detail.startswith("websites.0 : « https://a.fr/<U+001B> » n'est pas une adresse web")


def test_description_keeps_line_breaks_and_stores_crlf_as_lf(app: App) -> None:
    response = app.patch('{"description": "Accueil libre.\\r\\nAteliers :\\n\\t- mardi"}')
    assert response.status_code == 200, response.text
    assert app.place()["description"] == "Accueil libre.\nAteliers :\n\t- mardi"


def test_workshop_title_with_bel_is_422(app: App) -> None:
    body = {"title": "Atelier\x07", "organiser_id": app.place_id, "venue_id": app.place_id}
    response = app.client.post("/v1/workshops", json=body, headers=app.admin)
    assert refused(response) == "title : caractère de contrôle U+0007 interdit"


def test_workshop_description_with_lone_surrogate_is_422(app: App) -> None:
    raw = (
        f'{{"title": "Atelier", "organiser_id": {app.place_id}, "venue_id": {app.place_id}, '
        '"description": "\\udc00"}'
    )
    response = app.client.post("/v1/workshops", content=raw, headers=app.admin)
    assert refused(response) == "description : " + SURROGATE.replace("D800", "DC00")


def test_booking_with_lone_surrogate_in_first_name_is_422(app: App) -> None:
    body = {"title": "Atelier", "organiser_id": app.place_id, "venue_id": app.place_id}
    workshop = app.client.post("/v1/workshops", json=body, headers=app.admin).json()["id"]
    times = {"starts_at": "2030-03-19T10:00:00", "ends_at": "2030-03-19T12:00:00"}
    answer = app.client.post(f"/v1/workshops/{workshop}/sessions", json=times, headers=app.admin)
    session_id = answer.json()["items"][0]["id"]
    raw = (
        '{"first_name": "Na\\ud800dia", "last_initial": "B", "counsellor_name": "Claire", '
        '"counsellor_agency": "France Travail", "consent": true}'
    )
    response = app.client.post(
        f"/v1/sessions/{session_id}/registrations", content=raw, headers=app.counsellor
    )
    assert refused(response) == f"first_name : {SURROGATE}"


def test_steward_closure_reason_with_esc_is_422(app: App) -> None:
    with Session(app.client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        _link, token = stewards.issue(session, app.place_id, "Camille Martin")
    url = f"/v1/steward/{token}/places/{app.place_id}"
    etag = app.client.get(url).json()["etag"]
    body = {"closure": {"closed_from": "2030-08-01", "reason": "Travaux\x1b[2J"}}
    response = app.client.put(url, json=body, headers={"If-Match": etag})
    assert response.status_code == 422, response.text
    assert "closure.reason : caractère de contrôle U+001B interdit" in response.text


def test_steward_link_name_with_control_is_422(app: App) -> None:
    body = {"access_point_id": app.place_id, "steward_name": "Camille\x00"}
    response = app.client.post("/v1/stewards", json=body, headers=app.admin)
    assert refused(response) == "steward_name : caractère de contrôle U+0000 interdit"


def test_openapi_says_the_text_rule_for_creation_and_change(app: App) -> None:
    schemas = app.client.get("/openapi.json").json()["components"]["schemas"]
    # A name is trimmed and must hold something: its pattern also refuses blanks alone.
    assert schemas["AccessPointCreate"]["properties"]["name"]["pattern"] == FILLED_LINE_PATTERN
    assert schemas["AccessPointCreate"]["properties"]["source"]["pattern"] == LINE_PATTERN
    update = schemas["AccessPointUpdate"]["properties"]
    assert update["name"]["pattern"] == FILLED_LINE_PATTERN  # left out or given, never null
    assert update["description"]["anyOf"][0]["pattern"] == LONG_PATTERN
    assert schemas["WorkshopCreate"]["properties"]["title"]["pattern"] == FILLED_LINE_PATTERN
