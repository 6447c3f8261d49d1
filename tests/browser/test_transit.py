"""The nearest stop on the page a person reads: the counsellor's card and sheet, and the
partner widget, with a GTFS feed imported (the Divia fixture)."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from api.database import make_engine
from api.transit.reader import read_feed
from api.transit.store import replace_feed
from tests.browser.servers import seeded_database
from tests.browser.test_counsellor_page import ADDRESS
from tests.browser.test_reports import axe_violations
from tests.live_server import UNTHROTTLED, panda_server
from tests.transit_feed import divia_feed

PHRASE = "Tram T2, arrêt Giroud : 3 min à pied"
GIROUD_ADDRESS = "38 avenue Françoise Giroud 21000 Dijon"


@pytest.fixture(scope="module")
def panda_transit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the Dijon seed with the Divia fixture feed imported."""
    workdir = tmp_path_factory.mktemp("panda-transit")
    url = seeded_database(workdir / "panda.db", [])
    engine = make_engine(url)
    with Session(engine) as session:
        replace_feed(session, read_feed(divia_feed(workdir / "divia.zip")))
    engine.dispose()
    with panda_server(workdir, url, **UNTHROTTLED) as base:
        yield base


def test_the_card_and_the_sheet_say_the_stop_and_the_estimated_walk(
    page: Page, panda_transit: str
) -> None:
    page.goto(f"{panda_transit}/")
    page.get_by_label(ADDRESS).fill(GIROUD_ADDRESS)
    page.get_by_role("button", name="Rechercher").click()
    card = page.locator(
        "#results > li", has=page.get_by_role("heading", name="Onlineformapro Dijon", exact=True)
    )
    expect(card.locator(".card-transit")).to_have_text(PHRASE)
    # A place with no stop within 600 m says nothing about transport.
    far = page.locator("#results > li", has=page.get_by_role("heading", name="PANDA Grésilles"))
    expect(far.locator(".card-transit")).to_have_count(0)
    card.get_by_role("button", name="Fiche à imprimer").click()
    expect(page.locator("#sheet-transit")).to_have_text(
        f"{PHRASE}. Temps de marche estimé : distance à vol d'oiseau × 1,3, à 4,5 km/h."
    )
    card_sms = card.get_by_role("button", name="Texte SMS")
    page.get_by_role("button", name="Retour aux résultats").click()
    card_sms.click()
    expect(card.get_by_label("Texte à envoyer par SMS")).to_have_value(
        re.compile(
            r"^Onlineformapro Dijon\n38 Avenue Francoise Giroud, 21000 Dijon\n"
            r"Tram T2, arret Giroud : 3 min à pied\n"
        )
    )


def test_the_widget_says_the_stop_at_phone_width(page: Page, panda_transit: str) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{panda_transit}/embed?address={GIROUD_ADDRESS}&limit=3")
    first = page.locator(".panda-item").first
    expect(first.locator(".panda-name")).to_have_text("Onlineformapro Dijon")
    expect(first.locator(".panda-transit")).to_have_text(f"{PHRASE} (temps estimé)")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 320


def test_results_with_stops_and_the_widget_pass_axe(browser: Browser, panda_transit: str) -> None:
    def search(page: Page) -> None:
        page.get_by_label(ADDRESS).fill(GIROUD_ADDRESS)
        page.get_by_role("button", name="Rechercher").click()
        expect(page.locator(".card-transit").first).to_have_text(PHRASE)

    assert axe_violations(browser, f"{panda_transit}/", search) == []
    assert axe_violations(browser, f"{panda_transit}/embed?address={GIROUD_ADDRESS}") == []
