"""Two `panda serve` processes on one PostgreSQL database: a write answered by one is served
by the other within a second (issue 11: PostgreSQL `LISTEN/NOTIFY`; the poller alone, every
2 s, is too slow). PostgreSQL only: on SQLite the poller is the way, and no bound is set."""

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from api.auth.keys import create_key
from api.database import make_engine
from models.api_key import Scope
from tests.conftest import bearer
from tests.live_server import UNTHROTTLED, live_server, server_database

AGREE_WITHIN_S = 1.0
# How long to keep asking past the bound, so that a failure says how late the change came.
GIVE_UP_S = 10.0
POLL_S = 0.01
TIMEOUT_S = 30.0
NEW_PHONE = "+33380000111"


@dataclass(frozen=True)
class Pair:
    """Two servers on one database, and a key allowed to write."""

    first: str
    second: str
    first_pid: int
    second_pid: int
    key: dict[str, str]


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    if not os.environ.get("PANDA_TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set PANDA_TEST_DATABASE_URL")
    with (
        server_database(tmp_path) as url,
        live_server(tmp_path, url, **UNTHROTTLED) as first,  # loads the seed
        live_server(tmp_path, url, **UNTHROTTLED) as second,
    ):
        engine = make_engine(url)
        with Session(engine) as session:
            _key, secret = create_key(session, "two-processes-test", [Scope.WRITE])
        engine.dispose()
        yield Pair(first.base, second.base, first.pid, second.pid, bearer(secret))


def seconds_until(client: httpx.Client, url: str, phone: str, since: float) -> float | None:
    """Ask `url` until it serves `phone`; the seconds since `since`, or None past GIVE_UP_S."""
    while (elapsed := time.monotonic() - since) < GIVE_UP_S:
        if client.get(url).json()["phone"] == phone:
            return elapsed
        time.sleep(POLL_S)
    return None


@pytest.mark.postgres
def test_two_processes_agree_within_a_second_after_a_patch(pair: Pair) -> None:
    with httpx.Client(timeout=TIMEOUT_S) as client:
        place = client.get(f"{pair.first}/v1/access-points", params={"size": 1}).json()
        path = f"/v1/access-points/{place['items'][0]['id']}"
        read = client.get(pair.first + path)
        assert client.get(pair.second + path).json()["phone"] == read.json()["phone"] != NEW_PHONE
        headers = pair.key | {"If-Match": read.headers["etag"]}
        patched = client.patch(pair.first + path, headers=headers, json={"phone": NEW_PHONE})
        answered = time.monotonic()
        assert (patched.status_code, patched.json()["phone"]) == (200, NEW_PHONE), patched.text
        delay = seconds_until(client, pair.second + path, NEW_PHONE, answered)
    assert pair.first_pid != pair.second_pid
    assert delay is not None, f"the other process still served the old phone after {GIVE_UP_S} s"
    assert delay <= AGREE_WITHIN_S, f"the other process served the change after {delay:.3f} s"
