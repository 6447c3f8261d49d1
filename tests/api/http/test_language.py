"""The language of `detail`: French by default, English when the request prefers it."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from api.http.language import parse_accept_language, preferred_language
from tests.api.import_export.test_routes_imports import standard_csv
from tests.conftest import bearer, make_access_point, make_key

NEAREST = "/v1/access-points/nearest"
FRENCH_LAT = "lat : « 91 » doit être au plus 90 (exemple : 47.3216)"
ENGLISH_LAT = "lat: Input should be less than or equal to 90"


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(places=[make_access_point(source="city", source_id="existing")])


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "fr"),
        ("", "fr"),
        ("*", "fr"),
        ("de-DE,de;q=0.9", "fr"),
        ("en", "en"),
        ("EN-us", "en"),
        ("en-GB,en;q=0.9,fr;q=0.5", "en"),
        ("fr-FR,en;q=0.8", "fr"),
        ("fr;q=0.1,en;q=0.2", "en"),
        ("de,en;q=0.5", "en"),
        ("en;q=0", "fr"),
        ("fr;q=0, en", "en"),
        ("*;q=0.9,en;q=0.5", "fr"),
        # Malformed: skipped, so French.
        ("en;q=abc", "fr"),
        ("en;q=2", "fr"),
        ("en_GB", "fr"),
        (";;;,,,", "fr"),
        ("ça", "fr"),
        ("en;q=abc, fr;q=0.3", "fr"),
        ("fr;q=oops, en;q=0.2", "en"),
    ],
)
def test_preferred_language(header: str | None, language: str) -> None:
    assert preferred_language(header) == language


def test_parse_keeps_order_among_equal_weights_and_sorts_by_weight() -> None:
    assert parse_accept_language("de;q=0.5, en-GB, fr;q=0.500, en") == [
        ("en-gb", 1.0),
        ("en", 1.0),
        ("de", 0.5),
        ("fr", 0.5),
    ]


def test_an_endless_header_costs_no_more_than_its_first_kilobyte() -> None:
    assert preferred_language("de," * 100_000 + "en") == "fr"


@pytest.mark.parametrize(
    ("headers", "language", "detail"),
    [
        ({}, "fr", FRENCH_LAT),
        ({"Accept-Language": "*"}, "fr", FRENCH_LAT),
        ({"Accept-Language": "es"}, "fr", FRENCH_LAT),
        ({"Accept-Language": "en;q=nope"}, "fr", FRENCH_LAT),
        ({"Accept-Language": "fr-FR,en;q=0.8"}, "fr", FRENCH_LAT),
        ({"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"}, "en", ENGLISH_LAT),
    ],
)
def test_validation_detail_follows_accept_language(
    client: TestClient, headers: dict[str, str], language: str, detail: str
) -> None:
    response = client.get(NEAREST, params={"lat": 91, "lon": 5}, headers=headers)
    assert response.status_code == 422
    assert response.json() == {"error": "invalid_request", "detail": detail}
    assert response.headers["content-language"] == language
    assert "Accept-Language" in response.headers["vary"]


def test_body_validation_names_field_value_and_example_in_both_languages(
    client: TestClient,
) -> None:
    headers = bearer(make_key(client, "write"))
    place = make_access_point(source="city", source_id="new").model_dump(mode="json")
    body = place | {"postcode": "2100"}
    french = client.post("/v1/access-points", json=body, headers=headers)
    assert french.json() == {
        "error": "invalid_request",
        "detail": "postcode : « 2100 » n'est pas un code postal à 5 chiffres (exemple : 21000)",
    }
    english = client.post(
        "/v1/access-points", json=body, headers=headers | {"Accept-Language": "en"}
    )
    assert english.json() == {
        "error": "invalid_request",
        "detail": "postcode: '2100' is not a 5-digit postcode",
    }


@pytest.mark.parametrize(
    ("method", "path", "french", "english"),
    [
        (
            "GET",
            "/v1/access-points/999",
            "aucun lieu n'a l'identifiant 999",
            "no access point with id 999",
        ),
        (
            "DELETE",
            "/v1/communes",
            "la méthode DELETE n'est pas acceptée sur /v1/communes ;"
            " méthodes acceptées : GET, HEAD",
            "Method Not Allowed",
        ),
        (
            "GET",
            "/v1/access-points?commune=Paris%00",
            "commune : caractère de contrôle U+0000 interdit",
            "commune: control character U+0000 not allowed",
        ),
        (
            "POST",
            "/v1/access-points",
            "cette opération demande une clé d'API : Authorization: Bearer <clé>",
            "this operation needs an API key: Authorization: Bearer <key>",
        ),
    ],
)
def test_each_kind_of_error_speaks_both_languages(
    client: TestClient, method: str, path: str, french: str, english: str
) -> None:
    default = client.request(method, path)
    asked = client.request(method, path, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert default.json()["error"] == asked.json()["error"]
    assert (default.json()["detail"], default.headers["content-language"]) == (french, "fr")
    assert (asked.json()["detail"], asked.headers["content-language"]) == (english, "en")


def test_a_body_over_the_limit_is_refused_in_both_languages(
    client_factory: Callable[..., TestClient],
) -> None:
    small = client_factory(rate_limit_enabled=False, write_max_bytes=1_000)
    headers = bearer(make_key(small, "write"))
    place = make_access_point(description="x" * 1_000).model_dump(mode="json")
    french = small.post("/v1/access-points", json=place, headers=headers)
    english = small.post(
        "/v1/access-points", json=place, headers=headers | {"Accept-Language": "en"}
    )
    assert (french.status_code, french.headers["content-language"]) == (413, "fr")
    assert (
        "la limite ici est de 1000 octets : envoyez un corps plus petit" in french.json()["detail"]
    )
    assert "the limit here is 1000 bytes" in english.json()["detail"]
    assert english.headers["content-language"] == "en"


def test_successful_answers_do_not_vary_by_language(client: TestClient) -> None:
    french = client.get("/v1/access-points")
    english = client.get("/v1/access-points", headers={"Accept-Language": "en"})
    assert french.status_code == english.status_code == 200
    assert french.headers["etag"] == english.headers["etag"]
    assert french.content == english.content
    for answer in (french, english):
        assert "content-language" not in answer.headers
        assert "Accept-Language" not in answer.headers.get("vary", "")
    cached = client.get("/v1/access-points", headers={"If-None-Match": french.headers["etag"]})
    assert cached.status_code == 304


def test_import_report_is_french_with_line_column_value_and_example(
    client: TestClient,
) -> None:
    lines = standard_csv(2).decode().splitlines()
    lines[2] = lines[2].replace(",21000,", ",2100,", 1)
    headers = bearer(make_key(client, "import")) | {"Accept-Language": "en"}
    body = client.post("/v1/imports", content="\n".join(lines).encode(), headers=headers).json()
    assert body["written"] is False
    assert body["errors"] == [
        {
            "line": 3,
            "field": "code_postal",
            "value": "2100",
            "reason": "« 2100 » n'est pas un code postal à 5 chiffres (exemple : 21000)",
        }
    ]
