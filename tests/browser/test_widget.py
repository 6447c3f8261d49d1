"""The partner widget: one script tag on another origin inserts a sized iframe to /embed."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.servers import HOSTILE_NAME, SEARCHED, static_site

PARTNER_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Maison de l'emploi</title></head>
<body>
<h1>Où aller près de chez vous ?</h1>
<script src="{panda}/widget.js" data-address="{address}" data-equipment="computer"
        data-limit="3" data-title="Où utiliser un ordinateur ?" async></script>
<p id="after-first">Fin du premier widget.</p>
<script src="{panda}/widget.js" data-address="{address}" data-limit="999" data-color="red"
        async></script>
</body></html>
"""


@pytest.fixture
def partner(panda: str, tmp_path: Path) -> Iterator[str]:
    """A partner page served from another origin (another port) with two widgets."""
    (tmp_path / "index.html").write_text(
        PARTNER_PAGE.format(panda=panda, address=SEARCHED), encoding="utf-8"
    )
    with static_site(tmp_path) as site:
        assert site != panda
        yield f"{site}/index.html"


def frame_height(page: Page, index: int) -> float:
    box = page.locator("iframe.panda-finder-widget").nth(index).bounding_box()
    assert box is not None
    return box["height"]


def test_widget_renders_results_next_to_its_script_and_fits_its_content(
    page: Page, partner: str, panda: str, dialogs: list[str]
) -> None:
    page.goto(partner)
    frames = page.locator("iframe.panda-finder-widget")
    expect(frames).to_have_count(2)
    assert page.evaluate(
        "[...document.scripts].filter(s => s.src.endsWith('/widget.js'))"
        ".every(s => s.nextElementSibling.tagName === 'IFRAME')"
    )
    assert (frames.first.get_attribute("src") or "").startswith(f"{panda}/embed?address=14+rue")
    expect(frames.first).to_have_attribute("title", "Où utiliser un ordinateur ?")

    widget = page.frame_locator("iframe.panda-finder-widget >> nth=0")
    expect(widget.get_by_role("heading", level=1)).to_have_text("Où utiliser un ordinateur ?")
    names = widget.locator(".panda-name")
    expect(names).to_have_count(3)
    expect(names.first).to_have_text("PANDA Grésilles")
    expect(names.nth(1)).to_have_text(HOSTILE_NAME)
    expect(widget.get_by_role("link", name="03 80 48 84 14")).to_have_attribute(
        "href", "tel:+33380488414"
    )
    osm = widget.get_by_role("link", name="Voir sur le plan OpenStreetMap : PANDA Grésilles")
    expect(osm).to_have_attribute(
        "href",
        "https://www.openstreetmap.org/?mlat=47.32968&mlon=5.069047#map=18/47.32968/5.069047",
    )

    content = frames.first.content_frame
    page.wait_for_function(
        "() => document.querySelector('iframe.panda-finder-widget').style.height !== '360px'"
    )
    inner = content.locator("#panda").evaluate("node => node.getBoundingClientRect().height")
    assert abs(frame_height(page, 0) - inner) <= 2
    assert inner > 500

    errors = page.frame_locator("iframe.panda-finder-widget >> nth=1").get_by_role("alert")
    expect(errors).to_contain_text("Le nombre de lieux (limit) doit être un entier de 1 à 20.")
    expect(errors).to_contain_text("La couleur color doit s'écrire #RRGGBB")
    assert dialogs == []


def test_widget_ignores_size_messages_from_other_windows(page: Page, partner: str) -> None:
    page.goto(partner)
    page.wait_for_function(
        "() => document.querySelector('iframe.panda-finder-widget').style.height !== '360px'"
    )
    before = frame_height(page, 0)
    page.evaluate("window.postMessage({type: 'panda-finder:height', height: 12}, '*')")
    page.wait_for_timeout(200)
    assert frame_height(page, 0) == before


def test_embed_fits_320_pixels_and_links_take_keyboard_focus(page: Page, panda: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{panda}/embed?address={SEARCHED}&limit=2&color=%23ffe600")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="03 80 48 84 14")).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
