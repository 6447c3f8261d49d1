"""HTML for people: the counsellor page at `/`, its static files and the partner `widget.js`."""

import re
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import FileResponse, HTMLResponse, Response

from api.http.caching import conditional
from api.http.errors import NotFound
from api.web.html import security_headers, static_headers
from models.vocabulary import Equipment, Service

router = APIRouter(include_in_schema=False)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

EQUIPMENT_FR: dict[str, str] = {
    Equipment.COMPUTER: "Ordinateur",
    Equipment.LAPTOP: "Ordinateur portable",
    Equipment.TABLET: "Tablette",
    Equipment.PRINTER: "Imprimante",
    Equipment.SCANNER: "Scanner",
    Equipment.PHOTOCOPIER: "Photocopieur",
    Equipment.WIFI: "Wi-Fi",
    Equipment.WEBCAM: "Webcam",
    Equipment.HEADSET: "Casque et micro",
    Equipment.ACCESSIBLE_WORKSTATION: "Poste adapté au handicap",
}
_MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
_STATIC_NAME = re.compile(r"^[a-z][a-z0-9-]*\.(css|js)$")


def html_page(
    name: str,
    context: dict[str, Any],
    status_code: int = 200,
    frame_ancestors: str = "'none'",
    nonce: str | None = None,
) -> HTMLResponse:
    """Render a template with its security headers."""
    body = templates.get_template(name).render(**context, nonce=nonce)
    headers = security_headers(nonce, frame_ancestors)
    return HTMLResponse(body, status_code=status_code, headers=headers)


def new_nonce() -> str:
    """A fresh value for the CSP nonce of one response."""
    return secrets.token_urlsafe(16)


VAGUE_LOCATION = "adresse non localisée précisément"


def format_distance(metres: float, precision: str = "source") -> str:
    """'à moins de 50 m', 'à 350 m', 'à 1,2 km'; to the kilometre ('à environ 2 km') for a
    place located only to its commune's centre (precision 'municipality')."""
    if precision == "municipality":
        return f"à environ {max(1, round(metres / 1000))} km"
    if metres < 50:
        return "à moins de 50 m"
    if metres < 1000:
        return f"à {round(metres / 10) * 10:.0f} m"
    return f"à {metres / 1000:.1f} km".replace(".", ",")


def format_phone(phone: str) -> str:
    """+33380488414 → 03 80 48 84 14; other numbers as they are."""
    if phone.startswith("+33") and len(phone) == 12:
        digits = "0" + phone[3:]
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return phone


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(background: str) -> str:
    """Black or white, whichever reads better on the background."""
    return (
        "#ffffff"
        if contrast("#ffffff", background) >= contrast("#000000", background)
        else "#000000"
    )


def ink_on_white(colour: str, ratio: float = 4.5) -> str:
    """The colour, darkened just enough to reach `ratio` against white (for links)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    current = colour
    while contrast(current, "#ffffff") < ratio:
        red, green, blue = (int(c * 0.9) for c in (red, green, blue))
        current = f"#{red:02x}{green:02x}{blue:02x}"
    return current


@router.get("/", response_class=HTMLResponse)
async def counsellor_page(request: Request) -> Response:
    """The counsellor page: an address, filters, results, a sheet to print and an SMS."""
    services = [s.value for s in Service]
    labels = {"equipment": EQUIPMENT_FR, "services": services}
    context = {"equipment": EQUIPMENT_FR, "services": services, "labels": labels}
    page = html_page("counsellor.html", context)
    # No nonce on this page, so its body is the same each time: revalidate it (no-cache).
    headers = security_headers()
    return conditional(
        request,
        bytes(page.body),
        cls=HTMLResponse,
        headers=headers,
        cache_control=headers["Cache-Control"],
    )


def _static(name: str, max_age: int) -> FileResponse:
    path = STATIC / name
    if not _STATIC_NAME.match(name) or not path.is_file():
        raise NotFound(f"aucun fichier statique « {name} »", en=f"no static file {name!r}")

    return FileResponse(path, media_type=_MEDIA_TYPES[path.suffix], headers=static_headers(max_age))


@router.get("/static/{name}")
async def static_file(name: Annotated[str, PathParam(max_length=64)]) -> Response:
    """CSS and JavaScript of the pages."""
    return _static(name, 300)


@router.get("/widget.js")
async def widget_script() -> Response:
    """The one-line partner script: inserts an iframe to /embed and sizes it."""
    return _static("widget.js", 3600)
