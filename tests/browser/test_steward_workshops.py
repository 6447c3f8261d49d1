"""Workshops on the steward page in headless Chromium (issue 12): a steward adds a session of
a new workshop, opens it once a counsellor booked through the API, sees « Nadia B. », cancels
another registration (the first waiting takes the seat), marks attendance once the session
has started, cancels a session with a reason; another place's steward sees none of it."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, func, select

from api.auth.keys import create_key
from api.database import make_engine
from api.stewards import links as stewards
from models.access_point import AccessPoint
from models.api_key import Scope
from models.opening_hours import PARIS
from models.registration import RegistrationListRead
from tests.browser.servers import seeded_database
from tests.live_server import UNTHROTTLED, panda_server

TITLE = "Je recherche, je me connecte"
# Ten others after Nadia: the eleventh booking of a capacity-10 session waits.
OTHERS = ["Alice", "Bruno", "Chloé", "David", "Emma", "Farid", "Gaëlle", "Hugo", "Inès", "Jules"]


@dataclass(frozen=True)
class Stewarded:
    """The running app, its database, two places' steward pages and a counsellor's key."""

    base: str
    url: str
    place_id: int
    token: str
    page: str
    other_token: str
    other_page: str
    counsellor: str


@pytest.fixture(scope="module")
def stewarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stewarded]:
    workdir: Path = tmp_path_factory.mktemp("steward-workshops")
    url = seeded_database(workdir / "panda.db", [])
    engine = make_engine(url)
    with Session(engine) as session:
        first, second = session.exec(select(AccessPoint).order_by(col(AccessPoint.id)).limit(2))
        assert first.id is not None and second.id is not None
        place_id, other_id = first.id, second.id
        _link, token = stewards.issue(session, place_id, "Camille Martin")
        _other, other_token = stewards.issue(session, other_id, "Léa Durand")
        _key, counsellor = create_key(session, "FT Dijon Ouest", [Scope.REGISTER])
    engine.dispose()
    with panda_server(workdir, url, **UNTHROTTLED) as base:
        yield Stewarded(
            base,
            url,
            place_id,
            token,
            f"{base}{stewards.page_url(token)}",
            other_token,
            f"{base}{stewards.page_url(other_token)}",
            counsellor,
        )


def api(s: Stewarded, method: str, path: str, token: str | None = None, **kw: Any) -> Any:
    headers = {"X-Steward-Token": token or s.token}
    answer = httpx.request(method, s.base + path, headers=headers, timeout=10, **kw)
    return answer


def book(s: Stewarded, session_id: int, first_name: str, initial: str) -> int:
    person = {
        "first_name": first_name,
        "last_initial": initial,
        "counsellor_name": "Claire Martin",
        "counsellor_agency": "France Travail Dijon Ouest",
        "consent": True,
    }
    answer = httpx.post(
        f"{s.base}/v1/sessions/{session_id}/registrations",
        headers={"Authorization": f"Bearer {s.counsellor}"},
        json=person,
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    registration_id: int = answer.json()["registration"]["id"]
    return registration_id


def list_reads(s: Stewarded) -> int:
    engine = make_engine(s.url)
    try:
        with Session(engine) as session:
            return int(session.exec(select(func.count()).select_from(RegistrationListRead)).one())
    finally:
        engine.dispose()


def add_session(page: Page, day: str, starts: str, ends: str) -> None:
    page.fill("#session-date", day)
    page.fill("#session-start", starts)
    page.fill("#session-end", ends)
    # With the keyboard: focus the button and press Enter.
    page.focus("#add-session")
    page.keyboard.press("Enter")
    expect(page.locator("#session-message")).to_contain_text("Séance ajoutée")


def test_steward_manages_sessions_and_registrations(page: Page, stewarded: Stewarded) -> None:
    s = stewarded
    day = (datetime.now(PARIS) + timedelta(days=20)).date().isoformat()
    page.goto(s.page)
    expect(page.locator("#workshop-list")).to_contain_text("aucun atelier")
    page.fill("#workshop-title", TITLE)
    page.fill("#workshop-capacity", "10")
    add_session(page, day, "10:00", "12:00")
    workshop = page.locator(".workshop", has_text=TITLE)
    expect(workshop.locator("h3")).to_have_text(TITLE)
    expect(workshop.locator(".session")).to_have_count(1)
    expect(workshop.locator(".counts")).to_have_text("0 inscrit sur 10 places")
    # A second session, of the workshop now chosen in the form.
    expect(page.locator("#new-workshop")).to_be_hidden()
    add_session(page, day, "14:00", "16:00")
    expect(workshop.locator(".session")).to_have_count(2)

    [listed] = api(s, "GET", "/v1/managed-workshops").json()
    assert (listed["title"], listed["capacity"]) == (TITLE, 10)
    first, second = (item["id"] for item in listed["next_sessions"])
    nadia = book(s, first, "Nadia", "B")
    others = [book(s, first, name, "X") for name in OTHERS]
    assert list_reads(s) == 0

    page.reload()
    session = page.locator(f'.session[data-session="{first}"]')
    expect(session.locator(".counts")).to_have_text("10 inscrits sur 10 places, 1 en attente")
    assert list_reads(s) == 0  # the list is read only once opened
    session.locator(".open-session").click()
    registered = session.locator(".registrations").first
    expect(registered).to_contain_text("Nadia B.")
    assert list_reads(s) == 1
    waiting = session.locator(".registrations").nth(1)
    expect(waiting.locator(".who")).to_have_text(["Jules X."])
    expect(waiting.locator(".state")).to_have_text([" — en attente"])

    # Cancel Alice's registration: Jules, first waiting, takes the seat.
    session.locator(f'[data-registration="{others[0]}"] .cancel-registration').click()
    expect(session.locator(".details .message.info")).to_contain_text(
        "Inscription de Alice X. annulée. La première personne en attente prend la place."
    )
    expect(session.locator(".details")).to_contain_text("Personne n'attend.")
    expect(session.locator(f'[data-registration="{others[-1]}"]')).to_contain_text(
        "Jules X. — inscrite"
    )
    expect(session.locator(".counts")).to_have_text("10 inscrits sur 10 places")

    # Attendance before the session: the API's French refusal, next to the buttons, focused.
    row = session.locator(f'[data-registration="{nadia}"]')
    row.locator('[data-attendance="present"]').click()
    refusal = row.locator(".message")
    expect(refusal).to_contain_text("la présence se note une fois la séance commencée")
    expect(refusal).to_be_focused()
    # Once the session has started, the steward marks Nadia present.
    now = datetime.now(UTC)
    moved = api(
        s,
        "PATCH",
        f"/v1/sessions/{first}",
        json={
            "starts_at": (now - timedelta(hours=1)).isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat(),
        },
    )
    assert moved.status_code == 200, moved.text
    row.locator('[data-attendance="present"]').click()
    expect(session.locator(".details .message.info")).to_have_text("Nadia B. : présent·e.")
    row = session.locator(f'[data-registration="{nadia}"]')
    expect(row.locator('[data-attendance="present"]')).to_have_attribute("aria-pressed", "true")
    stored = api(s, "GET", f"/v1/sessions/{first}/registrations").json()
    assert [r["attendance"] for r in stored if r["id"] == nadia] == ["present"]

    # Cancel the other session with a reason.
    other = page.locator(f'.session[data-session="{second}"]')
    other.locator(".cancel-session").click()
    expect(other.locator(".cancel-reason")).to_be_focused()
    other.locator(".confirm-cancel").click()
    expect(other.locator(".message")).to_contain_text("Indiquez la raison")
    other.locator(".cancel-reason").fill("Formatrice absente")
    other.locator(".cancel-reason").press("Enter")
    expect(page.locator("#workshops-message")).to_contain_text("est annulée")
    expect(page.locator("#workshops-message")).to_be_focused()
    cancelled = page.locator(f'.session[data-session="{second}"] .counts')
    expect(cancelled).to_have_text("Annulée : Formatrice absente")
    public = httpx.get(f"{s.base}/v1/sessions/{second}", timeout=10).json()
    assert (public["status"], public["cancel_reason"]) == ("cancelled", "Formatrice absente")

    # Another place's steward: nothing of it on their page, 403 on the list.
    page.goto(s.other_page)
    expect(page.locator("#workshop-list")).to_contain_text("aucun atelier")
    expect(page.locator("#workshops")).not_to_contain_text(TITLE)
    refused = api(s, "GET", f"/v1/sessions/{first}/registrations", token=s.other_token)
    assert (refused.status_code, refused.json()["error"]) == (403, "steward_wrong_place")


def test_workshops_fit_320_px(page: Page, stewarded: Stewarded) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(stewarded.page)
    expect(page.locator("#session-form")).to_be_visible()
    opened = page.locator(".open-session")
    if opened.count():
        opened.first.click()
        expect(page.locator(".details").first).to_contain_text("Inscrits")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
