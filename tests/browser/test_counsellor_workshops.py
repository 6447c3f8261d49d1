"""Workshops on the counsellor page in headless Chromium: a counsellor sees a place's next
session with its seats left, books a seat for « Nadia B. » with their own `register` key,
and gets the SMS text; without consent nothing is booked; a full session puts the person on
the waiting list; at 320 px nothing overflows.

The workshop and its sessions are written through the API with an admin key, at PANDA
Grésilles (14 rue Camille Claudel), the seed's place; nothing else is invented.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, select

from api.auth.keys import create_key
from api.database import make_engine
from models.access_point import AccessPoint
from models.api_key import Scope
from models.opening_hours import PARIS
from tests.browser.servers import seeded_database
from tests.browser.test_counsellor_page import ADDRESS, OPTION
from tests.browser.test_phone import SMALL_PHONE, assert_fits
from tests.live_server import UNTHROTTLED, panda_server

TITLE = "Je recherche, je me connecte"
FULL_TITLE = "Créer son espace France Travail"
PLACE = "PANDA Grésilles"


@dataclass(frozen=True)
class Workshops:
    """The running app, the counsellor's key, and the sessions the test wrote."""

    base: str
    admin: dict[str, str]
    key: str
    tuesdays: list[dict[str, Any]]
    full: dict[str, Any]


def next_tuesday() -> date:
    """The first Tuesday at least two days from today in Paris (a session to come)."""
    today = datetime.now(PARIS).date() + timedelta(days=2)
    return today + timedelta(days=(1 - today.weekday()) % 7)


def write(base: str, admin: dict[str, str], path: str, body: dict[str, Any]) -> Any:
    answer = httpx.post(f"{base}{path}", headers=admin, json=body, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.fixture(scope="module")
def workshops(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workshops]:
    workdir: Path = tmp_path_factory.mktemp("workshops")
    url = seeded_database(workdir / "panda.db", [])
    engine = make_engine(url)
    with Session(engine) as session:
        place = session.exec(select(AccessPoint).where(AccessPoint.name == PLACE)).one()
        place_id = place.id
        _admin, admin_secret = create_key(session, "Administrateur", [Scope.ADMIN])
        _key, secret = create_key(session, "FT Dijon Ouest", [Scope.REGISTER])
    engine.dispose()
    with panda_server(workdir, url, **UNTHROTTLED) as base:
        admin = {"Authorization": f"Bearer {admin_secret}"}
        common = {"organiser_id": place_id, "venue_id": place_id}
        weekly = write(base, admin, "/v1/workshops", {"title": TITLE, **common})
        day = next_tuesday()
        tuesdays = write(
            base,
            admin,
            f"/v1/workshops/{weekly['id']}/sessions",
            {
                "starts_at": f"{day}T10:00:00",
                "ends_at": f"{day}T12:00:00",
                "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=2",
            },
        )["items"]
        small = write(base, admin, "/v1/workshops", {"title": FULL_TITLE, "capacity": 1, **common})
        thursday = day + timedelta(days=2)
        full = write(
            base,
            admin,
            f"/v1/workshops/{small['id']}/sessions",
            {"starts_at": f"{thursday}T14:00:00", "ends_at": f"{thursday}T16:00:00"},
        )["items"][0]
        taken = httpx.post(
            f"{base}/v1/sessions/{full['id']}/registrations",
            headers={"Authorization": f"Bearer {secret}"},
            json={
                "first_name": "Paul",
                "last_initial": "D",
                "counsellor_name": "Claire Martin",
                "counsellor_agency": "France Travail Dijon Ouest",
                "consent": True,
            },
            timeout=10,
        )
        assert taken.status_code == 201, taken.text
        yield Workshops(base, admin, secret, tuesdays, full)


def registrations(workshops: Workshops, session_id: int) -> list[dict[str, Any]]:
    """The session's registrations, as an admin reads them."""
    answer = httpx.get(
        f"{workshops.base}/v1/sessions/{session_id}/registrations",
        headers=workshops.admin,
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    result: list[dict[str, Any]] = answer.json()
    return result


def search(page: Page, base: str) -> Locator:
    """Search « 14 rue Camille Claudel » by its suggestion; the card of PANDA Grésilles."""
    page.goto(f"{base}/")
    page.get_by_label(ADDRESS).press_sequentially("14 rue Camille Claudel", delay=20)
    page.get_by_role("option", name=OPTION).click()
    card = page.locator("#results > li", has=page.get_by_role("heading", name=PLACE, exact=True))
    expect(card).to_have_count(1)
    return card


def when(session: dict[str, Any]) -> str:
    """« mardi 15/12 10:00 », as the page says when a session starts."""
    starts = datetime.fromisoformat(session["starts_at"]).astimezone(PARIS)
    days = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    return f"{days[starts.weekday()]} {starts:%d/%m %H:%M}"


def fill_person(form: Locator, key: str) -> None:
    form.get_by_label("Prénom", exact=True).fill("Nadia")
    form.get_by_label("Initiale du nom", exact=True).fill("B")
    form.get_by_label("Mobile (facultatif)", exact=True).fill("06 12 34 56 78")
    form.get_by_label("Votre nom", exact=True).fill("Claire Martin")
    form.get_by_label("Votre agence", exact=True).fill("France Travail Dijon Ouest")
    form.get_by_label("Clé de réservation", exact=True).fill(key)


def test_counsellor_books_a_seat_for_nadia_and_gets_the_sms(
    page: Page, workshops: Workshops, dialogs: list[str]
) -> None:
    first = workshops.tuesdays[0]
    card = search(page, workshops.base)
    item = card.locator(f'li[data-session-id="{first["id"]}"]')
    expect(item).to_contain_text(TITLE)
    expect(card.locator(".session").first).to_contain_text(
        f"Prochain atelier : {when(first)}, 10 places"
    )
    item.get_by_role("button", name="Réserver une place").click()
    form = card.locator("form.booking")
    expect(form.get_by_role("heading")).to_be_focused()
    fill_person(form, workshops.key)
    form.get_by_label("La personne est d'accord").check()
    with page.expect_response(f"**/v1/sessions/{first['id']}/registrations") as answer:
        form.get_by_role("button", name="Confirmer la réservation").click()
    assert answer.value.status == 201
    sms = answer.value.json()["sms"]["text"]
    booked = card.locator(".booked")
    expect(booked.locator(".booked-title")).to_have_text("Place réservée pour Nadia B.")
    expect(booked.locator(".booked-title")).to_be_focused()
    expect(booked.get_by_label("Texte à envoyer par SMS")).to_have_value(sms)
    assert TITLE in sms
    expect(item).to_contain_text(f"{when(first)}, 9 places")
    stored = registrations(workshops, first["id"])
    assert [(r["first_name"], r["last_initial"], r["status"]) for r in stored] == [
        ("Nadia", "B", "registered")
    ]
    # The key stays in this tab's sessionStorage only: never in localStorage nor the URL.
    kept = page.evaluate("[sessionStorage.getItem('panda-booking-key'), localStorage.length]")
    assert kept == [workshops.key, 0]
    assert workshops.key not in page.url
    assert dialogs == []


def test_without_consent_nothing_is_booked_and_the_refusal_is_french(
    page: Page, workshops: Workshops
) -> None:
    second = workshops.tuesdays[1]
    card = search(page, workshops.base)
    item = card.locator(f'li[data-session-id="{second["id"]}"]')
    item.get_by_role("button", name="Réserver une place").click()
    form = card.locator("form.booking")
    fill_person(form, workshops.key)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    form.get_by_role("button", name="Confirmer la réservation").click()
    alert = form.get_by_role("alert")
    expect(alert).to_contain_text("Sans l'accord de la personne, rien n'est réservé")
    expect(alert).to_be_focused()
    assert sent == []
    assert registrations(workshops, second["id"]) == []

    # Without a key, or with a refused one, the page says so in French, and nothing is written.
    form.get_by_label("La personne est d'accord").check()
    form.get_by_label("Clé de réservation", exact=True).fill("")
    form.get_by_role("button", name="Confirmer la réservation").click()
    expect(alert).to_contain_text("Clé de réservation manquante")
    form.get_by_label("Clé de réservation", exact=True).fill("panda_000000000000_pas-une-cle")
    form.get_by_role("button", name="Confirmer la réservation").click()
    expect(alert).to_contain_text("Clé de réservation refusée (clé d'API invalide)")
    expect(alert).to_be_focused()
    assert page.evaluate("sessionStorage.getItem('panda-booking-key')") is None
    assert registrations(workshops, second["id"]) == []


def test_a_full_session_puts_the_person_on_the_waiting_list(
    page: Page, workshops: Workshops
) -> None:
    full = workshops.full
    card = search(page, workshops.base)
    item = card.locator(f'li[data-session-id="{full["id"]}"]')
    expect(item).to_contain_text(f"{FULL_TITLE} {when(full)}, complet")
    item.get_by_role("button", name="Inscrire en liste d'attente").click()
    form = card.locator("form.booking")
    expect(form).to_contain_text("Séance complète")
    fill_person(form, workshops.key)
    form.get_by_label("La personne est d'accord").check()
    form.get_by_role("button", name="Confirmer la réservation").click()
    booked = card.locator(".booked")
    expect(booked.locator(".booked-title")).to_have_text(
        "Nadia B. est sur la liste d'attente, en position 1."
    )
    expect(booked.get_by_label("Texte à envoyer par SMS")).not_to_have_value("")
    waiting = [r for r in registrations(workshops, full["id"]) if r["status"] == "waiting"]
    assert [(r["first_name"], r["waiting_position"]) for r in waiting] == [("Nadia", 1)]


def test_sessions_and_the_booking_form_fit_320_px(page: Page, workshops: Workshops) -> None:
    page.set_viewport_size(SMALL_PHONE)
    card = search(page, workshops.base)
    expect(card.locator(".session")).to_have_count(3)
    assert_fits(page)
    card.locator(".session").first.get_by_role("button").click()
    form = card.locator("form.booking")
    expect(form).to_be_visible()
    form.get_by_role("button", name="Confirmer la réservation").click()
    expect(form.get_by_role("alert")).to_contain_text("Indiquez le prénom de la personne.")
    assert_fits(page)
    # Keyboard: Escape closes the form and gives focus back to the session's button.
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(card.locator(".session").first.get_by_role("button")).to_be_focused()
