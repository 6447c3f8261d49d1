"""The new filters in Chromium (issue 22, item 4): the counsellor page sends them as the API
takes them and shows what the API keeps; the widget's presets reach /embed; axe stays clean."""

from pathlib import Path

import httpx
from markupsafe import escape
from playwright.sync_api import Browser, Page, expect

from tests.browser.servers import SEARCHED, static_site
from tests.browser.test_reports import axe_violations

ADDRESS = "Adresse de la personne"
ONE = "Aide aux démarches administratives"
TWO = "Insertion professionnelle via le numérique"


def weekend_places(panda: str) -> set[str]:
    """What the API keeps for open_weekend=true, asked directly."""
    body = httpx.get(
        f"{panda}/v1/access-points", params={"open_weekend": "true", "size": "100"}
    ).json()
    return {item["name"] for item in body["items"]}


def test_the_page_sends_services_repeated_and_the_new_filters(page: Page, panda: str) -> None:
    page.goto(f"{panda}/")
    page.get_by_label(ADDRESS).fill(SEARCHED)
    page.get_by_label(ONE).check()
    page.get_by_label(TWO).check()
    page.get_by_label("Exiger tous les services cochés").check()
    page.get_by_label("Prise de rendez-vous en ligne").check()
    page.get_by_text("Plus de filtres").click()
    page.get_by_label("France Services").check()
    page.get_by_label("Accompagnement individuel").check()
    with page.expect_request("**/v1/access-points/search?**") as request:
        page.get_by_role("button", name="Rechercher").click()
    query = httpx.URL(request.value.url).params
    assert query.get_list("service") == [ONE, TWO]
    assert (query["service_match"], query["appointment_online"]) == ("all", "true")
    assert query.get_list("national_programme") == ["France Services"]
    assert query.get_list("support_mode") == ["Accompagnement individuel"]
    expect(page.locator("#summary")).to_contain_text("Aucun lieu ne correspond à ces filtres")


def test_open_at_weekends_shows_exactly_what_the_api_keeps(page: Page, panda: str) -> None:
    expected = weekend_places(panda)
    assert expected  # the seed has places open on Saturdays
    page.goto(f"{panda}/")
    page.get_by_label(ADDRESS).fill(SEARCHED)
    page.get_by_label("Ouvert le week-end").check()
    with page.expect_request("**/v1/access-points/search?**") as request:
        page.get_by_role("button", name="Rechercher").click()
    assert httpx.URL(request.value.url).params["open_weekend"] == "true"
    names = page.locator("#results > li h3")
    expect(names).to_have_count(min(10, len(expected)))
    assert set(names.all_text_contents()) <= expected


def test_the_page_with_its_filters_open_passes_axe(browser: Browser, panda: str) -> None:
    def open_filters(page: Page) -> None:
        page.get_by_text("Plus de filtres").click()
        page.get_by_label("Ouvert le week-end").check()

    assert axe_violations(browser, f"{panda}/", open_filters) == []


def test_widget_presets_reach_the_embed_and_keep_only_matching_places(
    browser: Browser, page: Page, panda: str, tmp_path: Path
) -> None:
    expected = weekend_places(panda)
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Partenaire</title>'
        f'</head><body><script src="{panda}/widget.js" data-address="{SEARCHED}" '
        f'data-limit="20" data-open-weekend="true" data-service="{ONE},{TWO}" async></script>'
        "</body></html>",
        encoding="utf-8",
    )
    with static_site(tmp_path) as site:
        page.goto(f"{site}/index.html")
        frame = page.locator("iframe.panda-finder-widget")
        expect(frame).to_have_count(1)
        source = httpx.URL(frame.get_attribute("src") or "")
        assert (source.params["open_weekend"], source.params["service"]) == ("true", f"{ONE},{TWO}")
        widget = page.frame_locator("iframe.panda-finder-widget")
        expect(widget.get_by_role("heading", level=1)).to_be_visible()
    embed = f"{panda}/embed?address={SEARCHED}&open_weekend=true&limit=20"
    shown = httpx.get(embed).text
    assert all(str(escape(name)) in shown for name in expected)
    assert shown.count('class="panda-item"') == len(expected)
    assert axe_violations(browser, embed) == []
