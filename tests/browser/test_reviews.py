"""Review periods in Chromium: the steward chooses how often their place is checked, with the
keyboard, and readers see the new due day; a partner's widget preset keeps only places confirmed
recently; the steward page with its new sections passes axe."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from api.database import make_engine
from api.stewards import links as stewards
from models.access_point import AccessPoint
from tests.browser.servers import SEARCHED, seeded_database, static_site
from tests.browser.test_reports import axe_violations
from tests.live_server import UNTHROTTLED, panda_server

PARTNER_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Partenaire</title></head>
<body><h1>Lieux vérifiés récemment</h1>
<script src="{panda}/widget.js" data-address="{address}" data-confirmed-within-days="{days}"
        async></script>
</body></html>
"""


@dataclass(frozen=True)
class Reviewing:
    base: str
    place_id: int
    steward_page: str


@pytest.fixture(scope="module")
def reviewing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reviewing]:
    workdir = tmp_path_factory.mktemp("reviews")
    url = seeded_database(workdir / "panda.db", [])
    engine = make_engine(url)
    with Session(engine) as session:
        place = session.exec(select(AccessPoint).where(AccessPoint.name == "PANDA Grésilles")).one()
        _link, token = stewards.issue(session, place.id or 0, "Camille", email="c@example.fr")
        place_id = place.id or 0
    engine.dispose()
    with panda_server(workdir, url, **UNTHROTTLED) as base:
        yield Reviewing(base, place_id, f"{base}{stewards.page_url(token)}")


def partner(tmp_path: Path, base: str, days: int) -> Iterator[str]:
    (tmp_path / "index.html").write_text(
        PARTNER_PAGE.format(panda=base, address=SEARCHED, days=days), encoding="utf-8"
    )
    with static_site(tmp_path) as site:
        yield f"{site}/index.html"


def test_steward_sets_the_period_with_the_keyboard(page: Page, reviewing: Reviewing) -> None:
    page.goto(reviewing.steward_page)
    select = page.get_by_label("Vérifier les informations de ce lieu")
    expect(select).to_have_value("6")
    select.focus()
    page.keyboard.press("ArrowDown")  # « tous les 12 mois »
    expect(select).to_have_value("12")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Enregistrer la fréquence")).to_be_focused()
    page.keyboard.press("Enter")
    # Its facts date from 05/03/2021 (MedNum BFC): due twelve months later.
    expect(page.locator("#review-message")).to_have_text(
        "Enregistré : à vérifier tous les 12 mois (prochaine échéance le 05/03/2022)."
    )
    place = httpx.get(f"{reviewing.base}/v1/access-points/{reviewing.place_id}").json()
    assert place["review_period_months"] == 12
    history = httpx.get(f"{reviewing.base}/v1/access-points/{reviewing.place_id}/history").json()
    assert (history[-1]["actor"], history[-1]["action"]) == ("intendant du lieu", "review_period")


def test_widget_preset_keeps_only_recently_confirmed_places(
    page: Page, reviewing: Reviewing, tmp_path: Path
) -> None:
    for site in partner(tmp_path, reviewing.base, 30):
        page.goto(site)
        frame = page.locator("iframe.panda-finder-widget")
        expect(frame).to_have_attribute("src", re.compile(r"confirmed_within_days=30"))
        widget = page.frame_locator("iframe.panda-finder-widget")
        # The seed's facts date from 2021 and 2022: none is recent enough.
        expect(widget.locator(".panda-empty")).to_have_text(
            "Aucun lieu ne correspond à ces critères près de cette adresse."
        )


def test_steward_page_with_reports_and_period_passes_axe(
    browser: Browser, reviewing: Reviewing
) -> None:
    assert axe_violations(browser, reviewing.steward_page) == []
