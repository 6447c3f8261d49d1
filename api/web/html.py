"""What the HTML routes share: the templates, a page with its security headers, the CSP nonce."""

import secrets
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
# Leaflet as `npm ci` installs it from api/web/package-lock.json (api/web/install-libraries.sh).
LEAFLET = HERE / "node_modules" / "leaflet" / "dist"
templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def content_security_policy(
    nonce: str | None = None,
    frame_ancestors: str = "'none'",
    style_hashes: tuple[str, ...] = (),
    image_host: str | None = None,
) -> str:
    """Same-origin scripts, styles and fetches only; inline style only with the nonce or hash;
    images from one more host only when a map tile server is configured (`image_host`)."""
    style = " ".join(
        ["'self'", *([f"'nonce-{nonce}'"] if nonce else []), *(f"'{h}'" for h in style_hashes)]
    )
    images = "'self' data:" + (f" {image_host}" if image_host else "")
    return (
        "default-src 'self'; script-src 'self'; "
        f"style-src {style}; img-src {images}; connect-src 'self'; "
        f"object-src 'none'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {frame_ancestors}"
    )


def security_headers(
    nonce: str | None = None,
    frame_ancestors: str = "'none'",
    style_hashes: tuple[str, ...] = (),
    image_host: str | None = None,
) -> dict[str, str]:
    """The headers of every HTML page: its CSP, no sniffing, no framing unless allowed."""
    csp = content_security_policy(nonce, frame_ancestors, style_hashes, image_host)
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cache-Control": "no-cache",
    }
    if frame_ancestors == "'none'":
        headers["X-Frame-Options"] = "DENY"
    return headers


def static_headers(max_age: int) -> dict[str, str]:
    """The headers of the pages' scripts and styles: cacheable, never sniffed."""
    return {"Cache-Control": f"public, max-age={max_age}", "X-Content-Type-Options": "nosniff"}


def html_page(
    name: str,
    context: dict[str, Any],
    status_code: int = 200,
    frame_ancestors: str = "'none'",
    nonce: str | None = None,
    image_host: str | None = None,
) -> HTMLResponse:
    """Render a template with its security headers."""
    body = templates.get_template(name).render(**context, nonce=nonce)
    headers = security_headers(nonce, frame_ancestors, image_host=image_host)
    return HTMLResponse(body, status_code=status_code, headers=headers)


def new_nonce() -> str:
    """A fresh value for the CSP nonce of one response."""
    return secrets.token_urlsafe(16)
