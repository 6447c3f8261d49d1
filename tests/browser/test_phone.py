"""The counsellor page and the widget on a phone: results brought into view, nothing too wide."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Frame, Page, Route, ViewportSize, expect

from tests.browser.servers import SEARCHED, static_site
from tests.browser.test_counsellor_page import ADDRESS, OPTION

PHONE: ViewportSize = {"width": 375, "height": 667}
SMALL_PHONE: ViewportSize = {"width": 320, "height": 568}
# A real street of the seed behind a long building description, and an unbroken token.
LONG_ADDRESS = (
    "Résidence des Grands-Ducs-de-Bourgogne-et-de-Franche-Comté bâtiment C escalier 4 "
    "appartement 1207 14 rue Camille Claudel 21000 Dijon"
)
UNBROKEN = "https://exemple.invalide/" + "a" * 120

# Records the options of every scrollIntoView call, to tell smooth from instant scrolling.
RECORD_SCROLLS = """
window.scrolls = [];
const original = Element.prototype.scrollIntoView;
Element.prototype.scrollIntoView = function (options) {
  window.scrolls.push({ id: this.id || this.className, behavior: options && options.behavior });
  return original.call(this, options);
};
"""

# Every rendered element whose right edge passes its parent's or the viewport's, and every
# box whose content is wider than it (text fields excepted: their text scrolls inside them;
# a map's panes too: the map clips them).
OVERFLOWS = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const name = (n) => n.tagName.toLowerCase() + (n.id ? `#${n.id}` : "")
    + (typeof n.className === "string" && n.className
      ? `.${n.className.trim().split(/\\s+/).join(".")}` : "");
  const found = [];
  if (root.scrollWidth > width) found.push(`document ${root.scrollWidth} > ${width}`);
  for (const node of document.body.querySelectorAll("*")) {
    if (!node.getClientRects().length || node.closest(".visually-hidden, .panda-sr")) continue;
    // Inside a map, Leaflet places markers and layers in panes it clips: the map box counts.
    if (node.closest(".leaflet-map-pane")) continue;
    const box = node.getBoundingClientRect();
    const parent = node.parentElement.getBoundingClientRect();
    const where = `${name(node)} ends at ${box.right}`;
    if (box.right > width + 0.5) found.push(`${where} > viewport ${width}`);
    else if (box.right > parent.right + 0.5) found.push(`${where} > parent ${parent.right}`);
    const field = ["INPUT", "TEXTAREA", "SELECT"].includes(node.tagName);
    if (!field && node.clientWidth && node.scrollWidth > node.clientWidth + 1
        && getComputedStyle(node).overflowX === "visible") {
      found.push(`${name(node)} content ${node.scrollWidth} > ${node.clientWidth}`);
    }
  }
  return found;
}"""


def assert_fits(page: Page | Frame) -> None:
    """Nothing on the page sticks out of its column (the offenders are named otherwise)."""
    found: list[str] = page.evaluate(OVERFLOWS)
    assert found == [], "\n".join(found)


def pick_suggestion(page: Page, base: str) -> None:
    """Open the page, type « 14 rue Camille Claudel » and pick its suggestion with a tap."""
    page.goto(f"{base}/")
    page.get_by_label(ADDRESS).press_sequentially("14 rue Camille Claudel", delay=20)
    page.get_by_role("option", name=OPTION).click()


def heading_in_viewport(page: Page, height: int) -> bool:
    """True when the results heading lies wholly inside the visible viewport (to a pixel:
    scrolling to a block's start can leave it a fraction of a pixel above, as the map's
    fractional height does)."""
    box = page.locator("#results-title").bounding_box()
    assert box is not None
    return box["y"] >= -1 and box["y"] + box["height"] <= height + 1


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_on_a_phone_a_search_scrolls_the_results_into_view_and_focuses_them(
    page: Page, panda: str, motion: str
) -> None:
    page.add_init_script(RECORD_SCROLLS)
    page.emulate_media(reduced_motion=motion)  # type: ignore[arg-type]
    page.set_viewport_size(PHONE)
    pick_suggestion(page, panda)
    expect(page.locator("#summary")).to_contain_text("près de « 14 Rue Camille Claudel")
    heading = page.locator("#results-title")
    expect(heading).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "results-title"
    page.wait_for_function(
        "h => { const b = document.querySelector('#results-title').getBoundingClientRect();"
        " return b.top >= -1 && b.bottom <= h + 1; }",
        arg=PHONE["height"],
    )
    # A smooth scroll brings the heading into view before it ends: wait until it has settled.
    page.wait_for_function(
        "() => new Promise(done => { const y = window.scrollY;"
        " setTimeout(() => done(window.scrollY === y), 150); })"
    )
    assert heading_in_viewport(page, PHONE["height"])
    assert page.evaluate("window.scrollY") > 300  # the form fills the first screen
    behaviours = [s["behavior"] for s in page.evaluate("window.scrolls")]
    assert behaviours == (["smooth"] if motion == "no-preference" else ["auto"])
    first = page.locator("#results > li").first
    expect(first.locator("h3")).to_have_text("PANDA Grésilles")
    # The live region still tells the count; the focused heading is its section's name.
    expect(page.locator("#summary")).to_have_attribute("role", "status")


def test_on_a_phone_the_search_button_brings_the_results_too(page: Page, panda: str) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(PHONE)
    page.goto(f"{panda}/")
    page.get_by_label(ADDRESS).fill(SEARCHED)
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#results-title")).to_be_focused()
    assert heading_in_viewport(page, PHONE["height"])


def test_an_unknown_street_on_a_phone_shows_the_message_above_the_results(
    page: Page, panda: str
) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(PHONE)
    page.goto(f"{panda}/")
    page.get_by_label(ADDRESS).fill("12 av mal foch dijon")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#results-title")).to_be_focused()
    expect(page.get_by_role("alert")).to_be_in_viewport()
    expect(page.get_by_role("alert")).to_contain_text("Rue non trouvée à Dijon")


def test_focus_stays_where_the_counsellor_moved_it_during_a_search(page: Page, panda: str) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(PHONE)
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route("**/v1/access-points/search?**", hold)
    page.goto(f"{panda}/")
    page.get_by_label(ADDRESS).fill(SEARCHED)
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_function("document.querySelector('#summary').textContent.includes('en cours')")
    page.get_by_label(
        "Accessible en fauteuil roulant"
    ).focus()  # the counsellor goes on with the filters
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator("#results > li").first.locator("h3")).to_have_text("PANDA Grésilles")
    expect(page.get_by_label("Accessible en fauteuil roulant")).to_be_focused()


def test_back_from_the_sheet_focus_returns_to_the_card_not_the_heading(
    page: Page, panda: str
) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(PHONE)
    pick_suggestion(page, panda)
    expect(page.locator("#results-title")).to_be_focused()
    button = page.locator("#results > li").first.get_by_role("button", name="Fiche à imprimer")
    button.click()
    expect(page.locator("#sheet-title")).to_be_focused()
    page.get_by_role("button", name="Retour aux résultats").click()
    expect(button).to_be_focused()


def test_on_a_wide_screen_focus_stays_in_the_form(page: Page, panda: str) -> None:
    page.goto(f"{panda}/")
    box = page.get_by_role("combobox", name=ADDRESS)
    box.press_sequentially("14 rue Camille Claudel", delay=20)
    expect(page.get_by_role("option", name=OPTION)).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.locator("#results > li").first.locator("h3")).to_have_text("PANDA Grésilles")
    expect(box).to_be_focused()
    assert page.evaluate("window.scrollY") == 0


@pytest.mark.parametrize("size", [SMALL_PHONE, PHONE], ids=["320", "375"])
def test_no_field_or_card_overflows_its_column_on_a_phone(
    page: Page, panda: str, size: ViewportSize
) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(size)
    page.goto(f"{panda}/")
    assert_fits(page)

    page.get_by_label(ADDRESS).press_sequentially("14 rue cam", delay=20)
    expect(page.get_by_role("option").first).to_have_text(OPTION)
    assert_fits(page)  # the suggestions too

    page.get_by_label(ADDRESS).fill(LONG_ADDRESS)
    page.get_by_label("Ouvert le", exact=True).fill("2025-07-15")
    page.get_by_label("à", exact=True).fill("10:00")
    assert_fits(page)

    page.get_by_label(ADDRESS).fill(UNBROKEN)
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("alert")).to_contain_text("Adresse introuvable")
    assert_fits(page)

    page.get_by_label(ADDRESS).fill("12 av mal foch dijon")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("alert")).to_contain_text("Rue non trouvée à Dijon")
    assert_fits(page)

    page.get_by_label(ADDRESS).fill(SEARCHED)
    page.get_by_label("Ouvert le", exact=True).fill("")
    page.get_by_label("à", exact=True).fill("")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#summary")).to_contain_text("près de « 14 Rue Camille Claudel")
    first = page.locator("#results > li").first
    first.get_by_role("button", name="Texte SMS").click()
    expect(first.get_by_label("Texte à envoyer par SMS")).not_to_have_value("Chargement…")
    page.get_by_label(ADDRESS).fill(LONG_ADDRESS + " " + UNBROKEN)
    assert_fits(page)

    first.get_by_role("button", name="Fiche à imprimer").click()
    expect(page.locator("#sheet-week tr")).to_have_count(7)
    assert_fits(page)


def embed_url(base: str, address: str, title: str) -> str:
    """The widget's page for an address, with a title chosen by the partner."""
    query = urlencode({"address": address, "limit": "3", "title": title})
    return f"{base}/embed?{query}"


@pytest.mark.parametrize(
    ("address", "title"),
    [
        (SEARCHED, "Où utiliser un ordinateur ?"),
        (SEARCHED, "Points-d'accès-numérique-de-Dijon-et-son-Agglomération " + UNBROKEN[:60]),
        (UNBROKEN, "Où imprimer ?"),
    ],
    ids=["results", "long-title", "unknown-address"],
)
def test_the_widget_fits_320_pixels(page: Page, panda: str, address: str, title: str) -> None:
    page.set_viewport_size(SMALL_PHONE)
    page.goto(embed_url(panda, address, title))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_fits(page)


PARTNER_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partenaire</title></head>
<body style="margin:0;padding:8px">
<script src="{panda}/widget.js" data-address="{address}" data-limit="3" async></script>
</body></html>
"""


@pytest.fixture
def partner(panda: str, tmp_path: Path) -> Iterator[str]:
    """A partner page on another origin with one widget, meant for phones."""
    (tmp_path / "index.html").write_text(
        PARTNER_PAGE.format(panda=panda, address=SEARCHED), encoding="utf-8"
    )
    with static_site(tmp_path) as site:
        yield f"{site}/index.html"


def test_the_widget_in_a_partner_page_fits_320_pixels(page: Page, partner: str) -> None:
    page.set_viewport_size(SMALL_PHONE)
    page.goto(partner)
    frame = page.frame_locator("iframe.panda-finder-widget")
    expect(frame.locator(".panda-name").first).to_have_text("PANDA Grésilles")
    assert_fits(page)
    inner = page.locator("iframe.panda-finder-widget").element_handle().content_frame()
    assert inner is not None
    assert_fits(inner)
