"""/docs and /redoc: the bundles of fastapi-offline, from this host, under a strict CSP."""

import re

from fastapi.testclient import TestClient

from api.web.routes_docs import REDOC_STYLE_HASHES

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cache-control": "no-cache",
}


def test_swagger_ui_page_loads_only_our_files_under_the_strict_csp(
    seeded_client: TestClient,
) -> None:
    page = seeded_client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == STRICT_CSP
    assert {name: page.headers[name] for name in PAGE_HEADERS} == PAGE_HEADERS
    assert re.findall(r'(?:src|href)="([^"]+)"', page.text) == [
        "/static/docs/favicon.png",
        "/static/docs/swagger-ui.css",
        "/static/docs/swagger-ui-bundle.js",
        "/static/docs-swagger.js",
    ]
    assert 'data-openapi-url="/openapi.json"' in page.text
    assert "<script>" not in page.text and "<style" not in page.text


def test_redoc_page_gives_its_styles_a_fresh_nonce(seeded_client: TestClient) -> None:
    pages = [seeded_client.get("/redoc") for _ in range(2)]
    nonces = [re.search(r'nonce="([^"]+)"', page.text).group(1) for page in pages]  # type: ignore[union-attr]
    assert nonces[0] != nonces[1]
    hashes = " ".join(f"'{h}'" for h in REDOC_STYLE_HASHES)
    style = f"style-src 'self' 'nonce-{nonces[0]}' {hashes};"
    assert style in pages[0].headers["content-security-policy"]
    assert "script-src 'self';" in pages[0].headers["content-security-policy"]
    assert {name: pages[0].headers[name] for name in PAGE_HEADERS} == PAGE_HEADERS


def test_docs_bundle_is_cacheable_and_revalidates(seeded_client: TestClient) -> None:
    response = seeded_client.get("/static/docs/swagger-ui-bundle.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "public, max-age=86400"
    assert "SwaggerUIBundle" in response.text
    again = seeded_client.get(
        "/static/docs/swagger-ui-bundle.js", headers={"If-None-Match": response.headers["etag"]}
    )
    assert (again.status_code, again.content) == (304, b"")


def test_redoc_bundle_is_served_without_its_cdn_logo(seeded_client: TestClient) -> None:
    response = seeded_client.get("/static/docs/redoc.standalone.js")
    assert response.status_code == 200
    assert "cdn.redoc.ly" not in response.text
    assert 'alt:"redocly logo",onError:()=>t(!1),src:""' in response.text


def test_unknown_docs_file_is_404(seeded_client: TestClient) -> None:
    response = seeded_client.get("/static/docs/redoc.standalone.js.map")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_openapi_lists_no_docs_route(seeded_client: TestClient) -> None:
    paths = seeded_client.get("/openapi.json").json()["paths"]
    assert not {"/docs", "/redoc", "/static/docs/{name}"} & set(paths)
