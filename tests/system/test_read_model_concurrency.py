"""Many writers at once on two `panda serve` processes sharing one database (SQLite file, or
PostgreSQL when PANDA_TEST_DATABASE_URL is set): each read model ends with exactly what the
database holds, place by place, and the writers always read their own writes."""

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from api.auth.keys import create_key
from api.database import make_engine
from api.http.etag import etag_of
from models.access_point import AccessPoint
from models.api_key import Scope
from seed.upsert import version_json
from tests.conftest import bearer, make_access_point
from tests.live_server import UNTHROTTLED, panda_server, server_database

WRITERS = 8
EDITS = 4
TIMEOUT_S = 30.0
# SQLite processes learn of others' writes by polling (PANDA_SNAPSHOT_REFRESH_S, 2 s).
AGREE_WITHIN_S = 8.0


@dataclass(frozen=True)
class Servers:
    """Two processes on one database, a key for both, and the database's URL."""

    bases: tuple[str, str]
    key: dict[str, str]
    url: str


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    workdir = tmp_path_factory.mktemp("read-model-concurrency")
    with (
        server_database(workdir) as url,
        panda_server(workdir, url, **UNTHROTTLED) as first,
        panda_server(workdir, url, **UNTHROTTLED) as second,
    ):
        engine = make_engine(url)
        with Session(engine) as session:
            _key, secret = create_key(session, "read-model", [Scope.WRITE, Scope.ADMIN])
        engine.dispose()
        yield Servers((first, second), bearer(secret), url)


def writer(servers: Servers, n: int) -> dict[str, Any]:
    """Create a place, edit it, alternating servers; each answer is read back at once."""
    with httpx.Client(headers=servers.key, timeout=TIMEOUT_S) as client:
        sent = make_access_point(source="read-model", source_id=f"rm-{uuid.uuid4().hex[:8]}")
        created = client.post(
            f"{servers.bases[n % 2]}/v1/access-points", json=sent.model_dump(mode="json")
        )
        assert created.status_code == 201, created.text
        path = created.headers["location"].removeprefix(servers.bases[n % 2])
        tag = created.headers["etag"]
        for edit in range(EDITS):
            base = servers.bases[(n + edit) % 2]
            phone = f"+33380{n:02d}{edit:04d}"
            patched = client.patch(base + path, json={"phone": phone}, headers={"If-Match": tag})
            assert patched.status_code == 200, patched.text
            tag = patched.headers["etag"]
            # The server that took the write serves it to the next read, at once.
            read = client.get(base + path)
            assert (read.headers["etag"], read.json()["phone"]) == (tag, phone)
        deleted = n % 4 == 0
        if deleted:  # some go for good, through the other server
            gone = client.delete(
                servers.bases[(n + 1) % 2] + path + "?hard=true", headers={"If-Match": tag}
            )
            assert gone.status_code == 204, gone.text
        return {"path": path, "source_id": sent.source_id, "deleted": deleted}


def stored(url: str) -> dict[int, tuple[str, str]]:
    """Every place's ETag and source_id as the database holds them, by id."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            places = session.exec(select(AccessPoint))
            return {p.id or 0: (etag_of(version_json(p)), p.source_id) for p in places}
    finally:
        engine.dispose()


def served_etags(base: str, ids: list[int]) -> dict[int, str | None]:
    """Each place's ETag as a server answers it (None: 404)."""
    with httpx.Client(timeout=TIMEOUT_S) as client:
        answers = {i: client.get(f"{base}/v1/access-points/{i}") for i in ids}
    return {i: a.headers["etag"] if a.status_code == 200 else None for i, a in answers.items()}


def test_concurrent_writers_leave_both_read_models_equal_to_the_database(
    servers: Servers,
) -> None:
    with ThreadPoolExecutor(WRITERS) as pool:
        written = list(pool.map(lambda n: writer(servers, n), range(WRITERS)))
    # The deleted places are checked by their source_id too: gone from the database.
    ids = [int(w["path"].rsplit("/", 1)[1]) for w in written]
    rows = stored(servers.url)
    kept = {source_id for _, source_id in rows.values()}
    assert [w["source_id"] in kept for w in written] == [not w["deleted"] for w in written]
    expected = {i: rows[i][0] if i in rows else None for i in ids}
    deadline = time.monotonic() + AGREE_WITHIN_S
    for base in servers.bases:
        while (served := served_etags(base, ids)) != expected and time.monotonic() < deadline:
            time.sleep(0.2)
        assert served == expected, base
