"""What the counsellor sees when the address is unknown, refused, or the service is down."""

from playwright.sync_api import Browser, Page, expect

ADDRESS = "Adresse de la personne"
LIBERTE = (
    "Adresse introuvable : aucune adresse ne correspond à « rue de la liberte » ; "
    "ajoutez la commune ou le code postal"
)


def test_unknown_address_shows_detail_and_commune_suggestions(page: Page, panda: str) -> None:
    page.goto(f"{panda}/")
    page.get_by_label(ADDRESS).fill("x")
    page.get_by_label(ADDRESS).press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "Adresse introuvable : aucune adresse ne correspond à « x » ; "
        "ajoutez la commune ou le code postal"
    )
    expect(alert.get_by_role("button", name="x Daix")).to_be_visible()
    expect(page.locator("#results > li")).to_have_count(0)


def test_refused_parameter_shows_detail(page: Page, panda: str) -> None:
    page.goto(f"{panda}/")
    # Past the input's maxlength (a script can do it): the API answers 422 with a detail.
    page.get_by_label(ADDRESS).evaluate("(input, text) => { input.value = text; }", "rue " * 60)
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Paramètre refusé : address : « rue rue rue rue rue rue rue rue rue rue rue rue rue rue "
        "rue… » est trop long (au plus 200) (exemple : 14 rue Camille Claudel 21000 Dijon)"
    )


def test_street_without_commune_is_told_in_french(page: Page, panda: str) -> None:
    page.goto(f"{panda}/")
    page.get_by_label(ADDRESS).fill("rue de la liberte")
    page.get_by_label(ADDRESS).press("Enter")
    alert = page.get_by_role("alert")
    expect(alert.locator("p").first).to_have_text(LIBERTE)
    expect(page.locator("#summary")).to_have_text("Pas de résultat.")


def test_an_english_browser_still_reads_french(browser: Browser, panda: str) -> None:
    # The page asks the API for French: a browser set to English must not bring English in.
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto(f"{panda}/")
        page.get_by_label(ADDRESS).fill("rue de la liberte")
        page.get_by_label(ADDRESS).press("Enter")
        expect(page.get_by_role("alert").locator("p").first).to_have_text(LIBERTE)
    finally:
        context.close()


def test_geocoder_down_says_so_and_the_form_stays_usable(
    page: Page, panda_geocoder_down: str
) -> None:
    page.goto(f"{panda_geocoder_down}/")
    box = page.get_by_label(ADDRESS)
    box.press_sequentially("14 rue Camille Claudel", delay=20)
    expect(page.locator("#address-note")).to_contain_text("Service momentanément indisponible")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Service momentanément indisponible")

    expect(box).to_be_editable()
    box.fill("2 rue des Corroyeurs 21000 Dijon")
    page.get_by_label("Imprimante").check()
    expect(page.get_by_label("Imprimante")).to_be_checked()
    button = page.get_by_role("button", name="Rechercher")
    expect(button).to_be_enabled()
    with page.expect_response("**/v1/access-points/search?**") as answer:
        button.click()
    assert answer.value.status == 503
    expect(page.get_by_role("alert")).to_contain_text("Service momentanément indisponible")
    expect(page.locator("#summary")).to_have_text("Pas de résultat.")
