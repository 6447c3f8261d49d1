"""Steward links and the steward's edits: issue, verify, revoke, expire; other place; stale
form; contradictory hours; the history and the date of confirmation."""

import html
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.clock import now_paris
from api.stewards import links as stewards
from models.steward import StewardLink
from tests.conftest import bearer, make_access_point, make_key

TUESDAY_MORNING = {"week": {"Tu": [["09:00", "12:00"]]}, "public_holidays": "closed"}


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    places = [make_access_point(source="city", source_id=f"s-{n}") for n in (1, 2)]
    return client_factory(places=places)


def place_ids(client: TestClient) -> list[int]:
    return sorted(p["id"] for p in client.get("/v1/access-points").json()["items"])


def engine_session(client: TestClient) -> Session:
    return Session(client.app.state.runtime.engine)  # type: ignore[attr-defined]


def issued(client: TestClient, place_id: int, name: str = "Camille Martin") -> str:
    """A link's token, issued in the app's database."""
    with engine_session(client) as session:
        _link, token = stewards.issue(session, place_id, name)
    return token


def read(client: TestClient, token: str, place_id: int) -> dict[str, Any]:
    response = client.get(f"/v1/steward/{token}/places/{place_id}")
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == response.json()["etag"]
    return dict(response.json())


def save(client: TestClient, token: str, place_id: int, etag: str, **body: Any) -> Any:
    return client.put(
        f"/v1/steward/{token}/places/{place_id}", json=body, headers={"If-Match": etag}
    )


def test_issue_stores_only_the_tokens_hash(client: TestClient) -> None:
    token = issued(client, place_ids(client)[0])
    with engine_session(client) as session:
        link = session.get(StewardLink, 1)
        assert link is not None
        assert token.startswith(f"st_{link.token_prefix}_")
        assert link.token_hash == stewards.hash_token(token) != token
        # 32 random bytes after the prefix: 256 bits.
        assert len(token.split("_", 2)[2]) == 43
        expires = link.expires_at.replace(tzinfo=UTC) - datetime.now(UTC)
        assert timedelta(days=179) < expires <= timedelta(days=180)


def test_read_answers_the_place_and_its_grid(client: TestClient) -> None:
    place_id = place_ids(client)[0]
    view = read(client, issued(client, place_id), place_id)
    assert view["place"]["id"] == place_id
    assert view["steward"]["name"] == "Camille Martin"
    assert view["hours"]["week"]["Mo"] == [["09:00", "12:00"], ["14:00", "18:00"]]
    assert view["hours"]["public_holidays"] == "unknown"
    assert view["confirmed_on"] is None


def test_unknown_token_is_401_in_json_and_in_french_page(client: TestClient) -> None:
    place_id = place_ids(client)[0]
    token = issued(client, place_id)
    forged = token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")
    api = client.get(f"/v1/steward/{forged}/places/{place_id}")
    assert (api.status_code, api.json()["error"]) == (401, "steward_link_invalid")
    page = client.get(f"/intendance/{forged}")
    assert page.status_code == 401
    assert "Ce lien d'intendance n'est pas valide" in html.unescape(page.text)
    assert 'id="steward-form"' not in page.text


def test_revoked_link_is_401(client: TestClient) -> None:
    place_id = place_ids(client)[0]
    token = issued(client, place_id)
    with engine_session(client) as session:
        stewards.revoke(session, 1)
    api = client.get(f"/v1/steward/{token}/places/{place_id}")
    assert (api.status_code, api.json()["error"]) == (401, "steward_link_revoked")
    page = client.get(f"/intendance/{token}")
    assert (page.status_code, "Lien retiré" in page.text) == (401, True)
    assert 'id="steward-form"' not in page.text


def test_expired_link_is_401(client: TestClient) -> None:
    place_id = place_ids(client)[0]
    token = issued(client, place_id)
    with engine_session(client) as session:
        link = session.get(StewardLink, 1)
        assert link is not None
        link.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        session.add(link)
        session.commit()
    api = client.put(f"/v1/steward/{token}/places/{place_id}", json={}, headers={"If-Match": "*"})
    assert (api.status_code, api.json()["error"]) == (401, "steward_link_expired")
    page = client.get(f"/intendance/{token}")
    assert (page.status_code, "a expiré le" in page.text) == (401, True)


def test_link_for_another_place_is_403(client: TestClient) -> None:
    mine, other = place_ids(client)
    token = issued(client, mine)
    etag = client.get(f"/v1/access-points/{other}").headers["etag"]
    api = save(client, token, other, etag, phone="03 80 00 00 00")
    assert (api.status_code, api.json()["error"]) == (403, "steward_wrong_place")
    assert client.get(f"/v1/access-points/{other}").headers["etag"] == etag
    page = client.get(f"/intendance/{token}/lieux/{other}")
    assert page.status_code == 403
    assert (
        "celui d'un autre lieu" in html.unescape(page.text) and 'id="steward-form"' not in page.text
    )


def test_page_opens_with_the_form_and_private_headers(client: TestClient) -> None:
    place_id = place_ids(client)[0]
    token = issued(client, place_id)
    page = client.get(f"/intendance/{token}")
    assert page.status_code == 200
    assert 'id="steward-form"' in page.text and "Ces informations sont à jour" in page.text
    assert '<script type="module" src="/static/steward.js">' in page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_save_writes_hours_equipment_and_history(client: TestClient) -> None:
    place_id = place_ids(client)[0]
    token = issued(client, place_id)
    etag = read(client, token, place_id)["etag"]
    response = save(
        client,
        token,
        place_id,
        etag,
        hours=TUESDAY_MORNING,
        equipment={"printer": 1, "computer": 4},
        phone="03 80 48 84 15",
        closure={"closed_from": "2027-08-01", "closed_until": "2027-08-15", "reason": "Travaux"},
    )
    assert response.status_code == 200, response.text
    place = client.get(f"/v1/access-points/{place_id}").json()
    assert place["opening_hours"] == "Tu 09:00-12:00; PH closed"
    assert place["equipment"] == {"printer": 1, "computer": 4}
    assert place["phone"] == "+33380488415"
    assert (place["status"], place["closed_from"], place["closure_reason"]) == (
        "temporarily_closed",
        "2027-08-01",
        "Travaux",
    )
    assert response.json()["confirmed_on"] == now_paris().date().isoformat()
    last = client.get(f"/v1/access-points/{place_id}/history").json()[-1]
    assert (last["actor"], last["action"]) == ("intendant du lieu", "update")
    assert last["changes"]["opening_hours"]["after"] == "Tu 09:00-12:00; PH closed"


def test_confirm_sets_the_date_only(client: TestClient) -> None:
    place_id = place_ids(client)[0]
    token = issued(client, place_id)
    etag = read(client, token, place_id)["etag"]
    response = client.post(
        f"/v1/steward/{token}/places/{place_id}/confirm", headers={"If-Match": etag}
    )
    assert response.status_code == 200, response.text
    assert response.json()["confirmed_on"] == now_paris().date().isoformat()
    # The facts date readers see changed: so does the tag they revalidate (and write) with.
    public = client.get(f"/v1/access-points/{place_id}")
    assert response.headers["etag"] == public.headers["etag"] != etag
    assert public.json()["confirmed_on"] == now_paris().date().isoformat()
    last = client.get(f"/v1/access-points/{place_id}/history").json()[-1]
    assert (last["actor"], last["action"]) == ("intendant du lieu", "confirm")


def test_stale_form_gets_place_changed_and_current_values(client: TestClient) -> None:
    place_id = place_ids(client)[0]
    token = issued(client, place_id)
    stale = read(client, token, place_id)["etag"]
    assert save(client, token, place_id, stale, phone="03 80 48 84 15").status_code == 200
    response = save(client, token, place_id, stale, phone="03 80 48 84 16")
    body = response.json()
    assert (response.status_code, body["error"]) == (412, "place_changed")
    assert body["detail"].startswith("Ce lieu a été modifié entre-temps")
    assert body["current"]["place"]["phone"] == "+33380488415"
    assert response.headers["etag"] == body["current"]["etag"]
    assert client.get(f"/v1/access-points/{place_id}").json()["phone"] == "+33380488415"


@pytest.mark.parametrize(
    ("week", "problem"),
    [
        ({"Tu": [["12:00", "09:00"]]}, "Mardi : la fermeture (09:00) doit venir après"),
        (
            {"We": [["09:00", "12:00"], ["11:00", "13:00"]]},
            "Mercredi : les plages 09:00–12:00 et 11:00–13:00 se chevauchent.",
        ),
    ],
)
def test_contradictory_hours_are_refused_before_writing(
    client: TestClient, week: dict[str, Any], problem: str
) -> None:
    place_id = place_ids(client)[0]
    token = issued(client, place_id)
    etag = read(client, token, place_id)["etag"]
    response = save(client, token, place_id, etag, hours={"week": week}, phone="03 80 00 00 01")
    body = response.json()
    assert (response.status_code, body["error"]) == (422, "contradictory_hours")
    assert body["problems"][0].startswith(problem)
    assert client.get(f"/v1/access-points/{place_id}").headers["etag"] == etag


def test_save_without_if_match_is_428(client: TestClient) -> None:
    place_id = place_ids(client)[0]
    token = issued(client, place_id)
    response = client.put(f"/v1/steward/{token}/places/{place_id}", json={})
    assert (response.status_code, response.json()["error"]) == (428, "precondition_required")


def test_bad_phone_is_refused_in_french(client: TestClient) -> None:
    place_id = place_ids(client)[0]
    token = issued(client, place_id)
    etag = read(client, token, place_id)["etag"]
    response = save(client, token, place_id, etag, phone="12")
    assert (response.status_code, response.json()["error"]) == (422, "invalid_steward_edit")
    assert "exemple valide : 03 80 48 84 14" in response.json()["detail"]


def test_admin_api_issues_lists_and_revokes(client: TestClient) -> None:
    place_id = place_ids(client)[0]
    admin = bearer(make_key(client, "admin"))
    body = {"access_point_id": place_id, "steward_name": "Camille Martin", "days": 30}
    issued_link = client.post("/v1/stewards", json=body, headers=admin)
    assert issued_link.status_code == 201, issued_link.text
    url = issued_link.json()["url"]
    assert url.startswith("/intendance/st_")
    assert client.get(url).status_code == 200
    listed = client.get(f"/v1/stewards?access_point_id={place_id}", headers=admin).json()
    assert [link["steward_name"] for link in listed] == ["Camille Martin"]
    assert "url" not in listed[0] and "token_hash" not in listed[0]
    revoked = client.delete(f"/v1/stewards/{listed[0]['id']}", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert client.get(url).status_code == 401


def test_admin_api_needs_the_admin_scope(client: TestClient) -> None:
    writer = bearer(make_key(client, "write"))
    body = {"access_point_id": place_ids(client)[0], "steward_name": "Camille Martin"}
    response = client.post("/v1/stewards", json=body, headers=writer)
    assert (response.status_code, response.json()["error"]) == (403, "forbidden")
    assert client.get("/v1/stewards").status_code == 401


def test_admin_api_unknown_place_is_404(client: TestClient) -> None:
    admin = bearer(make_key(client, "admin"))
    body = {"access_point_id": 999, "steward_name": "Camille Martin"}
    response = client.post("/v1/stewards", json=body, headers=admin)
    assert (response.status_code, response.json()["error"]) == (404, "not_found")
