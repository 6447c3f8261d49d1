"""The report form without scripts: read, sent (thanks, or the form again with what to fix),
the honeypot, the limits, hostile text never rendered as markup; the short address; the steward
page and the widget telling what was reported."""

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.clock import today_paris
from api.stewards import links as stewards
from tests.conftest import bearer, make_access_point, make_key

FORM = {"content-type": "application/x-www-form-urlencoded"}
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(places=[make_access_point(name="PANDA <b>Grésilles</b>")])


def place_id(client: TestClient) -> int:
    return int(client.get("/v1/access-points").json()["items"][0]["id"])


def reports(client: TestClient) -> list[dict[str, object]]:
    listed = client.get("/v1/reports", headers=bearer(make_key(client, "admin")))
    return list(listed.json())


def test_form_offers_the_six_kinds_and_nothing_personal_but_a_contact(client: TestClient) -> None:
    page = client.get(f"/signaler/{place_id(client)}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    for label in (
        "Fermé définitivement",
        "Horaires",
        "Adresse",
        "Téléphone",
        "Équipements",
        "Autre",
    ):
        assert f"> {label}</label>" in page.text
    fields = re.findall(r'<(?:input|textarea|select)[^>]* name="([a-z]+)"', page.text)
    assert fields == ["kind"] * 6 + ["text", "contact", "website"]
    assert "PANDA &lt;b&gt;Grésilles&lt;/b&gt;" in page.text


def test_unknown_place_page_is_404(client: TestClient) -> None:
    page = client.get("/signaler/99999")
    assert page.status_code == 404
    assert "Lieu introuvable" in page.text
    assert client.post("/signaler/99999", content=b"kind=hours", headers=FORM).status_code == 404


def test_short_address_leads_to_the_form(client: TestClient) -> None:
    answer = client.get(f"/s/{place_id(client)}", follow_redirects=False)
    assert answer.status_code == 302
    assert answer.headers["location"] == f"/signaler/{place_id(client)}"
    assert client.get("/s/abc").status_code == 404


def test_sent_form_thanks_and_stores_hostile_text_as_text(client: TestClient) -> None:
    body = f"kind=phone&text={HOSTILE}&contact=&website=".encode()
    page = client.post(f"/signaler/{place_id(client)}", content=body, headers=FORM)
    assert page.status_code == 200
    assert "Merci, votre signalement est envoyé" in page.text
    [report] = reports(client)
    assert (report["kind"], report["text"], report["contact"]) == ("phone", HOSTILE, None)


def test_form_without_a_kind_comes_back_with_the_text_escaped(client: TestClient) -> None:
    body = f"text={HOSTILE}".encode()
    page = client.post(f"/signaler/{place_id(client)}", content=body, headers=FORM)
    assert page.status_code == 422
    assert "Choisissez ce qui est inexact." in page.text
    assert HOSTILE not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert reports(client) == []


def test_unreadable_form_is_422(client: TestClient) -> None:
    page = client.post(f"/signaler/{place_id(client)}", content=b"kind=\xff", headers=FORM)
    assert page.status_code == 422
    assert "pas pu être lu" in page.text


def test_honeypot_form_thanks_and_drops(client: TestClient) -> None:
    body = b"kind=closed_for_good&website=http%3A%2F%2Fspam.example"
    page = client.post(f"/signaler/{place_id(client)}", content=body, headers=FORM)
    assert page.status_code == 200
    assert "Merci" in page.text
    assert reports(client) == []
    assert client.get(f"/v1/access-points/{place_id(client)}").json()["reported_closed_on"] is None


def test_form_past_the_limit_says_so(client_factory: Callable[..., TestClient]) -> None:
    client = client_factory(places=[make_access_point()], rate_limit_reports="1/hour")
    path = f"/signaler/{place_id(client)}"
    assert client.post(path, content=b"kind=hours", headers=FORM).status_code == 200
    page = client.post(path, content=b"kind=hours", headers=FORM)
    assert page.status_code == 429
    assert "trop de signalements depuis cette adresse" in page.text
    assert int(page.headers["retry-after"]) >= 1


def test_steward_page_lists_open_reports_escaped(client: TestClient) -> None:
    pid = place_id(client)
    body = f"kind=equipment&text={HOSTILE}&contact=secret%40example.fr".encode()
    client.post(f"/signaler/{pid}", content=body, headers=FORM)
    with Session(client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        _link, token = stewards.issue(session, pid, "Camille Martin")
    page = client.get(f"/intendance/{token}")
    assert page.status_code == 200
    assert "Erreurs signalées sur ce lieu" in page.text
    assert "Équipements" in page.text
    assert f"signalé le {today_paris():%d/%m/%Y}" in page.text
    assert HOSTILE not in page.text and "&lt;script&gt;" in page.text
    assert "secret@example.fr" not in page.text


def test_widget_and_cards_link_the_form_and_say_reported_closed(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory(seed=True)
    widget = client.get("/embed", params={"address": "14 rue Camille Claudel Dijon", "limit": 1})
    pid = int(widget.text.split('href="/signaler/')[1].split('"')[0])
    assert "Signaler une erreur" in widget.text
    client.post(f"/signaler/{pid}", content=b"kind=closed_for_good", headers=FORM)
    widget = client.get("/embed", params={"address": "14 rue Camille Claudel Dijon", "limit": 1})
    assert f"Signalé fermé le {today_paris():%d/%m/%Y} — à vérifier" in widget.text
