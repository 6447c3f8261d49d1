"""The counsellor page in Chromium: suggestions, keyboard, filters, results, hostile data."""

import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.servers import HOSTILE_ADDRESS, HOSTILE_NAME

ADDRESS = "Adresse de la personne"
OPTION = "14 Rue Camille Claudel 21000 Dijon"


def search_by_suggestion(page: Page, base: str) -> None:
    """Type the address, pick the suggestion with the mouse, wait for results."""
    page.goto(f"{base}/")
    page.get_by_label(ADDRESS).press_sequentially("14 rue Camille Claudel", delay=20)
    page.get_by_role("option", name=OPTION).click()
    expect(page.locator("#summary")).to_contain_text("près de « 14 Rue Camille Claudel")


def test_picking_a_suggestion_lists_panda_gresilles_first(
    page: Page, panda: str, dialogs: list[str]
) -> None:
    search_by_suggestion(page, panda)
    first = page.locator("#results > li").first
    expect(first.locator("h3")).to_have_text("PANDA Grésilles")
    expect(first).to_contain_text("à moins de 50 m")
    expect(first.locator(".status")).to_have_text(re.compile(r"^(Ouvert|Fermé).*\d\d:\d\d"))
    expect(first.get_by_role("link", name="Tél. 03 80 48 84 14")).to_have_attribute(
        "href", "tel:+33380488414"
    )
    unknown = page.locator("#results > li", has_text="Centre multimédia des grésilles")
    expect(unknown).to_contain_text("équipement non renseigné")
    assert dialogs == []


def test_keyboard_moves_through_suggestions_and_enter_picks(page: Page, panda: str) -> None:
    page.goto(f"{panda}/")
    box = page.get_by_role("combobox", name=ADDRESS)
    box.press_sequentially("14 rue Camille Claudel", delay=20)
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "address-option-0")
    expect(page.get_by_role("option", name=OPTION)).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(box).to_have_value(OPTION)
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#results > li").first.locator("h3")).to_have_text("PANDA Grésilles")


def test_filters_reach_the_search_query_and_the_sheet_week(page: Page, panda: str) -> None:
    page.goto(f"{panda}/")
    page.get_by_label(ADDRESS).fill("14 rue Camille Claudel 21000 Dijon")
    page.get_by_label("Ouvert le", exact=True).fill("2025-07-15")
    page.get_by_label("à", exact=True).fill("10:00")
    page.get_by_label("Imprimante").check()
    page.get_by_label("Accès internet et matériel informatique").check()
    with page.expect_request("**/v1/access-points/search?**") as request:
        page.get_by_role("button", name="Rechercher").click()
    url = request.value.url
    assert "open_at=2025-07-15T10%3A00%3A00" in url
    assert "equipment=printer" in url
    assert "service=Acc%C3%A8s+internet" in url
    expect(page.locator("#summary")).to_contain_text("Aucun lieu ne correspond à ces filtres")

    page.get_by_label("Imprimante").uncheck()
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#summary")).to_contain_text("ouverts le 15 juillet 2025 à 10:00")
    first = page.locator("#results > li").first
    expect(first.locator("h3")).to_have_text("PANDA Grésilles")
    expect(first.locator(".status")).to_have_text("Ouvert jusqu'à 12:00")
    first.get_by_role("button", name="Fiche à imprimer").click()
    expect(page.locator("#sheet-week tr").first).to_have_text(
        re.compile(r"mardi 15/07\s*09:00–12:00, 14:00–18:00")
    )


def test_hostile_name_and_address_are_shown_as_text(
    page: Page, panda: str, dialogs: list[str]
) -> None:
    search_by_suggestion(page, panda)
    card = page.locator("#results > li", has=page.get_by_role("heading", name=HOSTILE_NAME))
    expect(card.locator("h3")).to_have_text(HOSTILE_NAME)
    expect(card).to_contain_text(HOSTILE_ADDRESS)
    assert page.locator("#results script, #results img").count() == 0
    card.get_by_role("button", name="Fiche à imprimer").click()
    expect(page.locator("#sheet-name")).to_have_text(HOSTILE_NAME)
    expect(page.locator("#sheet-address")).to_contain_text(HOSTILE_ADDRESS)
    # The one image is the server-drawn plan: the name reaches it as text (its alt).
    assert page.locator("#sheet script, #sheet img:not(#sheet-map)").count() == 0
    expect(page.locator("#sheet-map")).to_have_attribute("alt", re.compile(re.escape(HOSTILE_NAME)))
    assert dialogs == []


def test_content_security_policy_blocks_inline_and_foreign_scripts(
    context: BrowserContext, panda: str, partner_origin: str
) -> None:
    page = context.new_page()
    refusals: list[str] = []
    page.on("console", lambda message: refusals.append(message.text))
    page.goto(f"{panda}/")
    page.evaluate(
        """origin => {
            const inline = document.createElement("script");
            inline.textContent = "window.pwned = 1";
            const foreign = document.createElement("script");
            foreign.src = origin + "/evil.js";
            document.body.append(inline, foreign);
        }""",
        partner_origin,
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None
    assert any("Content Security Policy" in text for text in refusals), refusals
    assert any("evil.js" in text for text in refusals), refusals


def test_a_typed_street_prefix_is_suggested_with_its_number(page: Page, panda: str) -> None:
    page.goto(f"{panda}/")
    page.get_by_label(ADDRESS).press_sequentially("14 rue cam", delay=20)
    expect(page.get_by_role("option").first).to_have_text(OPTION)


def test_an_unknown_street_is_said_and_its_alternatives_rerun_the_search(
    page: Page, panda: str
) -> None:
    page.goto(f"{panda}/")
    page.get_by_label(ADDRESS).fill("12 av mal foch dijon")
    page.get_by_role("button", name="Rechercher").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Rue non trouvée à Dijon : résultats autour du centre de Dijon")
    expect(page.locator("#results > li")).to_have_count(10)
    offers = alert.get_by_role("button")
    expect(offers.first).to_have_text(re.compile(r"^Avenue .* 21000 Dijon$"))
    label = offers.first.inner_text()
    with page.expect_request("**/v1/access-points/search?**") as request:
        offers.first.click()
    assert "address=Avenue+" in request.value.url
    expect(page.get_by_label(ADDRESS)).to_have_value(label)
    expect(page.locator("#summary")).to_contain_text(f"près de « {label} »")
    expect(page.locator("#message")).to_have_text("")  # the street is found: nothing to say


def test_a_place_located_only_to_its_commune_is_told_as_it_is(page: Page, panda: str) -> None:
    page.goto(f"{panda}/")
    told = page.evaluate(
        """async () => {
          const dom = await import("/static/dom.js");
          const { renderResults } = await import("/static/results.js");
          const place = {
            id: 999999, name: "Lieu non localisé", address: "99 rue Inexistante",
            address_complement: null, postcode: "21000", commune: "Dijon",
            location_precision: "municipality", distance_m: 20, phone: null,
            equipment: null, equipment_status: "unknown", wheelchair_accessible: "unknown",
            opening_status: { state: "unknown", label: "Horaires non renseignés" },
          };
          const list = document.createElement("ol");
          renderResults(list, [place], { equipment: {} }, () => {});
          return {
            card: list.textContent,
            far: dom.distanceLabel(2260, "municipality"),
            precise: dom.distanceLabel(20, "housenumber"),
            address: dom.addressLine(place),
          };
        }"""
    )
    assert told["far"] == "à environ 2 km"
    assert told["precise"] == "à moins de 50 m"
    assert told["address"] == "99 rue Inexistante, 21000 Dijon (adresse non localisée précisément)"
    assert "à environ 1 km" in told["card"]
    assert "adresse non localisée précisément" in told["card"]
    assert not re.search(r"\d m\b", told["card"])
