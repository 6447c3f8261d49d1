"""The results map in Chromium: the counsellor page and the widget (with and without data-map).

Markers match the list (count, numbers, positions), a marker brings its card and a card its
marker, the keyboard reaches the markers, the page holds at 320 px, axe finds no violation,
and nothing is loaded from another host.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect
from sqlmodel import Session

from api.database import make_engine
from api.transit.reader import read_feed
from api.transit.store import replace_feed
from tests.browser.servers import SEARCHED, loopback_only, seeded_database, static_site
from tests.browser.test_counsellor_page import search_by_suggestion
from tests.live_server import UNTHROTTLED, panda_server
from tests.transit_feed import divia_feed

AXE = (
    Path(__file__).resolve().parents[2] / "api" / "web" / "node_modules" / "axe-core" / "axe.min.js"
)
EMBED = f"/embed?address={SEARCHED.replace(' ', '+')}&limit=5"


def has_class(name: str) -> re.Pattern[str]:
    return re.compile(rf"(^|\s){name}(\s|$)")


def markers(page: Page) -> list[dict[str, Any]]:
    """Each numbered marker: its number, words, position and where it is drawn."""
    result: list[dict[str, Any]] = page.evaluate(
        """() => {
            const map = document.getElementById('map').resultsMap;
            const box = document.getElementById('map').getBoundingClientRect();
            return map.markers.map((m) => {
                const icon = m.getElement();
                const rect = icon.getBoundingClientRect();
                const at = map.map.latLngToContainerPoint(m.getLatLng());
                return {
                    number: icon.dataset.number, label: icon.getAttribute('aria-label'),
                    lat: m.getLatLng().lat, lon: m.getLatLng().lng,
                    x: at.x + box.left, y: at.y + box.top,
                    icon_x: rect.left + rect.width / 2, icon_y: rect.top + rect.height / 2,
                    inside: at.x >= 0 && at.y >= 0 && at.x <= box.width && at.y <= box.height,
                };
            });
        }"""
    )
    return result


def assert_markers_match(page: Page, items: list[dict[str, Any]]) -> None:
    found = markers(page)
    assert [m["number"] for m in found] == [str(i + 1) for i in range(len(items))]
    for marker, place in zip(found, items, strict=True):
        assert marker["label"].startswith(f"{marker['number']}. {place['name']}")
        assert (marker["lat"], marker["lon"]) == (place["latitude"], place["longitude"])
        assert marker["inside"], f"marker {marker['number']} is outside the map"
    # A marker alone at its point is drawn right on it (places sharing a point fan out).
    alone = [
        m for m in found if sum(o["lat"] == m["lat"] and o["lon"] == m["lon"] for o in found) == 1
    ]
    assert alone
    for marker in alone:
        assert (
            abs(marker["icon_x"] - marker["x"]) < 1.5 and abs(marker["icon_y"] - marker["y"]) < 1.5
        )


def answer_items(page: Page, base: str, limit: int = 10) -> list[dict[str, Any]]:
    params = {"address": "14 Rue Camille Claudel 21000 Dijon", "limit": str(limit)}
    items: list[dict[str, Any]] = page.request.get(
        f"{base}/v1/access-points/search", params=params
    ).json()["items"]
    return items


def test_page_map_markers_match_the_results(page: Page, panda: str) -> None:
    search_by_suggestion(page, panda)
    expect(page.locator("#map-block")).to_be_visible()
    cards = page.locator("#results > li")
    expect(page.locator(".map-pin")).to_have_count(cards.count())
    assert_markers_match(page, answer_items(page, panda))
    numbers = page.locator("#results .card-number").all_inner_texts()
    assert numbers == [str(i + 1) for i in range(cards.count())]
    expect(page.locator(".map-home")).to_have_attribute(
        "aria-label", "Adresse indiquée : 14 Rue Camille Claudel 21000 Dijon"
    )
    # The base is drawn by us: commune outlines around the results.
    expect(page.locator("#map path.leaflet-interactive, #map svg path").first).to_be_attached()


def test_clicking_a_marker_brings_its_card_and_a_card_its_marker(page: Page, panda: str) -> None:
    search_by_suggestion(page, panda)
    # The tenth place stands apart (1.8 km): its marker is covered by no other.
    tenth = page.locator(".map-pin").nth(9)
    tenth.click()
    card = page.locator("#results > li").nth(9)
    expect(card).to_have_class("card card-selected")
    expect(card.locator("article")).to_be_focused()
    expect(tenth).to_have_class(has_class("selected"))

    second = page.locator("#results > li").nth(5)
    second.get_by_role("button", name="Voir sur la carte").click()
    pin = page.locator(".map-pin").nth(5)
    expect(pin).to_be_focused()
    expect(pin).to_have_class(has_class("selected"))
    expect(page.locator(".map-pin.selected")).to_have_count(1)


def test_keyboard_reaches_the_markers_and_enter_brings_the_card(page: Page, panda: str) -> None:
    search_by_suggestion(page, panda)
    page.locator("#summary").evaluate("(e) => { e.tabIndex = -1; e.focus(); }")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-map")).to_be_focused()
    reached = None
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('map-pin')"):
            reached = page.evaluate("() => document.activeElement.dataset.number")
            break
    assert reached == "1", "Tab never reached the first marker"
    page.keyboard.press("Tab")
    expect(page.locator(".map-pin").nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#results > li").nth(1).locator("article")).to_be_focused()
    # The skip link jumps over the map to the list.
    page.locator(".skip-map").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()


def test_page_map_holds_at_phone_width(page: Page, panda: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    search_by_suggestion(page, panda)
    box = page.locator("#map").bounding_box()
    assert box is not None and box["width"] <= 320 and box["height"] >= 200
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_markers_match(page, answer_items(page, panda))
    page.locator(".map-pin").nth(0).click()
    expect(page.locator("#results > li").nth(0).locator("article")).to_be_focused()


@pytest.fixture
def axe_context(browser: Browser) -> Iterator[BrowserContext]:
    """A context that lets the test inject axe (the pages' CSP would refuse it), loopback only."""
    context = browser.new_context(
        viewport={"width": 1100, "height": 800}, locale="fr-FR", bypass_csp=True
    )
    refused = loopback_only(context)
    yield context
    context.close()
    assert refused == []


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document)).violations.map(
            (v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target) }))"""
    )
    return found


def test_axe_finds_no_violation_on_the_page_with_its_map(
    axe_context: BrowserContext, panda: str
) -> None:
    page = axe_context.new_page()
    search_by_suggestion(page, panda)
    expect(page.locator(".map-pin")).to_have_count(10)
    page.locator(".map-pin").nth(0).click()
    assert axe_violations(page) == []


def test_axe_finds_no_violation_in_the_widget_with_its_map(
    axe_context: BrowserContext, panda: str
) -> None:
    page = axe_context.new_page()
    page.goto(f"{panda}{EMBED}&map=1")
    expect(page.locator(".map-pin")).to_have_count(5)
    assert axe_violations(page) == []


def test_widget_map_markers_match_its_list(page: Page, panda: str) -> None:
    page.goto(f"{panda}{EMBED}&map=1")
    expect(page.locator(".map-pin")).to_have_count(5)
    assert_markers_match(page, answer_items(page, panda, limit=5))
    page.locator(".map-pin").nth(0).click()
    expect(page.locator(".panda-item").nth(0).locator("article")).to_be_focused()
    page.locator(".panda-item").nth(2).get_by_role("button", name="Voir sur la carte").click()
    expect(page.locator(".map-pin").nth(2)).to_be_focused()


def test_widget_at_phone_width_keeps_its_map_inside(page: Page, panda: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{panda}{EMBED}&map=1")
    expect(page.locator(".map-pin")).to_have_count(5)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_markers_match(page, answer_items(page, panda, limit=5))


def test_widget_without_data_map_has_no_map_and_loads_no_leaflet(page: Page, panda: str) -> None:
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(f"{panda}{EMBED}")
    expect(page.locator(".panda-item")).to_have_count(5)
    expect(page.locator("#map")).to_have_count(0)
    expect(page.get_by_role("button", name="Voir sur la carte")).to_have_count(0)
    assert not [url for url in loaded if "leaflet" in url or "/v1/map/" in url]


PARTNER = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Maison de l'emploi</title></head>
<body>
<script src="{panda}/widget.js" data-address="{address}" data-limit="4" data-map async></script>
<script src="{panda}/widget.js" data-address="{address}" data-limit="4" async></script>
</body></html>
"""


def test_data_map_on_the_script_tag_asks_for_the_map(
    page: Page, panda: str, tmp_path: Path
) -> None:
    (tmp_path / "index.html").write_text(
        PARTNER.format(panda=panda, address=SEARCHED), encoding="utf-8"
    )
    with static_site(tmp_path) as site:
        page.goto(f"{site}/index.html")
        frames = page.locator("iframe.panda-finder-widget")
        expect(frames).to_have_count(2)
        assert "&map=1" in (frames.first.get_attribute("src") or "")
        assert "map=" not in (frames.nth(1).get_attribute("src") or "")
        with_map = page.frame_locator("iframe.panda-finder-widget >> nth=0")
        expect(with_map.locator(".map-pin")).to_have_count(4)
        without = page.frame_locator("iframe.panda-finder-widget >> nth=1")
        expect(without.locator(".panda-item")).to_have_count(4)
        expect(without.locator("#map")).to_have_count(0)


def test_default_page_and_widget_load_nothing_from_another_host(page: Page, panda: str) -> None:
    requests: list[Request] = []
    page.on("request", lambda r: requests.append(r))
    search_by_suggestion(page, panda)
    expect(page.locator(".map-pin")).to_have_count(10)
    page.locator("#results > li").first.get_by_role("button", name="Fiche à imprimer").click()
    page.wait_for_function("() => document.getElementById('sheet-map').complete")
    page.goto(f"{panda}{EMBED}&map=1")
    expect(page.locator(".map-pin")).to_have_count(5)
    origin = urlsplit(panda)
    hosts = {(urlsplit(r.url).scheme, urlsplit(r.url).netloc) for r in requests}
    assert hosts == {(origin.scheme, origin.netloc)}, hosts
    urls = [r.url for r in requests]
    assert any(u.endswith("/static/leaflet/leaflet.js") for u in urls)
    assert any("/v1/map/outlines?" in u for u in urls)


def test_a_tile_server_is_used_and_let_in_only_when_configured(
    browser: Browser, tmp_path: Path
) -> None:
    tiles = tmp_path / "tiles"
    tiles.mkdir()
    with static_site(tiles) as tile_site:
        workdir = tmp_path / "panda"
        workdir.mkdir()
        env = {
            **UNTHROTTLED,
            "PANDA_MAP_TILES_URL": f"{tile_site}/{{z}}/{{x}}/{{y}}.png",
            "PANDA_MAP_TILES_ATTRIBUTION": "Tuiles de test",
        }
        with panda_server(workdir, f"sqlite:///{workdir / 'p.db'}", **env) as base:
            context = browser.new_context(locale="fr-FR")
            refused = loopback_only(context)
            page = context.new_page()
            blocked: list[str] = []
            page.on(
                "console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text)
            )
            asked: list[str] = []
            page.on("request", lambda r: asked.append(r.url))
            response = page.goto(f"{base}{EMBED}&map=1")
            assert response is not None
            assert (
                f"img-src 'self' data: {tile_site};" in response.headers["content-security-policy"]
            )
            expect(page.locator(".map-pin")).to_have_count(5)
            expect(page.locator(".leaflet-control-attribution")).to_contain_text("Tuiles de test")
            page.wait_for_function("() => document.querySelectorAll('.leaflet-tile').length > 0")
            context.close()
    assert any(url.startswith(f"{tile_site}/") and url.endswith(".png") for url in asked)
    assert not any("/v1/map/outlines" in url for url in asked)
    assert blocked == [] and refused == []


@pytest.fixture(scope="module")
def panda_transit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the Dijon seed with the Divia T2 fixture feed imported."""
    workdir = tmp_path_factory.mktemp("panda-transit")
    url = seeded_database(workdir / "panda.db", [])
    engine = make_engine(url)
    with Session(engine) as session:
        replace_feed(session, read_feed(divia_feed(workdir / "divia.zip")))
    engine.dispose()
    with panda_server(workdir, url, **UNTHROTTLED) as base:
        yield base


def test_an_imported_feed_draws_its_lines_and_stops_under_the_places(
    page: Page, panda_transit: str
) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    search_by_suggestion(page, panda_transit)
    expect(page.locator(".map-pin")).to_have_count(10)
    # A route no trip runs has no geometry: nothing to draw for it.
    every_line = page.request.get(f"{panda_transit}/v1/transit/lines").json()["features"]
    lines = [f for f in every_line if f["geometry"]]
    stops = page.request.get(f"{panda_transit}/v1/transit/stops").json()["features"]
    assert lines and stops
    page.wait_for_function(
        "() => document.getElementById('map').resultsMap.network.getLayers().length === 2"
    )
    drawn = page.evaluate(
        """() => document.getElementById('map').resultsMap.network.getLayers()
            .map((group) => group.getLayers().length)"""
    )
    assert drawn == [len(lines), len(stops)]
    # Drawn, not only held: the line paths are in the map's vector layer.
    assert page.locator("#map .leaflet-overlay-pane path").count() >= len(lines)
    origin = urlsplit(panda_transit).netloc
    assert all(urlsplit(url).netloc == origin for url in requests)
    assert any(url.endswith("/v1/transit/lines") for url in requests)
