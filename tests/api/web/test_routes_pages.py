"""HTML pages over plain HTTP: the counsellor page, /embed, /widget.js and static files."""

import re
import socket
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import SQLModel

from api.app import create_app
from api.database import make_engine
from api.settings import Settings
from api.web.colours import contrast, ink_on_white, readable_on
from api.web.routes_embed import DEFAULT_ACCENT, DEFAULT_COLOR
from api.web.words import format_distance
from tests.conftest import make_access_point

HOSTILE = "<script>alert(1)</script>"
ADDRESS = "14 rue Camille Claudel 21000 Dijon"


@pytest.fixture
def hostile_client(client_factory: Callable[..., TestClient]) -> TestClient:
    """PANDA Grésilles and a place whose name is a script tag, 60 m away."""
    hostile = make_access_point(
        name=HOSTILE, address="16 rue Camille Claudel", latitude=47.33015, longitude=5.06935
    )
    return client_factory(places=[make_access_point(), hostile])


def test_counsellor_page_is_french_same_origin_and_not_framable(seeded_client: TestClient) -> None:
    page = seeded_client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="fr">' in page.text
    assert 'value="printer"> Imprimante' in page.text
    assert "Aide aux démarches administratives" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert not re.search(r'(src|href)="(https?:)?//', page.text)


def test_embed_lists_nearest_places_and_escapes_names(hostile_client: TestClient) -> None:
    page = hostile_client.get("/embed", params={"address": ADDRESS, "title": "<b>Nos lieux</b>"})
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert HOSTILE not in page.text
    assert "&lt;b&gt;Nos lieux&lt;/b&gt;" in page.text and "<b>" not in page.text
    assert page.text.index("PANDA Grésilles") < page.text.index("&lt;script&gt;")
    assert 'href="tel:+33380488414">03 80 48 84 14</a>' in page.text
    assert "https://www.openstreetmap.org/?mlat=47.32968&amp;mlon=5.069047#map=18/" in page.text
    assert "<dt>Aujourd'hui</dt>" in page.text


def test_embed_tells_a_place_located_only_to_its_commune_as_it_is(
    client_factory: Callable[..., TestClient],
) -> None:
    vague = make_access_point(
        name="Lieu non localisé",
        address="99 rue Inexistante",
        latitude=47.3216,
        longitude=5.0415,
        location_precision="municipality",
    )
    page = client_factory(places=[make_access_point(), vague]).get(
        "/embed", params={"address": ADDRESS}
    )
    assert page.status_code == 200
    vague_item = page.text[page.text.index("Lieu non localisé") :]
    assert '<span class="panda-distance">à environ 2 km</span>' in vague_item
    assert (
        '99 rue Inexistante, 21000 Dijon <span class="panda-vague">(adresse non localisée '
        "précisément)</span>" in vague_item
    )
    assert page.text.count("adresse non localisée précisément") == 1
    assert not re.search(r'panda-distance">[^<]*\d m<', vague_item)


def test_embed_may_be_framed_anywhere_but_runs_only_its_own_scripts(
    seeded_client: TestClient,
) -> None:
    page = seeded_client.get("/embed", params={"address": ADDRESS})
    csp = page.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce and f'<style nonce="{nonce.group(1)}">' in page.text
    assert "default-src 'self'" in csp and "script-src 'self';" in csp
    assert csp.endswith("frame-ancestors *")
    assert "x-frame-options" not in page.headers
    assert not re.search(r'(src|href)="(https?:)?//(?!www\.openstreetmap\.org/\?)', page.text)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"address": ADDRESS, "colour": "#000000"}, "Paramètre inconnu : « colour »"),
        (
            {"address": ADDRESS, "equipment": "printer,teleporter"},
            "Équipement inconnu : teleporter",
        ),
        ({"address": ADDRESS, "service": "Pizza"}, "Filtre service refusé : « Pizza »"),
        ({"address": ADDRESS, "limit": "0"}, "doit être un entier de 1 à 20"),
        ({"address": ADDRESS, "limit": "999"}, "doit être un entier de 1 à 20"),
        ({"address": ADDRESS, "limit": "²"}, "doit être un entier de 1 à 20"),
        ({"address": ADDRESS, "color": "red"}, "La couleur color doit s&#39;écrire #RRGGBB"),
        ({"address": ADDRESS, "accent": "#fff"}, "La couleur accent doit s&#39;écrire #RRGGBB"),
        ({"address": ADDRESS, "color": "#000;}body{x"}, "La couleur color"),
        ({"address": ADDRESS, "title": "x" * 81}, "80 caractères au plus"),
        ({}, "Indiquez une adresse"),
        ({"address": "zzzz qqq"}, "Adresse introuvable : « zzzz qqq »"),
    ],
)
def test_embed_explains_bad_parameters_in_french(
    seeded_client: TestClient, params: dict[str, str], message: str
) -> None:
    page = seeded_client.get("/embed", params=params)
    assert page.status_code in (404, 422)
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert message in page.text
    assert 'role="alert"' in page.text and "Traceback" not in page.text
    assert "}body{" not in page.text


def test_embed_says_when_the_address_service_is_down(database_url: str) -> None:
    engine = make_engine(database_url)
    SQLModel.metadata.drop_all(engine)
    engine.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"127.0.0.1:{sock.getsockname()[1]}"
    settings = Settings(
        database_url=database_url, geocoder="ban", ban_domain=closed, ban_scheme="http"
    )
    with TestClient(create_app(settings)) as client:
        page = client.get("/embed", params={"address": ADDRESS})
    assert page.status_code == 503
    assert "service d&#39;adresses est momentanément indisponible" in page.text


def test_partner_colours_keep_text_readable(seeded_client: TestClient) -> None:
    page = seeded_client.get("/embed", params={"address": ADDRESS, "color": "#FFE600"})
    assert "--brand: #ffe600; --on-brand: #000000;" in page.text
    link = re.search(r"--link: (#[0-9a-f]{6})", page.text)
    assert link and contrast(link.group(1), "#ffffff") >= 4.5
    assert readable_on("#1d4e89") == "#ffffff" and readable_on("#f0b429") == "#000000"
    assert ink_on_white(DEFAULT_COLOR) == DEFAULT_COLOR


@pytest.mark.parametrize(
    ("text", "background", "minimum"),
    [
        ("#ffffff", DEFAULT_COLOR, 4.5),  # widget header
        ("#000000", DEFAULT_ACCENT, 4.5),
        (DEFAULT_COLOR, "#ffffff", 4.5),  # links
        ("#1f2933", "#ffffff", 4.5),  # body text
        ("#52606d", "#f5f7fa", 4.5),  # footer
        ("#3e4c59", "#ffffff", 4.5),  # labels, hints
        ("#14532d", "#e3f4e8", 4.5),  # open
        ("#8a1c1c", "#fdecea", 4.5),  # closed
        ("#323f4b", "#eef0f2", 4.5),  # unknown hours
        ("#5c3200", "#fff4e5", 4.5),  # error message
        ("#b45309", "#ffffff", 3.0),  # focus ring
    ],
)
def test_default_colours_meet_wcag_aa(text: str, background: str, minimum: float) -> None:
    assert contrast(text, background) >= minimum


def test_distances_read_as_people_say_them() -> None:
    assert [format_distance(m) for m in (0, 349, 1234)] == [
        "à moins de 50 m",
        "à 350 m",
        "à 1,2 km",
    ]
    assert [format_distance(m, "municipality") for m in (20, 1499, 2260, 12_600)] == [
        "à environ 1 km",
        "à environ 1 km",
        "à environ 2 km",
        "à environ 13 km",
    ]
    assert format_distance(20, "street") == "à moins de 50 m"


def test_widget_script_is_javascript_and_checks_the_sender(seeded_client: TestClient) -> None:
    script = seeded_client.get("/widget.js")
    assert script.status_code == 200
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "event.origin !== origin" in script.text and "/embed?" in script.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/static/counsellor.js", 200),
        ("/static/embed.css", 200),
        ("/static/nothing.js", 404),
        ("/static/..%2Fapp.py", 404),
        ("/static/.env", 404),
    ],
)
def test_static_files_are_served_by_name_only(
    seeded_client: TestClient, path: str, status: int
) -> None:
    assert seeded_client.get(path).status_code == status


def test_leaflet_is_served_from_the_lock_files_install(seeded_client: TestClient) -> None:
    script = seeded_client.get("/static/leaflet/leaflet.js")
    assert script.status_code == 200
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "Leaflet 1.9.4" in script.text[:300]
    style = seeded_client.get("/static/leaflet/leaflet.css")
    assert style.status_code == 200 and ".leaflet-container" in style.text
    for name in ("leaflet.js.map", "..%2F..%2Fpackage.json", "images"):
        missing = seeded_client.get(f"/static/leaflet/{name}")
        assert missing.status_code == 404
        assert missing.json()["error"] == "not_found"


def test_page_loads_images_from_no_other_host_by_default(seeded_client: TestClient) -> None:
    page = seeded_client.get("/")
    assert "img-src 'self' data:;" in page.headers["content-security-policy"]
    assert '"tiles_url": null' in page.text


def test_a_tile_server_opens_images_to_its_host_only(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory(
        seed=True,
        map_tiles_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png",
        map_tiles_attribution="© contributeurs <OpenStreetMap>",
    )
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tiles.example.org;" in csp
    assert "script-src 'self';" in csp and "connect-src 'self';" in csp
    assert '"tiles_url": "https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in page.text
    # In the page's JSON, markup stays text (jinja's tojson escapes < and >).
    assert "\\u003cOpenStreetMap\\u003e" in page.text
