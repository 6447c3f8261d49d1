"""`panda import data-inclusion` under concurrency, through `panda serve` (SQLite file, or
PostgreSQL when PANDA_TEST_DATABASE_URL is set): pulls of the same territory from a fake hub
on 127.0.0.1, run as processes at once while clients write to places through the server.
Every write lands, the territory's places are stored once, and the server serves them."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, func, select

from api.auth.keys import create_key
from api.database import make_engine
from models.access_point import AccessPoint
from models.api_key import Scope
from tests.api.data_inclusion.fake_hub import TOKEN, FakeHub, serving
from tests.conftest import bearer
from tests.live_server import UNTHROTTLED, panda_server, server_database
from tests.system.test_write_concurrency import together

PULLS = 3
WRITERS = 8
SEED_PLACES = 68
# The fixture's places with a digital service: PANDA Grésilles, the EPN of Chenôve, the PIJ of
# Quetigny and the Beaune test place.
PULLED = 4
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str], str]]:
    workdir = tmp_path_factory.mktemp("hub-import")
    env = {"PANDA_LOAD_SEED_WHEN_EMPTY": "true", "PANDA_SNAPSHOT_REFRESH_S": "0.2"}
    with server_database(workdir) as url, panda_server(workdir, url, **UNTHROTTLED, **env) as base:
        engine = make_engine(url)
        with Session(engine) as session:
            _key, secret = create_key(session, "hub-import", [Scope.WRITE])
        engine.dispose()
        yield base, bearer(secret), url


def pull(url: str, hub: str) -> subprocess.Popen[bytes]:
    """`panda import data-inclusion --departement 21` in its own process."""
    env = os.environ | {
        "PANDA_DATABASE_URL": url,
        "PANDA_DATA_INCLUSION_URL": hub,
        "PANDA_DATA_INCLUSION_TOKEN": TOKEN,
        "PANDA_LOAD_COMMUNES": "false",
    }
    command = [sys.executable, "-m", "api.cli.main", "import", "data-inclusion"]
    command += ["--departement", "21", "--skip-invalid", "--report", "json"]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def write(base: str, key: dict[str, str], place_id: int, n: int) -> httpx.Response:
    path = f"{base}/v1/access-points/{place_id}"
    tag = httpx.get(path, timeout=30).headers["etag"]
    body = {"phone": f"+3338000{n:04d}"}
    return httpx.patch(path, json=body, headers=key | {"If-Match": tag}, timeout=60)


def test_pulls_and_writes_at_once_all_land_once(
    live: tuple[str, dict[str, str], str],
) -> None:
    base, key, url = live
    ids = [p["id"] for p in httpx.get(f"{base}/v1/access-points?size=100").json()["items"]]
    with serving(FakeHub()) as hub:
        processes = [pull(url, hub.url) for _ in range(PULLS)]
        answers = together(WRITERS, lambda n: write(base, key, ids[n], n))
        outcomes = [process.communicate(timeout=120) for process in processes]
    assert [a.status_code for a in answers] == [200] * WRITERS, [a.text for a in answers]
    assert [p.returncode for p in processes] == [0] * PULLS, [e.decode() for _, e in outcomes]
    reports = [httpx.Response(200, content=out).json() for out, _ in outcomes]
    stored = sum(r["created"] for r in reports)
    assert stored in (PULLED - 1, PULLED)  # Quetigny's, when the geocoder cannot place it
    assert all(r["created"] + r["unchanged"] == stored for r in reports)
    engine = make_engine(url)
    with Session(engine) as session:
        total = session.exec(select(func.count()).select_from(AccessPoint)).one()
        phones = {p.id: p.phone for p in session.exec(select(AccessPoint))}
    engine.dispose()
    assert total == SEED_PLACES + stored
    assert [phones[place_id] for place_id in ids[:WRITERS]] == [
        f"+3338000{n:04d}" for n in range(WRITERS)
    ]
    assert served_total(base, SEED_PLACES + stored) == SEED_PLACES + stored


def served_total(base: str, expected: int) -> int:
    """The server's export total once its read model has heard of the pulls (a few seconds)."""
    deadline = time.monotonic() + 30
    while True:
        total: int = httpx.get(f"{base}/v1/data-inclusion/structures").json()["total"]
        if total == expected or time.monotonic() > deadline:
            return total
        time.sleep(0.2)
