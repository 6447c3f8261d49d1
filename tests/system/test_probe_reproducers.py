"""The outside probe's reproducers (issue 17), replayed against `panda serve`: each answers a
4xx or the documented answer, and afterwards the server's log holds no submitted value, no
token, no phone number and no query string."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from api.auth.keys import create_key
from api.database import make_engine
from api.stewards.links import issue, page_url
from models.api_key import Scope
from tests.live_server import panda_server, server_database

PHONE = "06 12 34 56 78"
FIRST_NAME = "Nadia"
SURROGATE_NAME = '{"name":"a\\ud800b"}'  # JSON text: the escape of a lone surrogate


@dataclass
class Probe:
    """A running server, an all-scope key, a steward's token and the server's log."""

    base: str
    key: str
    steward_path: str
    log_dir: Path

    def log(self) -> str:
        return "".join(path.read_text() for path in self.log_dir.glob("server-*.log"))


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Probe]:
    workdir = tmp_path_factory.mktemp("probe")
    with server_database(workdir) as url, panda_server(workdir, url) as base:
        engine = make_engine(url)
        with Session(engine) as session:
            _key, secret = create_key(session, "probe", list(Scope))
            _link, token = issue(session, 5, "Camille Martin")
        engine.dispose()
        yield Probe(base, secret, page_url(token), workdir)


def call(probe: Probe, method: str, path: str, **kwargs: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {probe.key}", **kwargs.pop("headers", {})}  # type: ignore[dict-item]
    return httpx.request(method, probe.base + path, headers=headers, timeout=30, **kwargs)  # type: ignore[arg-type]


def test_a_lone_surrogate_in_a_body_is_a_422_on_a_connection_that_stays_open(probe: Probe) -> None:
    with httpx.Client(base_url=probe.base, timeout=30) as client:
        headers = {
            "Authorization": f"Bearer {probe.key}",
            "If-Match": "*",
            "Content-Type": "application/json",
        }
        for _ in range(2):
            answer = client.patch("/v1/access-points/5", headers=headers, content=SURROGATE_NAME)
            assert answer.status_code == 422
            assert answer.json()["error"] in ("invalid_request", "invalid_body")
        assert client.get("/v1/access-points/5").status_code == 200


def test_a_booking_with_a_surrogate_is_refused_and_its_person_never_logged(probe: Probe) -> None:
    answer = call(
        probe,
        "POST",
        "/v1/sessions/1/registrations",
        headers={"Content-Type": "application/json"},
        content=(
            '{"first_name":"'
            + FIRST_NAME
            + '\\ud800","last_initial":"B","phone":"'
            + PHONE
            + '","counsellor_name":"Claire Martin",'
            '"counsellor_agency":"France Travail","consent":true}'
        ),
    )
    assert answer.status_code == 422


def test_a_nul_in_a_name_is_a_422(probe: Probe) -> None:
    answer = call(
        probe, "PATCH", "/v1/access-points/5", headers={"If-Match": "*"},
        json={"name": "Lieu\u0000NUL"},
    )  # fmt: skip
    assert answer.status_code == 422
    assert "U+0000" in answer.json()["detail"]


def test_a_header_of_a_hundred_thousand_columns_is_refused_at_once(probe: Probe) -> None:
    header = "nom;adresse;" + ";".join(f"x{i}" for i in range(100_000))
    answer = call(
        probe, "POST", "/v1/imports?format=lieux-mediation",
        headers={"Content-Type": "text/csv"}, content=header.encode() + b"\n",
    )  # fmt: skip
    assert answer.status_code == 422
    assert "colonnes" in answer.json()["detail"]


def test_a_405_lists_every_method_of_the_path(probe: Probe) -> None:
    answer = httpx.options(probe.base + "/v1/access-points/1", timeout=30)
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD, PUT, PATCH, DELETE"


def test_a_session_query_error_names_the_field_and_echoes_no_query(probe: Probe) -> None:
    answer = httpx.get(probe.base + "/v1/sessions?lat=47.3", timeout=30)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert "lon" in detail and "{" not in detail and "47.3" not in detail


def test_ten_thousand_unknown_parameters_get_a_small_page(probe: Probe) -> None:
    query = "&".join(f"u{i}" for i in range(10_000))  # 58 KB: under httpx's URL limit
    answer = httpx.get(f"{probe.base}/embed?{query}", timeout=30)
    assert answer.status_code == 422
    assert len(answer.content) < len(query) // 10


def test_a_star_inside_an_if_match_list_is_a_400(probe: Probe) -> None:
    answer = call(
        probe, "PATCH", "/v1/access-points/5", headers={"If-Match": '"abc", *'},
        json={"name": "PANDA Grésilles"},
    )  # fmt: skip
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_if_match"


def test_a_steward_write_with_a_surrogate_is_a_422(probe: Probe) -> None:
    answer = httpx.put(
        probe.base + probe.steward_path.replace("/intendance/", "/v1/steward/") + "/places/5",
        headers={"If-Match": "*", "Content-Type": "application/json"},
        content='{"description":"a\\ud800"}',
        timeout=30,
    )
    assert answer.status_code == 422
    assert "U+D800" in answer.json()["detail"]


def test_afterwards_the_log_holds_no_value_no_token_no_phone_no_query(probe: Probe) -> None:
    log = probe.log()
    assert log, "the server wrote no log"
    token = probe.steward_path.rsplit("/", 1)[-1]
    for secret in (probe.key, token, PHONE, "0612345678", FIRST_NAME, "Lieu", "lat=47.3"):
        assert secret not in log, secret
    assert "Traceback" not in log
