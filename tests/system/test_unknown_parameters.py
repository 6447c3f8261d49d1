"""An error answer never echoes much more than the request: ten thousand unknown parameter
names are named five at a time and counted, on the widget page and on JSON routes."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.conftest import bearer, make_access_point, make_key

# The probe's query: 10,000 parameter names without values (58 KB).
NAMES = [f"z{n}" for n in range(10_000)]
QUERY = "&".join(NAMES)


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(places=[make_access_point()])


def test_embed_names_five_unknown_parameters_and_counts_the_others(client: TestClient) -> None:
    response = client.get(f"/embed?address=Dijon&{QUERY}")
    assert response.status_code == 422
    assert len(response.content) < 20_000  # 1.19 MB before, 24 times the request
    assert (
        "Paramètres inconnus : « z0 », « z1 », « z2 », « z3 », « z4 » et 9995 autres. Acceptés :"
    ) in response.text
    assert "z5" not in response.text


def test_embed_one_unknown_parameter_is_named_alone(client: TestClient) -> None:
    response = client.get("/embed?address=Dijon&colour=red")
    assert "Paramètre inconnu : « colour ». Acceptés :" in response.text


def test_embed_cuts_a_long_unknown_name(client: TestClient) -> None:
    response = client.get(f"/embed?address=Dijon&{'x' * 5000}=1")
    assert f"Paramètre inconnu : « {'x' * 60}… »" in response.text
    assert "x" * 61 not in response.text


def test_embed_names_five_unknown_equipments(client: TestClient) -> None:
    equipment = ",".join(f"e{n}" for n in range(1000))
    response = client.get(f"/embed?address=Dijon&equipment={equipment}")
    assert "Équipement inconnu : e0, e1, e2, e3, e4 et 995 autres." in response.text


@pytest.mark.parametrize("path", ["/v1/access-points?", "/v1/access-points/nearest?lat=47&lon=5&"])
def test_json_route_describes_ten_errors_and_counts_the_others(
    client: TestClient, path: str
) -> None:
    response = client.get(f"{path}{QUERY}")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert len(response.content) < 2_000  # 619 KB before, 10 times the request
    first = " ; ".join(
        f"z{n} : paramètre inconnu : retirez-le ou corrigez son nom" for n in range(10)
    )
    assert detail == f"{first} ; et 9990 autres erreurs"


def test_json_body_with_many_unknown_keys_is_answered_briefly(client: TestClient) -> None:
    # 2,000 keys: the body limit of writes refuses 10,000 (413) before anything reads them.
    body = make_access_point().model_dump(mode="json") | {name: 1 for name in NAMES[:2000]}
    headers = bearer(make_key(client, "write"))
    response = client.post("/v1/access-points", json=body, headers=headers)
    assert response.status_code == 422
    assert len(response.content) < 2_000
    assert response.json()["detail"].endswith(" ; et 1990 autres erreurs")
