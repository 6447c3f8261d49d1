"""Interactive API docs at /docs (Swagger UI) and /redoc, served from this host only.

The scripts and styles are those bundled by the `fastapi-offline` package: no CDN, no fonts
from elsewhere, and the pages carry the same security headers as the counsellor page.
"""

import functools
import secrets
from html import escape
from pathlib import Path
from typing import Annotated

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from starlette.responses import HTMLResponse, Response

from api.http.caching import body_etag, conditional
from api.http.errors import NotFound
from api.web.html import security_headers, static_headers

router = APIRouter(include_in_schema=False)

BUNDLED = Path(fastapi_offline.__file__).resolve().parent / "static"
STATIC_URL = "/static/docs"
BUNDLE_MAX_AGE_S = 86_400
_MEDIA_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "redoc.standalone.js": "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
}
# ReDoc 2.5.3 shows a logo from its CDN in the sidebar; an empty src fails locally and ReDoc
# then drops the image by itself.
_REDOC_LOGO = (b'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"', b'src:""')
# The two <style> elements ReDoc 2.5.3 writes while loading, before it is handed the nonce:
# an empty one, then perfect-scrollbar's CSS (hashes as Chromium reports them).
REDOC_STYLE_HASHES = (
    "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    "sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc=",
)

_SWAGGER = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Swagger UI</title>
<link rel="icon" type="image/png" href="{static}/favicon.png">
<link rel="stylesheet" href="{static}/swagger-ui.css">
<script src="{static}/swagger-ui-bundle.js" defer></script>
<script src="{root}/static/docs-swagger.js" defer></script>
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
</body>
</html>
"""

_REDOC = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - ReDoc</title>
<link rel="icon" type="image/png" href="{static}/favicon.png">
<script src="{static}/redoc.standalone.js" defer></script>
<script src="{root}/static/docs-redoc.js" nonce="{nonce}" defer></script>
</head>
<body>
<div id="redoc" data-openapi-url="{openapi}"></div>
</body>
</html>
"""


def _page(request: Request, template: str, nonce: str = "") -> HTMLResponse:
    root = request.scope.get("root_path", "")
    values = {
        "title": request.app.title,
        "root": root,
        "static": root + STATIC_URL,
        "openapi": root + request.app.openapi_url,
        "nonce": nonce,
    }
    body = template.format(**{key: escape(value) for key, value in values.items()})
    if not nonce:
        return HTMLResponse(body, headers=security_headers())
    headers = security_headers(nonce, style_hashes=REDOC_STYLE_HASHES)
    return HTMLResponse(body, headers=headers)


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui(request: Request) -> HTMLResponse:
    """The OpenAPI description in Swagger UI, where each operation can be tried."""
    return _page(request, _SWAGGER)


@router.get("/redoc", response_class=HTMLResponse)
async def redoc(request: Request) -> HTMLResponse:
    """The OpenAPI description in ReDoc, for reading."""
    # ReDoc writes its styles in <style> elements; docs-redoc.js hands it this nonce for them.
    return _page(request, _REDOC, secrets.token_urlsafe(16))


@functools.cache
def bundle(name: str) -> tuple[bytes, str]:
    """A file of fastapi-offline's static folder, as served here, and its ETag."""
    body = (BUNDLED / name).read_bytes()
    if name == "redoc.standalone.js":
        body = body.replace(*_REDOC_LOGO)
    return body, body_etag(body)


@router.get(STATIC_URL + "/{name}")
async def docs_static(request: Request, name: Annotated[str, PathParam(max_length=64)]) -> Response:
    """The Swagger UI and ReDoc bundles shipped by fastapi-offline."""
    if name not in _MEDIA_TYPES:
        raise NotFound(f"aucun fichier de documentation « {name} »", en=f"no docs file {name!r}")

    body, etag = bundle(name)
    cache = static_headers(BUNDLE_MAX_AGE_S)
    return conditional(
        request,
        body,
        etag,
        headers=cache,
        cache_control=cache["Cache-Control"],
        media_type=_MEDIA_TYPES[name],
    )
