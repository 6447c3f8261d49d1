"""« Signaler une erreur » in Chromium: a report sent from the partner widget, with the keyboard
only, reaches the place's steward page and the city team's list; a closed-for-good report changes
the wording of the widget's and the counsellor page's cards until the city team decides; the
form, the thanks page and the steward page pass axe."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import Session, select

from api.auth.keys import create_key
from api.clock import today_paris
from api.database import make_engine
from api.stewards import links as stewards
from models.access_point import AccessPoint
from models.api_key import Scope
from tests.browser.servers import SEARCHED, seeded_database, static_site
from tests.live_server import ROOT, UNTHROTTLED, panda_server

AXE = ROOT / "api" / "web" / "node_modules" / "axe-core" / "axe.min.js"
HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
PARTNER_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Maison de l'emploi</title></head>
<body><h1>Où aller ?</h1>
<script src="{panda}/widget.js" data-address="{address}" data-limit="1" async></script>
</body></html>
"""
LIMITS = {
    "PANDA_RATE_LIMIT_REPORTS": "1000/minute",
    "PANDA_RATE_LIMIT_REPORTS_PER_PLACE": "1000/minute",
}


@dataclass(frozen=True)
class Reporting:
    base: str
    partner: str
    steward_page: str
    admin: dict[str, str]


@pytest.fixture(scope="module")
def reporting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reporting]:
    """A server on the seed; the steward link of PANDA Grésilles; a partner page's widget."""
    workdir = tmp_path_factory.mktemp("reports")
    url = seeded_database(workdir / "panda.db", [])
    engine = make_engine(url)
    with Session(engine) as session:
        place = session.exec(select(AccessPoint).where(AccessPoint.name == "PANDA Grésilles")).one()
        _link, token = stewards.issue(session, place.id or 0, "Camille Martin")
        _key, secret = create_key(session, "Ville de Dijon", [Scope.ADMIN])
    engine.dispose()
    site = workdir / "site"
    site.mkdir()
    with panda_server(workdir, url, **UNTHROTTLED, **LIMITS) as base:
        (site / "index.html").write_text(
            PARTNER_PAGE.format(panda=base, address=SEARCHED), encoding="utf-8"
        )
        with static_site(site) as partner:
            yield Reporting(
                base,
                f"{partner}/index.html",
                f"{base}{stewards.page_url(token)}",
                {"Authorization": f"Bearer {secret}"},
            )


def axe_violations(
    browser: Browser, url: str, then: Callable[[Page], None] | None = None
) -> list[str]:
    """axe-core's violations on a page (after `then`, if given), read in a context that lets
    the test inject it (the pages' CSP would refuse the script)."""
    assert AXE.is_file(), "axe-core is a dev dependency: npm ci --prefix api/web"
    context = browser.new_context(bypass_csp=True, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(url)
        if then is not None:
            then(page)
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run()).violations.map(v => v.id)")
        return list(found)
    finally:
        context.close()


def reports(reporting: Reporting, status: str = "open") -> list[dict[str, object]]:
    answer = httpx.get(
        f"{reporting.base}/v1/reports", params={"status": status}, headers=reporting.admin
    )
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def keyboard_report(form: Page, text: str) -> None:
    """Fill and send the form with the keyboard alone: Tab, Space, typing, Enter."""
    form.locator("body").focus()
    for _ in range(20):
        form.keyboard.press("Tab")
        if form.evaluate("document.activeElement.name") == "kind":
            break
    form.keyboard.press("Space")  # the first choice: « Fermé définitivement »
    expect(form.get_by_label("Fermé définitivement")).to_be_checked()
    form.keyboard.press("Tab")
    assert form.evaluate("document.activeElement.id") == "report-text"
    form.keyboard.type(text)
    form.keyboard.press("Tab")
    assert form.evaluate("document.activeElement.id") == "report-contact"
    form.keyboard.type("06 12 34 56 78")
    form.keyboard.press("Tab")
    # The honeypot field is never reached: the next stop is the button.
    assert form.evaluate("document.activeElement.type") == "submit"
    form.keyboard.press("Enter")


def test_report_from_the_widget_reaches_steward_and_city_and_changes_the_cards(
    context: BrowserContext, page: Page, reporting: Reporting, dialogs: list[str]
) -> None:
    page.goto(reporting.partner)
    widget = page.frame_locator("iframe.panda-finder-widget")
    expect(widget.locator(".panda-name")).to_have_text("PANDA Grésilles")
    expect(widget.locator(".panda-reported")).to_have_count(0)
    link = widget.get_by_role("link", name=re.compile("^Signaler une erreur"))
    with context.expect_page() as opened:
        link.click()
    form = opened.value
    expect(form.get_by_role("heading", level=1)).to_have_text("Signaler une erreur sur ce lieu")
    expect(form.locator("main")).to_contain_text("PANDA Grésilles")
    keyboard_report(form, HOSTILE)
    expect(form.get_by_role("heading", level=1)).to_have_text("Merci, votre signalement est envoyé")

    [report] = reports(reporting)
    assert (report["kind"], report["text"], report["contact"]) == (
        "closed_for_good",
        HOSTILE,
        "06 12 34 56 78",
    )
    page.goto(reporting.steward_page)
    section = page.locator("section.reports")
    expect(section.locator(".report-item")).to_have_count(1)
    expect(section).to_contain_text("Fermé définitivement")
    expect(section.locator(".report-text")).to_have_text(HOSTILE)
    expect(section).not_to_contain_text("06 12 34 56 78")

    day = f"{today_paris():%d/%m/%Y}"
    page.goto(reporting.partner)
    widget = page.frame_locator("iframe.panda-finder-widget")
    expect(widget.locator(".panda-reported")).to_have_text(f"Signalé fermé le {day} — à vérifier")
    page.goto(f"{reporting.base}/")
    page.get_by_label("Adresse de la personne").fill(SEARCHED)
    page.get_by_role("button", name="Rechercher").click()
    card = page.locator("#results > li", has_text="PANDA Grésilles").first
    expect(card.locator(".card-reported")).to_have_text(f"Signalé fermé le {day} — à vérifier")
    card.get_by_role("button", name=re.compile("^Fiche à imprimer")).click()
    expect(page.locator("#sheet-reported")).to_have_text(f"Signalé fermé le {day} — à vérifier")
    expect(page.locator("#sheet-report")).to_have_text(
        re.compile(r"^Une erreur sur ce lieu \? Signalez-la : 127\.0\.0\.1:\d+/s/\d+$")
    )

    closed = httpx.post(
        f"{reporting.base}/v1/reports/{report['id']}/close",
        json={"outcome": "no_error", "answer": "Appelé : le lieu est ouvert."},
        headers=reporting.admin,
    )
    assert closed.status_code == 200, closed.text
    page.goto(reporting.partner)
    widget = page.frame_locator("iframe.panda-finder-widget")
    expect(widget.locator(".panda-name")).to_have_text("PANDA Grésilles")
    expect(widget.locator(".panda-reported")).to_have_count(0)
    page.goto(reporting.steward_page)
    expect(page.locator("section.reports")).to_contain_text("Aucune erreur signalée en attente.")
    assert dialogs == []


def test_short_address_opens_the_form(page: Page, reporting: Reporting) -> None:
    page.goto(f"{reporting.base}/s/1")
    assert page.url == f"{reporting.base}/signaler/1"
    expect(page.get_by_role("group", name="Qu'est-ce qui est inexact ?")).to_be_visible()


def test_form_thanks_and_steward_pages_pass_axe(browser: Browser, reporting: Reporting) -> None:
    form = f"{reporting.base}/signaler/1"
    assert axe_violations(browser, form) == []
    assert axe_violations(browser, f"{reporting.base}/signaler/99999") == []

    def sent(page: Page) -> None:
        page.get_by_label("Horaires").check()
        page.get_by_label("Précisez (facultatif)").fill("Fermé le lundi")
        page.get_by_role("button", name="Envoyer le signalement").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Merci")

    assert axe_violations(browser, form, sent) == []
    assert axe_violations(browser, reporting.steward_page) == []
    assert axe_violations(browser, f"{reporting.base}/embed?address={SEARCHED}") == []


def test_form_fits_320_px(browser: Browser, reporting: Reporting) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{reporting.base}/signaler/1")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()
