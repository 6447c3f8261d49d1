"""Duplicate decisions under concurrency, through `panda serve` (SQLite file, or PostgreSQL
when PANDA_TEST_DATABASE_URL is set): many clients deciding the same pairs at once (confirm
and split raced) leave one standing decision per pair and one audit entry per request."""

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from api.auth.keys import create_key
from api.database import make_engine
from api.stewards.links import issue
from models.access_point import AccessPoint
from models.api_key import Scope
from models.duplicate import DuplicateDecision, DuplicateDecisionAudit
from tests.live_server import UNTHROTTLED, panda_server, server_database

CLIENTS = 12
TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Live:
    base: str
    url: str
    ids: list[int]
    admin: dict[str, str]
    steward_token: str


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    workdir = tmp_path_factory.mktemp("duplicate-concurrency")
    with server_database(workdir) as url, panda_server(workdir, url, **UNTHROTTLED) as base:
        engine = make_engine(url)
        with Session(engine) as session:
            places = session.exec(select(AccessPoint).order_by(AccessPoint.id)).all()  # type: ignore[arg-type]
            ids = [p.id for p in places if p.id is not None][:4]
            _key, secret = create_key(session, "Ville de Dijon", [Scope.ADMIN])
            _link, token = issue(session, ids[0], "Camille Martin", 30)
        engine.dispose()
        yield Live(base, url, ids, {"Authorization": f"Bearer {secret}"}, token)


def rows(url: str, model: type) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return int(session.exec(select(func.count()).select_from(model)).one())
    finally:
        engine.dispose()


def test_concurrent_decisions_on_one_pair_leave_one_decision_and_every_audit(live: Live) -> None:
    barrier = threading.Barrier(CLIENTS)
    a, b, c = live.ids[:3]

    def decide(n: int) -> int:
        # Half confirm, half split; half name the pair (a, b), half (b, a); two pairs in all.
        pair = (a, b) if n % 4 < 2 else (c, a)
        first, second = pair if n % 2 else pair[::-1]
        body = {"a": first, "b": second, "decision": "confirm" if n % 3 else "split"}
        barrier.wait()
        answer = httpx.post(
            f"{live.base}/v1/duplicates/decisions",
            json=body,
            headers=live.admin,
            timeout=TIMEOUT_S,
        )
        assert answer.status_code == 200, answer.text
        return answer.status_code

    with ThreadPoolExecutor(CLIENTS) as pool:
        assert list(pool.map(decide, range(CLIENTS))) == [200] * CLIENTS
    assert rows(live.url, DuplicateDecision) == 2
    assert rows(live.url, DuplicateDecisionAudit) == CLIENTS

    # The steward says « ce n'est pas le même lieu » at the same time as the city confirms.
    racers = threading.Barrier(2)
    steward_path = f"/v1/steward/{live.steward_token}/places/{a}/duplicates/split"

    def steward() -> int:
        racers.wait()
        return httpx.post(
            f"{live.base}{steward_path}", json={"other": live.ids[3]}, timeout=TIMEOUT_S
        ).status_code

    def city() -> int:
        racers.wait()
        return httpx.post(
            f"{live.base}/v1/duplicates/decisions",
            json={"a": a, "b": live.ids[3], "decision": "confirm"},
            headers=live.admin,
            timeout=TIMEOUT_S,
        ).status_code

    with ThreadPoolExecutor(2) as pool:
        results = [pool.submit(steward), pool.submit(city)]
        assert [r.result() for r in results] == [200, 200]
    assert rows(live.url, DuplicateDecision) == 3
    assert rows(live.url, DuplicateDecisionAudit) == CLIENTS + 2


def test_bad_decisions_change_nothing(live: Live) -> None:
    before = (rows(live.url, DuplicateDecision), rows(live.url, DuplicateDecisionAudit))
    a = live.ids[0]
    same = httpx.post(
        f"{live.base}/v1/duplicates/decisions",
        json={"a": a, "b": a, "decision": "confirm"},
        headers=live.admin,
        timeout=TIMEOUT_S,
    )
    missing = httpx.post(
        f"{live.base}/v1/duplicates/decisions",
        json={"a": a, "b": 999_999, "decision": "split"},
        headers=live.admin,
        timeout=TIMEOUT_S,
    )
    assert (same.status_code, same.json()["error"]) == (422, "duplicate_same_record")
    assert (missing.status_code, missing.json()["error"]) == (404, "duplicate_place_not_found")
    after = (rows(live.url, DuplicateDecision), rows(live.url, DuplicateDecisionAudit))
    assert after == before
