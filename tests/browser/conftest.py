"""Fixtures for tests in a real headless Chromium against real servers on 127.0.0.1."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    sync_playwright,
)

from tests.browser.servers import (
    hostile_place,
    launch_chromium,
    loopback_only,
    seeded_database,
    static_site,
)
from tests.live_server import UNTHROTTLED, free_port, panda_server


@pytest.fixture(scope="session")
def panda(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the Dijon seed plus a place named `<script>alert(1)</script>`."""
    workdir = tmp_path_factory.mktemp("panda")
    url = seeded_database(workdir / "panda.db", [hostile_place()])
    with panda_server(workdir, url, **UNTHROTTLED) as base:
        yield base


@pytest.fixture(scope="session")
def panda_geocoder_down(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with the national address service configured on a port where nothing listens."""
    workdir = tmp_path_factory.mktemp("panda-ban-down")
    url = f"sqlite:///{workdir / 'panda.db'}"
    closed = f"127.0.0.1:{free_port()}"
    env = {"PANDA_GEOCODER": "ban", "PANDA_BAN_DOMAIN": closed, "PANDA_BAN_SCHEME": "http"}
    env |= UNTHROTTLED
    with panda_server(workdir, url, **env) as base:
        yield base


@pytest.fixture
def partner_origin(tmp_path: Path) -> Iterator[str]:
    """Another local origin (a plain file server on another port)."""
    with static_site(tmp_path) as site:
        yield site


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright; fails (never skips) when it is missing."""
    with sync_playwright() as playwright:
        try:
            chromium = launch_chromium(playwright)
        except RuntimeError as exc:
            missing = str(exc)
        else:
            yield chromium
            chromium.close()
            return
        pytest.fail(missing, pytrace=False)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh French context, Paris time, that can reach nothing but 127.0.0.1."""
    context = browser.new_context(
        viewport={"width": 1100, "height": 800}, locale="fr-FR", timezone_id="Europe/Paris"
    )
    refused = loopback_only(context)
    yield context
    context.close()
    assert refused == [], f"the page tried to reach outside hosts: {refused}"


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of any alert/confirm/prompt a page opened (there must be none)."""
    return []


@pytest.fixture
def page(context: BrowserContext, dialogs: list[str]) -> Iterator[Page]:
    """A page that records (and dismisses) any dialog and fails on a blocked resource."""
    page = context.new_page()
    blocked: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            blocked.append(message.text)

    page.on("dialog", record)
    page.on("console", watch)
    yield page
    assert blocked == [], f"the browser refused resources: {blocked}"
