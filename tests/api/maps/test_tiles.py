"""api.maps.tiles: the CSP source of a tile server, the maps' settings."""

from api.maps.tiles import OWN_BASE_CREDIT, map_config, tile_source
from api.settings import Settings


def test_no_tiles_no_source() -> None:
    assert tile_source(None) is None
    assert tile_source("") is None


def test_source_is_the_origin_with_subdomains_as_a_wildcard() -> None:
    assert tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )
    assert tile_source("https://tiles.example.org:8443/a/{z}/{x}/{y}.png?key=1") == (
        "https://tiles.example.org:8443"
    )


def test_config_names_the_tiles_only_when_set() -> None:
    assert map_config(Settings()) == {
        "tiles_url": None,
        "tiles_attribution": None,
        "base_credit": OWN_BASE_CREDIT,
    }
    tiles = Settings(
        map_tiles_url="https://tiles.example.org/{z}/{x}/{y}.png",
        map_tiles_attribution="© contributeurs OpenStreetMap",
    )
    assert map_config(tiles)["tiles_url"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert map_config(tiles)["tiles_attribution"] == "© contributeurs OpenStreetMap"
