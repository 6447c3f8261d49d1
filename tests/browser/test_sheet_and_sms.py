"""What the counsellor hands over: the printed sheet (one A4 page) and the SMS text."""

import re

from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.test_counsellor_page import ADDRESS, search_by_suggestion


def gresilles(page: Page) -> Locator:
    """The result card of PANDA Grésilles."""
    return page.locator("#results > li", has=page.get_by_role("heading", name="PANDA Grésilles"))


def test_sheet_prints_on_one_a4_page_with_week_hours_and_note(page: Page, panda: str) -> None:
    search_by_suggestion(page, panda)
    gresilles(page).get_by_role("button", name="Fiche à imprimer").click()
    sheet = page.locator("#sheet")
    expect(sheet).to_be_visible()
    expect(page.locator("#sheet-title")).to_be_focused()
    expect(page.locator("#sheet-name")).to_have_text("PANDA Grésilles")
    expect(page.locator("#sheet-week tr")).to_have_count(7)
    expect(page.locator("#sheet-week")).to_contain_text("Fermé")  # Sunday
    expect(page.locator("#sheet-offers")).to_contain_text("Équipement : Ordinateur")
    expect(page.locator("#sheet-phone")).to_contain_text("03 80 48 84 14")
    expect(page.locator("#sheet-route")).to_contain_text("14 Rue Camille Claudel 21000 Dijon")
    page.get_by_label("Note du conseiller").fill("Apporter son CV sur clé USB.\nDemander Sofia.")

    page.emulate_media(media="print")
    expect(page.locator("#search-form")).to_be_hidden()
    expect(page.get_by_role("button", name="Imprimer la fiche")).to_be_hidden()
    expect(page.locator("#sheet-note-print")).to_have_text(
        "Apporter son CV sur clé USB.\nDemander Sofia."
    )
    pdf = page.pdf(format="A4", print_background=True)
    pages = re.findall(rb"/Type\s*/Page\b", pdf)
    assert len(pages) == 1, f"the sheet prints on {len(pages)} pages"

    page.emulate_media(media="screen")
    page.get_by_role("button", name="Retour aux résultats").click()
    expect(sheet).to_be_hidden()
    expect(gresilles(page).get_by_role("button", name="Fiche à imprimer")).to_be_focused()


def test_sheet_names_holiday_and_says_its_hours_are_unconfirmed(page: Page, panda: str) -> None:
    page.goto(f"{panda}/")
    page.get_by_label(ADDRESS).fill("14 rue Camille Claudel 21000 Dijon")
    page.get_by_label("Ouvert le", exact=True).fill("2025-07-11")
    page.get_by_label("à", exact=True).fill("10:00")
    page.get_by_role("button", name="Rechercher").click()
    gresilles(page).get_by_role("button", name="Fiche à imprimer").click()
    holiday = page.locator("#sheet-week tr").nth(3)
    expect(holiday).to_have_text(
        re.compile(
            r"^lundi 14/07\s*14 juillet — Fête nationale\s*Jour férié : horaires non confirmés$"
        )
    )
    expect(page.locator("#sheet-week-note")).to_have_text(
        "Horaires habituels ; la source ne précise pas les jours fériés : "
        "appelez avant de vous déplacer un jour férié."
    )
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1


def test_sms_text_is_copied_to_the_clipboard(context: BrowserContext, panda: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=panda)
    page = context.new_page()
    search_by_suggestion(page, panda)
    card = gresilles(page)
    card.get_by_role("button", name="Texte SMS").click()
    text_box = card.get_by_label("Texte à envoyer par SMS")
    expect(text_box).to_have_value(re.compile(r"^PANDA Grésilles\n"))
    card.get_by_role("button", name="Copier le texte").click()
    expect(card.get_by_role("status")).to_have_text("Texte copié. Collez-le dans votre message.")

    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == text_box.input_value()
    assert len(copied) <= 306
    expect(card.locator(".sms-count")).to_have_text(f"{len(copied)} caractères, 1 SMS (2 au plus).")
    assert copied.startswith("PANDA Grésilles\n14 rue Camille Claudel, 21000 Dijon\n")
    assert re.search(r"\d\d:\d\d", copied), copied
    assert "03 80 48 84 14" in copied


def test_sheet_shows_the_server_drawn_plan_and_still_prints_on_one_page(
    page: Page, panda: str
) -> None:
    search_by_suggestion(page, panda)
    gresilles(page).get_by_role("button", name="Fiche à imprimer").click()
    plan = page.locator("#sheet-map")
    expect(plan).to_be_visible()
    expect(plan).to_have_attribute("alt", re.compile(r"^Plan : PANDA Grésilles et l'adresse"))
    src = plan.get_attribute("src") or ""
    assert re.fullmatch(r"/v1/access-points/\d+/sheet-map\.svg\?lat=47\.\d+&lon=5\.\d+", src)
    page.wait_for_function("() => document.getElementById('sheet-map').complete")
    assert page.evaluate("() => document.getElementById('sheet-map').naturalWidth") == 640
    svg = page.request.get(f"{panda}{src}").text()
    assert 'id="map-place"' in svg and "<script" not in svg
    # The address searched is the place's own: one mark, said in the plan's description.
    assert "l'adresse indiquée est à moins de 50 m du lieu" in svg
    page.emulate_media(media="print")
    expect(plan).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
