"""Take the README screenshots: `python docs/screenshots/take.py` from the project folder.

Starts `panda serve` on a temp SQLite file with the Dijon seed, a partner page on another
local port, and Debian's Chromium (`apt-get install chromium`) driven by Playwright.
"""

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from tests.browser.servers import (  # noqa: E402
    SEARCHED,
    launch_chromium,
    loopback_only,
    seeded_database,
    static_site,
)
from tests.live_server import panda_server  # noqa: E402

OUT = Path(__file__).resolve().parent
PARTNER = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Partenaire</title></head>
<body style="margin:0;padding:12px;font-family:Georgia,serif;background:#fbf7ef">
<h1 style="font-size:20px;margin:0 0 4px">Maison de l'emploi</h1>
<p style="margin:0 0 12px">Imprimer son CV près de chez soi :</p>
<script src="{panda}/widget.js" data-address="{address}" data-equipment="computer"
 data-limit="2" data-title="Où utiliser un ordinateur ?" data-color="#6b2c91"
 data-accent="#f2b705" data-map async></script>
</body></html>"""


def search(page: Page, base: str) -> None:
    """Type an address, pick the suggestion, wait for the results."""
    page.goto(f"{base}/")
    page.get_by_label("Adresse de la personne").press_sequentially("14 rue Camille Claudel")
    page.get_by_role("option", name="14 Rue Camille Claudel 21000 Dijon").click()
    expect(page.locator("#results > li").first).to_be_visible()


def counsellor_and_sheet(page: Page, base: str) -> None:
    """The page with results and an SMS text open; then the sheet as printed."""
    search(page, base)
    page.get_by_label("Imprimante").focus()
    first = page.locator("#results > li").first
    first.get_by_role("button", name="Texte SMS").click()
    expect(first.get_by_label("Texte à envoyer par SMS")).to_have_value(re.compile("^PANDA"))
    expect(page.locator(".map-pin")).to_have_count(10)
    page.mouse.move(0, 0)
    page.screenshot(path=OUT / "counsellor-page.png")
    first.get_by_role("button", name="Fiche à imprimer").click()
    expect(page.locator("#sheet-week tr")).to_have_count(7)
    page.wait_for_function("() => document.getElementById('sheet-map').complete")
    page.get_by_label("Note du conseiller").fill(
        "Rendez-vous pris jeudi à 14:00 avec la médiatrice.\nApporter son CV sur clé USB."
    )
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=OUT / "sheet.png")


def widget(page: Page, base: str, workdir: Path) -> None:
    """The widget as a partner site shows it, 360 px wide."""
    (workdir / "index.html").write_text(
        PARTNER.format(panda=base, address=SEARCHED), encoding="utf-8"
    )
    with static_site(workdir) as site:
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(f"{site}/index.html")
        frame = page.frame_locator("iframe")
        expect(frame.locator(".panda-name").first).to_be_visible()
        expect(frame.locator(".map-pin")).to_have_count(2)
        page.wait_for_function("document.querySelector('iframe').style.height !== '360px'")
        page.screenshot(path=OUT / "widget.png", full_page=True)


def main() -> None:
    """Take the three screenshots."""
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        workdir = Path(temp)
        url = seeded_database(workdir / "panda.db", [])
        with panda_server(workdir, url) as base:
            browser = launch_chromium(playwright)
            context = browser.new_context(
                viewport={"width": 1100, "height": 800},
                locale="fr-FR",
                timezone_id="Europe/Paris",
            )
            refused = loopback_only(context)
            page = context.new_page()
            counsellor_and_sheet(page, base)
            widget(context.new_page(), base, workdir)
            browser.close()
            assert not refused, refused
    for name in ("counsellor-page", "widget", "sheet"):
        path = OUT / f"{name}.png"
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
