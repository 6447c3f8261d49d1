"""GET /embed (api/web/routes_embed.py): the partner widget's parameters checked one by one, in
French, its colours kept readable, and the nearest places of the seed served as HTML."""

import json
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from starlette.datastructures import QueryParams

from api.web.routes_embed import (
    DEFAULT_ACCENT,
    DEFAULT_COLOR,
    DEFAULT_TITLE,
    MAX_LIMIT,
    PARAMETERS,
    EmbedQuery,
    parse_query,
    theme,
)

ADDRESS = "14 rue Camille Claudel 21000 Dijon"
# The seed's only stated equipment and service (ten places each).
EQUIPMENT, SERVICE = "computer", "Accès internet et matériel informatique"


def parsed(query: str | dict[str, str] | list[tuple[str, str]]) -> EmbedQuery:
    return parse_query(QueryParams(query))


def names(page: str) -> list[str]:
    return re.findall(r'class="panda-name">([^<]*)<', page)


def messages(page: str) -> list[str]:
    return re.findall(r"<li>([^<]*)</li>", page)


def test_an_address_alone_takes_every_default() -> None:
    assert parsed({"address": f"  {ADDRESS} "}) == EmbedQuery(address=ADDRESS)
    assert (EmbedQuery().limit, EmbedQuery().title) == (3, DEFAULT_TITLE)
    assert (EmbedQuery().color, EmbedQuery().accent) == (DEFAULT_COLOR, DEFAULT_ACCENT)


def test_every_parameter_read() -> None:
    query = parsed(
        {
            "address": ADDRESS,
            "equipment": " computer, printer ,,",
            "service": SERVICE,
            "limit": " 7 ",
            "title": "  Lieux   près  de chez vous ",
            "color": "#1D4E89",
            "accent": "#F0B429",
        }
    )
    assert query == EmbedQuery(
        address=ADDRESS,
        equipment=["computer", "printer"],
        filters={"service": [SERVICE]},
        limit=7,
        title="Lieux près de chez vous",
        color="#1d4e89",
        accent="#f0b429",
    )


@pytest.mark.parametrize("address", ["", "   "])
def test_an_address_is_required(address: str) -> None:
    assert parsed({"address": address}).errors == [
        "Indiquez une adresse (paramètre address), par exemple « 2 rue Jean XXIII Dijon »."
    ]
    assert parsed({}).errors == parsed({"address": address}).errors


def test_an_address_is_at_most_200_characters() -> None:
    assert parsed({"address": "a" * 200}).errors == []
    assert parsed({"address": "a" * 201}).errors == [
        "L'adresse est trop longue (200 caractères au plus)."
    ]


@pytest.mark.parametrize(("raw", "limit"), [("1", 1), ("20", 20), ("005", 5), (" 4 ", 4)])
def test_a_limit_from_1_to_20(raw: str, limit: int) -> None:
    query = parsed({"address": ADDRESS, "limit": raw})
    assert (query.limit, query.errors) == (limit, [])


@pytest.mark.parametrize("raw", ["0", "21", "-1", "1.5", "0005", "", "trois", "٣", "²"])
def test_a_limit_out_of_range_is_refused(raw: str) -> None:
    query = parsed({"address": ADDRESS, "limit": raw})
    assert query.errors == [f"Le nombre de lieux (limit) doit être un entier de 1 à {MAX_LIMIT}."]
    assert query.limit == 3


def test_unknown_equipment_is_named_with_the_values_allowed() -> None:
    [error] = parsed({"address": ADDRESS, "equipment": "computer,teleporter"}).errors
    assert error.startswith("Équipement inconnu : teleporter. Valeurs possibles : ")
    assert "computer (ordinateur)" in error and "printer (imprimante)" in error


def test_an_unknown_service_is_named_with_the_services() -> None:
    [error] = parsed({"address": ADDRESS, "service": "Pizza"}).errors
    assert error.startswith("Filtre service refusé : « Pizza » n'est pas une valeur connue")
    assert SERVICE in error


def test_an_empty_service_is_no_service() -> None:
    query = parsed({"address": ADDRESS, "service": ""})
    assert (query.filters, query.errors) == ({}, [])


def test_every_filter_preset_is_read_as_the_api_reads_it() -> None:
    query = parsed(
        {
            "address": ADDRESS,
            "service": f"{SERVICE}, Loisirs et créations numériques",
            "service_match": "all",
            "national_programme": "France Services",
            "support_mode": "Accompagnement individuel",
            "source": "mednum-bfc",
            "open_weekend": "true",
            "appointment_online": "1",
        }
    )
    assert (query.errors, query.filters) == (
        [],
        {
            "service": [SERVICE, "Loisirs et créations numériques"],
            "service_match": "all",
            "national_programme": ["France Services"],
            "support_mode": ["Accompagnement individuel"],
            "source": ["mednum-bfc"],
            "open_weekend": True,
            "appointment_online": True,
        },
    )


@pytest.mark.parametrize(
    ("preset", "named"),
    [({"open_weekend": "peut-être"}, "open_weekend"), ({"fees_match": "some"}, "fees_match")],
)
def test_a_refused_preset_is_named(preset: dict[str, str], named: str) -> None:
    [error] = parsed({"address": ADDRESS} | preset).errors
    assert error.startswith(f"Filtre {named} refusé : ")


def test_the_weekend_preset_keeps_only_places_open_at_weekends(seeded_client: TestClient) -> None:
    answer = seeded_client.get(
        "/embed", params={"address": ADDRESS, "open_weekend": "true", "limit": "20"}
    )
    listed = seeded_client.get(
        "/v1/access-points", params={"open_weekend": "true", "size": "100"}
    ).json()
    assert answer.status_code == 200 and listed["total"] > 0
    assert answer.text.count('class="panda-item"') == listed["total"]
    assert all(item["name"] in answer.text for item in listed["items"])


def test_a_long_title_is_refused_and_the_default_kept() -> None:
    assert parsed({"address": ADDRESS, "title": "x" * 80}).title == "x" * 80
    query = parsed({"address": ADDRESS, "title": "x" * 81})
    assert query.title == DEFAULT_TITLE
    assert query.errors == ["Le titre (title) doit faire 80 caractères au plus."]
    assert parsed({"address": ADDRESS, "title": "   "}).title == DEFAULT_TITLE


@pytest.mark.parametrize("colour", ["red", "#fff", "#1d4e8", "#1d4e899", "#1d4e8g", "1d4e89"])
def test_colours_are_six_hex_digits(colour: str) -> None:
    query = parsed({"address": ADDRESS, "color": colour, "accent": colour})
    assert (query.color, query.accent) == (DEFAULT_COLOR, DEFAULT_ACCENT)
    assert query.errors == [
        f"La couleur color doit s'écrire #RRGGBB, par exemple {DEFAULT_COLOR}.",
        f"La couleur accent doit s'écrire #RRGGBB, par exemple {DEFAULT_ACCENT}.",
    ]


def test_unknown_parameters_are_named_a_few_then_counted() -> None:
    [one] = parsed({"address": ADDRESS, "colour": "#000000"}).errors
    assert one == f"Paramètre inconnu : « colour ». Acceptés : {', '.join(PARAMETERS)}."
    many = [("address", ADDRESS)] + [(f"x{i}", "1") for i in range(8)]
    [several] = parsed(many).errors
    assert several.startswith(
        "Paramètres inconnus : « x0 », « x1 », « x2 », « x3 », « x4 » et 3 autres. Acceptés : "
    )


def test_a_repeated_parameter_is_refused() -> None:
    query = parsed([("address", ADDRESS), ("limit", "2"), ("limit", "5"), ("zz", "1"), ("zz", "2")])
    assert "Le paramètre « limit » est donné plusieurs fois." in query.errors
    assert not any("« zz » est donné" in e for e in query.errors)  # named as unknown, once


def test_every_problem_is_told_at_once() -> None:
    query = parsed({"limit": "0", "color": "red", "service": "Pizza"})
    assert len(query.errors) == 4


def test_the_theme_keeps_text_readable_on_the_partner_colours() -> None:
    assert theme(EmbedQuery()) == {
        "brand": DEFAULT_COLOR,
        "on_brand": "#ffffff",
        "accent": DEFAULT_ACCENT,
        "link": DEFAULT_COLOR,
    }
    pale = theme(parsed({"address": ADDRESS, "color": "#F0F0F0", "accent": "#000000"}))
    assert (pale["brand"], pale["on_brand"], pale["accent"]) == ("#f0f0f0", "#000000", "#000000")
    assert pale["link"] != "#f0f0f0"  # too pale for a link on white: darkened


def test_the_nearest_places_of_the_seed_nearest_first(seeded_client: TestClient) -> None:
    page = seeded_client.get("/embed", params={"address": ADDRESS, "limit": "5"})
    assert page.status_code == 200
    listed = names(page.text)
    assert len(listed) == 5 and listed[0] == "PANDA Grésilles"
    assert "Près de : 14 Rue Camille Claudel 21000 Dijon</p>" in page.text
    assert "hors de Dijon Métropole" not in page.text
    assert "Données : MedNum BFC (multi-coop/data-bfc-ternum)." in page.text
    distances = re.findall(r'class="panda-distance">([^<]*)<', page.text)
    assert len(distances) == 5


def test_the_limit_defaults_to_three(seeded_client: TestClient) -> None:
    assert len(names(seeded_client.get("/embed", params={"address": ADDRESS}).text)) == 3


def test_an_equipment_filter_keeps_the_places_stating_it(seeded_client: TestClient) -> None:
    page = seeded_client.get(
        "/embed", params={"address": ADDRESS, "equipment": EQUIPMENT, "limit": "20"}
    )
    assert len(names(page.text)) == 10
    shown = re.findall(r"<dt>Équipement</dt>\s*<dd>([^<]*)</dd>", page.text)
    assert len(shown) == 10 and all(e.startswith("Ordinateur") for e in shown)


def test_a_service_filter_keeps_the_places_offering_it(seeded_client: TestClient) -> None:
    page = seeded_client.get(
        "/embed", params={"address": ADDRESS, "service": SERVICE, "limit": "20"}
    )
    assert page.status_code == 200
    assert len(names(page.text)) == 10


def test_a_filter_matching_nothing_is_an_empty_list_not_an_error(
    seeded_client: TestClient,
) -> None:
    page = seeded_client.get("/embed", params={"address": ADDRESS, "equipment": "printer"})
    assert page.status_code == 200
    assert names(page.text) == []
    assert "Aucun lieu ne correspond à ces critères près de cette adresse." in page.text


def test_bad_parameters_are_422_and_no_search(seeded_client: TestClient) -> None:
    page = seeded_client.get("/embed", params={"address": ADDRESS, "limit": "0"})
    assert page.status_code == 422
    assert messages(page.text) == ["Le nombre de lieux (limit) doit être un entier de 1 à 20."]
    assert names(page.text) == [] and "Près de" not in page.text


def test_an_address_not_found_is_404_with_communes_to_add(seeded_client: TestClient) -> None:
    page = seeded_client.get("/embed", params={"address": "zzzz qqq"})
    assert page.status_code == 404
    assert messages(page.text) == [
        "Adresse introuvable : « zzzz qqq ». Ajoutez la commune ou le code postal."
    ]


def test_a_street_not_found_in_a_commune_centres_on_the_commune(
    seeded_client: TestClient,
) -> None:
    page = seeded_client.get("/embed", params={"address": "xyzzy quetigni"})
    assert page.status_code == 200
    assert "Près de : Quetigny</p>" in page.text
    assert "Maison Familiale Rurale de Quétigny" in names(page.text)


def test_an_address_the_geocoder_cannot_read_is_refused(seeded_client: TestClient) -> None:
    page = seeded_client.get("/embed", params={"address": "!!!"})
    assert page.status_code == 422
    assert messages(page.text) == ["Cette adresse ne peut pas être lue. Vérifiez-la."]


def test_the_widget_may_be_framed_by_any_site(seeded_client: TestClient) -> None:
    page = seeded_client.get("/embed", params={"address": ADDRESS})
    assert page.headers["content-security-policy"].endswith("frame-ancestors *")
    assert "x-frame-options" not in page.headers
    again = seeded_client.get("/embed", params={"address": ADDRESS})
    nonce = re.search(r"'nonce-([^']+)'", page.headers["content-security-policy"])
    assert nonce and nonce.group(1) not in again.headers["content-security-policy"]


@pytest.mark.parametrize(("raw", "shown"), [("", True), ("1", True), ("oui", True), ("0", False)])
def test_the_map_is_asked_for_with_map(raw: str, shown: bool) -> None:
    assert parsed({"address": ADDRESS, "map": raw}).map is shown
    assert parsed({"address": ADDRESS}).map is False


def test_a_map_value_not_understood_is_said_in_french() -> None:
    assert parsed({"address": ADDRESS, "map": "peut-être"}).errors == [
        "La carte (map) se demande par map=1 (ou sans valeur) ; map=0 l'ôte."
    ]


def test_the_map_loads_leaflet_only_when_asked(seeded_client: TestClient) -> None:
    without = seeded_client.get("/embed", params={"address": ADDRESS})
    assert "leaflet" not in without.text and "panda-map-data" not in without.text
    shown = seeded_client.get("/embed", params={"address": ADDRESS, "map": "1", "limit": "4"})
    assert shown.status_code == 200
    assert '<script src="/static/leaflet/leaflet.js" defer></script>' in shown.text
    data = re.search(
        r'<script type="application/json" id="panda-map-data">(.*?)</script>', shown.text
    )
    assert data is not None
    found = json.loads(data.group(1))
    assert [i["name"] for i in found["items"]] == names(shown.text)
    assert found["location"]["label"] == "14 Rue Camille Claudel 21000 Dijon"
    assert found["config"]["tiles_url"] is None
    assert "img-src 'self' data:;" in shown.headers["content-security-policy"]


def test_a_tile_host_is_let_into_the_widget_only_with_its_map(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory(seed=True, map_tiles_url="https://tiles.example.org/{z}/{x}/{y}.png")
    shown = client.get("/embed", params={"address": ADDRESS, "map": "1"})
    assert (
        "img-src 'self' data: https://tiles.example.org;"
        in shown.headers["content-security-policy"]
    )
    without = client.get("/embed", params={"address": ADDRESS})
    assert "img-src 'self' data:;" in without.headers["content-security-policy"]
