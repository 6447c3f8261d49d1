"""The API docs in Chromium with the network cut off: only 127.0.0.1 answers.

The `context` fixture aborts (and records) every request to another host, Chromium resolves no
other name, and the `page` fixture fails on any resource the CSP refused.
"""

from urllib.parse import urlsplit

from playwright.sync_api import Page, Request, expect


def requested_hosts(page: Page) -> set[str | None]:
    """Collect the host of every request the page makes from now on."""
    hosts: set[str | None] = set()

    def record(request: Request) -> None:
        hosts.add(urlsplit(request.url).hostname)

    page.on("request", record)
    return hosts


def test_swagger_ui_shows_the_operations_and_runs_one(page: Page, panda: str) -> None:
    hosts = requested_hosts(page)
    page.goto(f"{panda}/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    communes = page.locator(".opblock", has=page.locator("[data-path='/v1/communes']"))
    communes.locator(".opblock-summary").click()
    communes.get_by_role("button", name="Try it out").click()
    communes.get_by_role("button", name="Execute").click()
    status = communes.locator(".live-responses-table tr.response .response-col_status")
    expect(status).to_have_text("200")
    assert page.locator(".opblock").count() >= 15
    assert hosts == {"127.0.0.1"}


def test_redoc_shows_the_operations(page: Page, panda: str) -> None:
    hosts = requested_hosts(page)
    page.goto(f"{panda}/redoc")
    # ReDoc parses the whole OpenAPI document (about a hundred operations) before it draws:
    # on a loaded two-core machine that took more than the default 5 s.
    title = page.get_by_role("heading", name="PANDA finder (0.1.0)")
    expect(title).to_be_visible(timeout=30_000)
    expect(page.locator("[data-section-id='operation/nearestAccessPoints']")).to_be_visible()
    assert hosts == {"127.0.0.1"}
