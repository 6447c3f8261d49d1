"""HTML for people: the counsellor page at `/`, its static files and the partner `widget.js`."""

import re
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from starlette.responses import FileResponse, HTMLResponse, Response

from api.http.caching import conditional
from api.http.errors import NotFound
from api.maps.tiles import map_config, tile_source
from api.web.html import LEAFLET, STATIC, html_page, security_headers, static_headers
from api.web.words import EQUIPMENT_FR
from models.vocabulary import AccessMode, Audience, Fees, NationalProgramme, Service, SupportMode

router = APIRouter(include_in_schema=False)

_MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
_LEAFLET_FILES = frozenset({"leaflet.js", "leaflet.css"})
_STATIC_NAME = re.compile(r"^[a-z][a-z0-9-]*\.(css|js)$")


# The multi-valued filters under « Plus de filtres »: the API's parameter, a legend, values.
FILTER_GROUPS = [
    {"name": name, "legend": legend, "values": [v.value for v in vocabulary]}
    for name, legend, vocabulary in (
        ("national_programme", "Dispositifs nationaux", NationalProgramme),
        ("support_mode", "Accompagnement", SupportMode),
        ("audience", "Publics", Audience),
        ("fees", "Frais", Fees),
        ("access_mode", "Modalités d'accès", AccessMode),
    )
]


@router.get("/", response_class=HTMLResponse)
async def counsellor_page(request: Request) -> Response:
    """The counsellor page: an address, filters, results, a sheet to print and an SMS."""
    services = [s.value for s in Service]
    labels = {"equipment": EQUIPMENT_FR, "services": services}
    settings = request.app.state.runtime.settings
    context = {
        "equipment": EQUIPMENT_FR,
        "services": services,
        "groups": FILTER_GROUPS,
        "labels": labels,
        "map_config": map_config(settings),
    }
    page = html_page("counsellor.html", context)
    # No nonce on this page, so its body is the same each time: revalidate it (no-cache).
    headers = security_headers(image_host=tile_source(settings.map_tiles_url))
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


@router.get("/static/leaflet/{name}")
async def leaflet_file(name: Annotated[str, PathParam(max_length=64)]) -> Response:
    """Leaflet's script and style, from the lock file's install: the maps need no CDN."""
    path = LEAFLET / name
    if name not in _LEAFLET_FILES or not path.is_file():
        raise NotFound(
            f"aucun fichier « {name} » de Leaflet (installé par api/web/install-libraries.sh)",
            en=f"no Leaflet file {name!r} (installed by api/web/install-libraries.sh)",
        )
    return FileResponse(path, media_type=_MEDIA_TYPES[path.suffix], headers=static_headers(3600))


@router.get("/widget.js")
async def widget_script() -> Response:
    """The one-line partner script: inserts an iframe to /embed and sizes it."""
    return _static("widget.js", 3600)
