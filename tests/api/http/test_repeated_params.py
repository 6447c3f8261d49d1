"""A repeated query parameter is refused unless its route combines it (repeated_params)."""

import pytest
from fastapi.testclient import TestClient

from api.http.repeated_params import operations, repeated_names

SERVICE_A = "Aide aux démarches administratives"
SERVICE_B = "Loisirs et créations numériques"


def test_repeated_names_are_read_decoded_and_listed_once() -> None:
    query = b"a=1&b=2&a=3&%61=4&c&c=&b+x=1&b%20x=2&&"
    assert repeated_names(query) == ["a", "c", "b x"]


def test_no_repeat_no_name() -> None:
    assert repeated_names(b"a=1&b=1&ab=1") == []


def test_operations_put_literal_paths_before_templated_ones() -> None:
    document = {
        "paths": {
            "/v1/x/{id}": {"get": {"parameters": []}},
            "/v1/x/search": {
                "get": {
                    "parameters": [
                        {"name": "s", "in": "query", "schema": {"type": "array"}},
                        {"name": "t", "in": "query", "schema": {"type": "string"}},
                        {"name": "u", "in": "query", "schema": {"anyOf": [{"type": "array"}]}},
                    ]
                }
            },
        }
    }
    (first, combined), (second, _) = operations(document)
    assert first.match("/v1/x/search") and combined == {"GET": frozenset({"s", "u"})}
    assert second.match("/v1/x/12") and not second.match("/v1/x/12/y")


@pytest.mark.parametrize(
    ("path", "query", "named"),
    [
        ("/v1/access-points", "network=a&network=b", ["network"]),
        ("/v1/access-points", "page=1&size=5&pag%65=2", ["page"]),
        ("/v1/access-points/nearest", "lat=47.3&lon=5&lat=47.4&limit=2&limit=3", ["lat", "limit"]),
        ("/v1/access-points/search", "address=Dijon&address=Talant", ["address"]),
        ("/v1/geocode", "q=a&q=b", ["q"]),
        ("/v1/access-points/1", "x=1&x=2", ["x"]),
        (
            "/v1/access-points",
            f"service={SERVICE_A}&service_match=all&service_match=any",
            ["service_match"],
        ),
    ],
)
def test_a_repeat_the_route_does_not_combine_is_a_422_naming_it(
    seeded_client: TestClient, path: str, query: str, named: list[str]
) -> None:
    answer = seeded_client.get(f"{path}?{query}", headers={"Accept-Language": "fr"})
    assert answer.status_code == 422
    body = answer.json()
    assert (body["error"], body["parameters"]) == ("repeated_parameter", named)
    assert all(f"« {name} »" in body["detail"] for name in named)


def test_head_is_refused_as_get_is(seeded_client: TestClient) -> None:
    assert seeded_client.head("/v1/access-points?page=1&page=2").status_code == 422


@pytest.mark.parametrize(
    "path", ["/v1/access-points", "/v1/access-points/nearest?lat=47.32&lon=5.04"]
)
def test_a_combined_parameter_may_repeat(seeded_client: TestClient, path: str) -> None:
    sep = "&" if "?" in path else "?"
    answer = seeded_client.get(f"{path}{sep}service={SERVICE_A}&service={SERVICE_B}")
    assert answer.status_code == 200
    assert answer.json()["query"]["service"] == [SERVICE_A, SERVICE_B]


def test_the_widget_page_keeps_its_own_html_refusal(seeded_client: TestClient) -> None:
    answer = seeded_client.get("/embed?address=Dijon&address=Talant")
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert "« address » est donné plusieurs fois" in answer.text


def test_an_unknown_path_is_still_a_404(seeded_client: TestClient) -> None:
    assert seeded_client.get("/v1/nothing?a=1&a=2").status_code == 404


def test_the_english_detail_names_the_parameter(seeded_client: TestClient) -> None:
    answer = seeded_client.get("/v1/access-points?q=a&q=b", headers={"Accept-Language": "en"})
    assert answer.json()["detail"] == "parameter given more than once: « q »; give each once"
