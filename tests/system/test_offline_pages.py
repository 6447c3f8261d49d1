"""Everything offline: no page of the service, nor a script or style it loads, names another host.

The walk covers every GET route of the app that answers HTML (with the Dijon seed loaded),
and then every script, style and module import those pages load from us.
"""

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.stewards import links as stewards
from tests.app_routes import get_paths

OWN_HOST = "testserver"
ADDRESS = "14 rue Camille Claudel 21000 Dijon"
# Links a person may follow, from a place's card (the map) and ReDoc's credit, and Leaflet's
# default credit link (map.js replaces it with plain text, setPrefix("Leaflet")); a link loads
# nothing, so the page still works offline. Any other outside link fails the walk.
NAVIGATION_HOSTS = {"www.openstreetmap.org", "redocly.com", "leafletjs.com"}
# Query strings that make a page show more of itself (the widget lists places with one).
QUERIES = {"/embed": ["", f"?address={ADDRESS}"]}
# Attributes that load or submit to a URL.
URL_ATTRIBUTES = {"src", "href", "action", "formaction", "poster", "data", "srcset", "xlink:href"}
# Where scripts and styles name URLs: `src=`/`href:` (markup and DOM props), `url(`, `@import`,
# and module imports.
CODE_URL = re.compile(
    r"""\b(?:src|href|action)\s*[:=]\s*\\?["'`]\s*(?P<a>(?:https?:)?//[^"'`\s\\]*)"""
    r"""|url\(\s*\\?["']?\s*(?P<b>(?:https?:)?//[^"')\s\\]*)"""
    r"""|@import\s+(?:url\()?\s*["']?\s*(?P<c>(?:https?:)?//[^"')\s;]*)"""
    r"""|\b(?:from|import)\s*\(?\s*["'](?P<d>(?:https?:)?//[^"']*)["']"""
)
MODULE_IMPORT = re.compile(r"""\b(?:from|import)\s*\(?\s*["'](\.{1,2}/[^"']+\.js)["']""")
CSP_KEYWORDS = ("'self'", "'none'", "'nonce-", "'sha256-", "data:")


def outside_host(reference: str) -> str | None:
    """The host a reference names when it is not ours (None for paths, data:, tel:...)."""
    reference = reference.strip()
    if not (reference.startswith("//") or re.match(r"(?i)https?:", reference)):
        return None
    host = urlsplit(reference).hostname or reference
    return None if host == OWN_HOST else host


class _References(HTMLParser):
    """Every URL in a page's markup, by tag, and its inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES:
                for part in value.split(",") if name == "srcset" else [value]:
                    self.urls.append((tag, part.strip().split(" ")[0]))
            elif name == "style":
                self.styles.append(value)
            elif name == "content" and "url=" in value.lower():
                self.urls.append((tag, value.lower().split("url=", 1)[1]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def html_pages(client: TestClient, place_id: int, token: str) -> Iterator[str]:
    """The path (and query) of every GET route that answers HTML."""
    values = {"access_point_id": str(place_id), "name": "counsellor.css", "token": token}
    values |= {"workshop_id": "1", "session_id": "1", "report_id": "1"}  # none stored: 404
    for route_path, path in get_paths(client.app, values):  # type: ignore[arg-type]
        for query in QUERIES.get(route_path, [""]):
            response = client.get(path + query)
            if response.headers.get("content-type", "").startswith("text/html"):
                yield path + query


def code_problems(client: TestClient, url: str, seen: set[str]) -> list[str]:
    """Outside hosts named in a script or style we serve, and in the modules it imports."""
    if url in seen:
        return []
    seen.add(url)
    response = client.get(url)
    assert response.status_code == 200, url
    problems = [
        f"{url} names {host}"
        for match in CODE_URL.finditer(response.text)
        if (host := outside_host(next(g for g in match.groups() if g is not None)))
        and host not in NAVIGATION_HOSTS
    ]
    for module in MODULE_IMPORT.findall(response.text):
        problems += code_problems(client, urljoin(url, module), seen)
    return problems


def csp_problems(page: str, policy: str) -> list[str]:
    """CSP sources that are neither a keyword, a nonce, a hash nor data: (`*` only as
    frame-ancestors, for the widget)."""
    problems = []
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *sources = directive.split()
        for source in sources:
            if source == "*" and name == "frame-ancestors":
                continue
            if not source.startswith(CSP_KEYWORDS):
                problems.append(f"{page}: CSP {name} allows {source}")
    return problems


def page_problems(client: TestClient, page: str, seen: set[str]) -> list[str]:
    """Everything a page and what it loads name outside this host."""
    response = client.get(page)
    problems = csp_problems(page, response.headers["content-security-policy"])
    parser = _References()
    parser.feed(response.text)
    for tag, url in parser.urls:
        host = outside_host(url)
        if host and not (tag == "a" and host in NAVIGATION_HOSTS):
            problems.append(f"{page}: <{tag}> names {host} ({url})")
        elif not host and tag in {"script", "link"} and not url.endswith(".png"):
            problems += code_problems(client, urljoin(page, url), seen)
    for style in parser.styles:
        problems += [f"{page}: inline style names {h}" for h in _style_hosts(style)]
    return problems


def _style_hosts(style: str) -> list[str]:
    found = (outside_host(next(g for g in m.groups() if g)) for m in CODE_URL.finditer(style))
    return [host for host in found if host]


@pytest.fixture
def walked(seeded_client: TestClient) -> tuple[list[str], set[str], list[str]]:
    """Walk the seeded app: (pages, scripts and styles loaded, problems)."""
    place_id = seeded_client.get("/v1/access-points").json()["items"][0]["id"]
    with Session(seeded_client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        _link, token = stewards.issue(session, place_id, "Camille Martin")
    pages = list(html_pages(seeded_client, place_id, token))
    seen: set[str] = set()
    problems = [problem for page in pages for problem in page_problems(seeded_client, page, seen)]
    return pages, seen, problems


def test_walk_reaches_every_html_page_and_what_it_loads(
    walked: tuple[list[str], set[str], list[str]],
) -> None:
    pages, loaded, _problems = walked
    steward = [page for page in pages if page.startswith("/intendance/")]
    report = [page for page in pages if page.startswith(("/signaler/", "/s/"))]
    assert pages == [
        "/",
        "/embed",
        f"/embed?address={ADDRESS}",
        "/docs",
        "/redoc",
        *steward,
        *report,
    ]
    assert len(steward) == 2
    assert [page.rsplit("/", 1)[0] for page in report] == ["/signaler", "/s"]
    assert {
        "/static/report.css",
        "/static/steward.css",
        "/static/steward.js",
        "/static/counsellor.css",
        "/static/counsellor.js",
        "/static/api.js",
        "/static/embed.js",
        "/static/docs/swagger-ui-bundle.js",
        "/static/docs/swagger-ui.css",
        "/static/docs-swagger.js",
        "/static/docs/redoc.standalone.js",
        "/static/docs-redoc.js",
    } <= loaded


def test_no_page_nor_its_scripts_and_styles_name_an_outside_host(
    walked: tuple[list[str], set[str], list[str]],
) -> None:
    _pages, _loaded, problems = walked
    assert problems == []


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ('<img src="https://cdn.example/x.png">', "cdn.example"),
        ("e.src='//cdn.example/x.js'", "cdn.example"),
        ('{src:"https://cdn.example/logo.svg"}', "cdn.example"),
        ("background:url(https://fonts.example/a.woff)", "fonts.example"),
        ('@import "https://fonts.example/css";', "fonts.example"),
        ('import x from "https://esm.example/x.js";', "esm.example"),
    ],
)
def test_code_scan_finds_outside_references(text: str, host: str) -> None:
    assert [outside_host(next(g for g in m.groups() if g)) for m in CODE_URL.finditer(text)] == [
        host
    ]


def test_code_scan_ignores_data_urls_and_local_paths() -> None:
    text = """url("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>") """
    text += 'src="/static/a.js" href="tel:+33380488414"'
    assert [m.group(0) for m in CODE_URL.finditer(text)] == []
