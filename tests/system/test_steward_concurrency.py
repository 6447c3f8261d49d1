"""Steward saves under concurrency, through `panda serve` (SQLite file, or PostgreSQL when
PANDA_TEST_DATABASE_URL is set): each save either lands on the version it read or gets the
stale-form answer, and the history chains every landed save to the one before it."""

import itertools
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from sqlmodel import Session, select

from api.database import make_engine
from api.stewards import links as stewards
from models.access_point import AccessPoint
from tests.live_server import UNTHROTTLED, panda_server, server_database

STEWARDS = 12
ROUNDS = 3
TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Live:
    """The running server, the place under test and its steward's API path."""

    base: str
    place_id: int
    api: str


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    workdir = tmp_path_factory.mktemp("steward-concurrency")
    with server_database(workdir) as url, panda_server(workdir, url, **UNTHROTTLED) as base:
        engine = make_engine(url)
        with Session(engine) as session:
            place = session.exec(select(AccessPoint).order_by(AccessPoint.id)).first()  # type: ignore[arg-type]
            assert place is not None and place.id is not None
            _link, token = stewards.issue(session, place.id, "Camille Martin")
            place_id = place.id
        engine.dispose()
        yield Live(base, place_id, f"{base}/v1/steward/{token}/places/{place_id}")


def test_concurrent_saves_lose_no_update(live: Live) -> None:
    landed: list[httpx.Response] = []
    for round_ in range(ROUNDS):
        barrier = threading.Barrier(STEWARDS)

        def one(
            n: int, round_: int = round_, barrier: threading.Barrier = barrier
        ) -> httpx.Response:
            etag = httpx.get(live.api, timeout=TIMEOUT_S).headers["etag"]
            barrier.wait()
            body = {"description": f"Tour {round_}, personne {n}"}
            return httpx.put(live.api, json=body, headers={"If-Match": etag}, timeout=TIMEOUT_S)

        with ThreadPoolExecutor(STEWARDS) as pool:
            answers = list(pool.map(one, range(STEWARDS)))
        for answer in answers:
            assert answer.status_code in (200, 412), answer.text
            if answer.status_code == 412:
                assert answer.json()["error"] == "place_changed"
                assert answer.json()["current"]["etag"] == answer.headers["etag"]
        ok = [a for a in answers if a.status_code == 200]
        # All read the same version: exactly one lands.
        assert len(ok) == 1, [a.status_code for a in answers]
        landed.extend(ok)
    history = httpx.get(f"{live.base}/v1/access-points/{live.place_id}/history").json()
    mine = [e for e in history if e["actor"] == "intendant du lieu"]
    assert len(mine) == len(landed) == ROUNDS
    for entry, answer in zip(mine, landed, strict=True):
        assert entry["changes"]["description"]["after"] == answer.json()["place"]["description"]
    # Each landed save replaced the one before it: none was lost.
    for before, after in itertools.pairwise(mine):
        assert (
            after["changes"]["description"]["before"] == before["changes"]["description"]["after"]
        )
    final = httpx.get(f"{live.base}/v1/access-points/{live.place_id}").json()
    assert final["description"] == landed[-1].json()["place"]["description"]


def test_concurrent_confirmations_all_land_on_the_same_version(live: Live) -> None:
    etag = httpx.get(live.api, timeout=TIMEOUT_S).headers["etag"]
    barrier = threading.Barrier(STEWARDS)

    def one(_n: int) -> httpx.Response:
        barrier.wait()
        return httpx.post(f"{live.api}/confirm", headers={"If-Match": etag}, timeout=TIMEOUT_S)

    with ThreadPoolExecutor(STEWARDS) as pool:
        answers = list(pool.map(one, range(STEWARDS)))
    # A confirmation changes no fact, so the version read stays current for every one.
    assert [a.status_code for a in answers] == [200] * STEWARDS
    assert {a.headers["etag"] for a in answers} == {etag}
