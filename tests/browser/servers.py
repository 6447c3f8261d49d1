"""Real servers for browser tests: a seeded SQLite file, a partner site, Chromium.

`panda serve` itself is started by tests/live_server.py.
"""

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

try:
    from playwright.sync_api import Browser, BrowserContext, Playwright, Route
except ModuleNotFoundError as exc:  # pragma: no cover - a setup problem, said clearly
    raise ModuleNotFoundError(
        "browser tests need Playwright for Python: pip install 'playwright==1.65.2' "
        "(do not run `playwright install`: the tests drive Debian's chromium)"
    ) from exc
from sqlmodel import Session

from api.database import make_engine
from api.migrations.upgrade import upgrade_to_head
from models.access_point import AccessPointCreate
from seed.loader import load_seed
from seed.upsert import bump_data_version, upsert_access_points
from tests.live_server import free_port

CHROMIUM = Path(os.environ.get("PANDA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=fr-FR",
    # Nothing but the loopback resolves: a stray outside URL fails instead of going out.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_ADDRESS = '<img src=x onerror="alert(2)"> 16 rue Camille Claudel'
SEARCHED = "14 rue Camille Claudel 21000 Dijon"


def hostile_place() -> AccessPointCreate:
    """A place whose name and address are markup, 60 m from PANDA Grésilles."""
    return AccessPointCreate.model_validate(
        {
            "name": HOSTILE_NAME,
            "address": HOSTILE_ADDRESS,
            "postcode": "21000",
            "commune": "Dijon",
            "insee_code": "21231",
            "latitude": 47.33015,
            "longitude": 5.06935,
            "phone": "+33380000000",
            "opening_hours": "Mo-Sa 09:00-18:00",
            "equipment": {"computer": 2, "printer": None},
            "source": "browser-test",
            "source_id": "hostile-1",
        }
    )


def seeded_database(path: Path, places: list[AccessPointCreate]) -> str:
    """A SQLite file holding the Dijon seed plus `places`; returns its URL."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    # As `panda serve` will find it: at the head revision, not made by create_all.
    upgrade_to_head(engine)
    with Session(engine) as session:
        load_seed(session)
        upsert_access_points(session, places, actor="browser-test")
        bump_data_version(session)
        session.commit()
    engine.dispose()
    return url


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""


@contextmanager
def static_site(directory: Path) -> Iterator[str]:
    """Serve a folder on another loopback port (another origin); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless; a clear error when it is not installed."""
    if not CHROMIUM.is_file():
        raise RuntimeError(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(or set PANDA_CHROMIUM to its path); browser tests need a real browser."
        )
    # French form controls (date fields read jj/mm/aaaa) when chromium-l10n is installed.
    env: dict[str, str | float | bool] = {**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": "fr"}
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, env=env
    )


def loopback_only(context: BrowserContext) -> list[str]:
    """Abort every request to a host other than 127.0.0.1; returns the list of those refused."""
    refused: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    context.route("**/*", guard)
    return refused
