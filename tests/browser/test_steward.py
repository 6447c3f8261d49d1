"""The steward page in headless Chromium: a steward opens their link, adds a printer and
Tuesday-morning hours, confirms, and a counsellor's search for a printer open on Tuesday
10:00 finds the place."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from api.database import make_engine
from api.stewards import links as stewards
from models.access_point import AccessPoint
from tests.browser.servers import seeded_database
from tests.live_server import UNTHROTTLED, panda_server

# A Tuesday that is no public holiday, at 10:00 Paris time.
TUESDAY_10 = "2027-01-12T10:00:00+01:00"
SEARCH = f"/v1/access-points?equipment=printer&open_at={TUESDAY_10.replace('+', '%2B')}"


@dataclass(frozen=True)
class Stewarded:
    """The running app, a seed place and its steward's page."""

    base: str
    place_id: int
    page: str


@pytest.fixture(scope="module")
def stewarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stewarded]:
    workdir: Path = tmp_path_factory.mktemp("steward")
    url = seeded_database(workdir / "panda.db", [])
    engine = make_engine(url)
    with Session(engine) as session:
        place = session.exec(select(AccessPoint).order_by(AccessPoint.id)).first()  # type: ignore[arg-type]
        assert place is not None and place.id is not None
        place_id = place.id
        _link, token = stewards.issue(session, place_id, "Camille Martin")
    engine.dispose()
    with panda_server(workdir, url, **UNTHROTTLED) as base:
        yield Stewarded(base, place_id, f"{base}{stewards.page_url(token)}")


def found(stewarded: Stewarded) -> list[int]:
    """Ids of places with a printer open on Tuesday at 10:00, as a counsellor's search gets."""
    answer = httpx.get(stewarded.base + SEARCH, timeout=10)
    assert answer.status_code == 200, answer.text
    return [place["id"] for place in answer.json()["items"]]


def test_steward_adds_printer_and_hours_then_counsellor_finds_the_place(
    page: Page, stewarded: Stewarded
) -> None:
    assert stewarded.place_id not in found(stewarded)
    page.goto(stewarded.page)
    expect(page.locator("#confirmed")).to_contain_text("confirm")
    page.select_option("#mode-Tu", "1")
    page.fill("#open-Tu-1", "09:00")
    page.fill("#close-Tu-1", "12:00")
    page.check("#has-printer")
    page.fill("#count-printer", "1")
    page.click("#save")
    expect(page.locator("#message")).to_have_text("Modifications enregistrées. Merci !")
    # With the keyboard: focus the button and press Enter.
    page.focus("#confirm")
    page.keyboard.press("Enter")
    expect(page.locator("#message")).to_contain_text("confirmées à jour aujourd'hui")
    assert stewarded.place_id in found(stewarded)
    place = httpx.get(f"{stewarded.base}/v1/access-points/{stewarded.place_id}").json()
    assert place["equipment"]["printer"] == 1
    history = httpx.get(f"{stewarded.base}/v1/access-points/{stewarded.place_id}/history").json()
    assert [e["action"] for e in history if e["actor"] == "intendant du lieu"] == [
        "update",
        "confirm",
    ]


def test_contradictory_hours_are_refused_in_the_page(page: Page, stewarded: Stewarded) -> None:
    before = httpx.get(f"{stewarded.base}/v1/access-points/{stewarded.place_id}").headers["etag"]
    page.goto(stewarded.page)
    expect(page.locator("#confirmed")).to_contain_text("confirm")
    page.select_option("#mode-We", "1")
    page.fill("#open-We-1", "12:00")
    page.fill("#close-We-1", "09:00")
    page.click("#save")
    expect(page.locator("#message")).to_contain_text(
        "Mercredi : la fermeture (09:00) doit venir après l'ouverture (12:00)."
    )
    after = httpx.get(f"{stewarded.base}/v1/access-points/{stewarded.place_id}").headers["etag"]
    assert after == before


def test_revoked_or_unknown_link_shows_a_french_page_without_form(
    page: Page, stewarded: Stewarded
) -> None:
    response = page.goto(stewarded.page[:-6] + "AAAAAA")
    assert response is not None and response.status == 401
    expect(page.locator("h2")).to_have_text("Lien non valide")
    assert page.locator("#steward-form").count() == 0


def test_page_fits_320_px(page: Page, stewarded: Stewarded) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(stewarded.page)
    expect(page.locator("#confirmed")).to_contain_text("confirm")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
