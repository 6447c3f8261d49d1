"""The page, the sheet and the widget tell how old a place's facts are."""

from playwright.sync_api import Page, expect

from tests.browser.test_counsellor_page import search_by_suggestion
from tests.browser.test_sheet_and_sms import gresilles

# PANDA Grésilles: MedNum BFC dated it 05/03/2021, more than a year before any run of this test;
# its review (every 6 months) fell due on 05/09/2021, so it is long overdue: « Non vérifié ».
STALE = "Non vérifié depuis le 05/03/2021 — à vérifier"


def test_card_says_old_facts_are_to_be_checked(page: Page, panda: str) -> None:
    search_by_suggestion(page, panda)
    expect(gresilles(page).locator(".card-stale")).to_have_text(STALE)


def test_sheet_names_the_place_source_and_its_date(page: Page, panda: str) -> None:
    search_by_suggestion(page, panda)
    gresilles(page).get_by_role("button", name="Fiche à imprimer").click()
    expect(page.locator("#sheet-footer")).to_have_text(
        "Source : MedNum BFC (multi-coop/data-bfc-ternum), informations du 05/03/2021 — à vérifier."
    )


def test_widget_says_old_facts_are_to_be_checked(page: Page, panda: str) -> None:
    page.goto(f"{panda}/embed?address=14+rue+Camille+Claudel+21000+Dijon&limit=1")
    item = page.locator(".panda-item", has=page.get_by_role("heading", name="PANDA Grésilles"))
    expect(item.locator(".panda-stale")).to_have_text(STALE)
