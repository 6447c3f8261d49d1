"""What the HTML routes share (api/web/html.py): the CSP and security headers, escaped
templates, and a page rendered with both."""

import re

import pytest
from fastapi.testclient import TestClient
from starlette.datastructures import QueryParams

from api.web.html import (
    content_security_policy,
    html_page,
    new_nonce,
    security_headers,
    static_headers,
    templates,
)
from api.web.routes_embed import parse_query, theme


def directives(policy: str) -> dict[str, str]:
    return dict(part.split(" ", 1) for part in policy.split("; "))


def test_the_policy_allows_only_the_same_origin_by_default() -> None:
    assert directives(content_security_policy()) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def test_inline_style_only_with_the_nonce_or_a_hash() -> None:
    policy = content_security_policy("abc123", style_hashes=("sha256-AAA=", "sha256-BBB="))
    assert directives(policy)["style-src"] == "'self' 'nonce-abc123' 'sha256-AAA=' 'sha256-BBB='"
    assert directives(policy)["script-src"] == "'self'"  # scripts never inline


def test_framing_allowed_where_asked() -> None:
    assert directives(content_security_policy(frame_ancestors="*"))["frame-ancestors"] == "*"


def test_a_page_not_to_be_framed_says_so_twice() -> None:
    headers = security_headers()
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cache-Control"] == "no-cache"


def test_a_framable_page_has_no_x_frame_options() -> None:
    headers = security_headers("n0nce", frame_ancestors="https://ville.example")
    assert "X-Frame-Options" not in headers
    assert "'nonce-n0nce'" in headers["Content-Security-Policy"]
    assert headers["Content-Security-Policy"].endswith("frame-ancestors https://ville.example")


def test_static_files_are_cacheable_and_never_sniffed() -> None:
    assert static_headers(3600) == {
        "Cache-Control": "public, max-age=3600",
        "X-Content-Type-Options": "nosniff",
    }


def test_nonces_are_fresh_and_fit_a_policy() -> None:
    nonces = {new_nonce() for _ in range(50)}
    assert len(nonces) == 50
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", n) for n in nonces)


def test_templates_escape_what_they_are_given() -> None:
    rendered = templates.from_string("<p>{{ name }}</p>").render(name="<script>alert(1)</script>")
    assert rendered == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


@pytest.mark.parametrize(("frame_ancestors", "framable"), [("'none'", False), ("*", True)])
def test_a_page_carries_its_headers_and_nonce(frame_ancestors: str, framable: bool) -> None:
    query = parse_query(QueryParams({"address": "", "title": "<i>Lieux</i>"}))
    context = {"query": query, "theme": theme(query), "items": [], "status": 422}
    page = html_page("embed.html", context, 422, frame_ancestors=frame_ancestors, nonce="n0nce")
    body = bytes(page.body).decode()
    assert page.status_code == 422
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == content_security_policy(
        "n0nce", frame_ancestors
    )
    assert ("x-frame-options" in page.headers) is not framable
    assert '<style nonce="n0nce">' in body
    assert "&lt;i&gt;Lieux&lt;/i&gt;" in body and "<i>" not in body


def test_the_counsellor_page_is_served_with_these_headers(seeded_client: TestClient) -> None:
    page = seeded_client.get("/")
    for name, value in security_headers().items():
        assert page.headers[name] == value
