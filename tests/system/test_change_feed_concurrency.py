"""The change feed under concurrent writes, through `panda serve` on 127.0.0.1 (SQLite file,
or PostgreSQL when PANDA_TEST_DATABASE_URL is set): 20 writers create, change, close, delete
and import places while a reader follows GET /v1/changes page by page; once the writers are
done and the reader has caught up, its copy equals the database's places, deletions included
(issue 22, item 3). Small pages make the reader cut through bulk versions (imports)."""

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from api.auth.keys import create_key
from api.database import make_engine
from api.read_model import queries
from models.api_key import Scope
from seed.formats.lieux_mediation import write_lieux_mediation_csv
from tests.conftest import bearer, make_access_point
from tests.live_server import UNTHROTTLED, panda_server, server_database

WRITERS = 20
ROUNDS = 3
PAGE = 7
TIMEOUT_S = 180.0  # SQLite under 20 writers answered some writes after 60 s on a loaded machine


class Writer:
    """One client writing through the API.

    A busy database may answer 503 (on SQLite, past its busy timeout), sometimes after the
    write committed: a creation carries an Idempotency-Key, and a change or a deletion is
    sent again with the ETag read anew, so that a retry never writes twice or fails for it.
    """

    def __init__(self, base: str, key: dict[str, str], number: int) -> None:
        self.base, self.key, self.number = base, key, number
        self.busy = 0

    def send(self, method: str, path: str, headers: dict[str, str], **kw: Any) -> httpx.Response:
        answer = httpx.request(
            method, self.base + path, headers=self.key | headers, timeout=TIMEOUT_S, **kw
        )
        self.busy += answer.status_code == 503
        return answer

    def create(self, source_id: str) -> str:
        sent = make_access_point(source="feed", source_id=source_id).model_dump(mode="json")
        once = {"Idempotency-Key": f"feed-{source_id}"}
        for _attempt in range(20):
            answer = self.send("POST", "/v1/access-points", once, json=sent)
            # Busy, or the key still held by the attempt that was answered 503: again.
            in_flight = answer.status_code == 409 and "in_flight" in answer.text
            if answer.status_code != 503 and not in_flight:
                assert answer.status_code == 201, answer.text
                return answer.headers["location"]
            time.sleep(0.2)
        raise AssertionError("database busy 20 times")

    def change(self, method: str, path: str, done: int, **kw: Any) -> None:
        """PATCH or DELETE with the current ETag until it is answered `done` (or gone)."""
        for _attempt in range(20):
            read = self.send("GET", path.split("?")[0], {})
            if read.status_code == 404 and method == "DELETE":
                return  # an earlier attempt answered 503 had deleted it
            answer = self.send(method, path, {"If-Match": read.headers["etag"]}, **kw)
            if answer.status_code == done:
                return
            assert answer.status_code in (503, 412), answer.text
        raise AssertionError("database busy 20 times")

    def round(self, n: int) -> None:
        """Create two places, change one, close or delete the other; now and then an import."""
        kept, other = (self.create(f"w{self.number}-{n}-{k}") for k in range(2))
        self.change("PATCH", kept, 200, json={"name": f"Lieu {self.number}-{n}"})
        if n % 2:
            self.change("DELETE", f"{other}?hard=true", 204)
        else:
            self.change("DELETE", other, 200)  # closed: it stays, with status closed
        if self.number % 5 == 0:
            self.imported(n)

    def imported(self, n: int) -> None:
        places = [make_access_point(source_id=f"imp-{self.number}-{n}-{k}") for k in range(5)]
        data = write_lieux_mediation_csv(places).encode()
        for _attempt in range(20):  # an import says the same whether or not it ran before
            answer = self.send("POST", "/v1/imports", {}, content=data)
            if answer.status_code != 503:
                assert answer.status_code == 200, answer.text
                return
        raise AssertionError("database busy 20 times")


class Reader:
    """A follower keeping a copy of the places by id, from the feed alone."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.copy: dict[int, dict[str, Any]] = {}
        self.cursor = "0"
        self.pages = 0
        self.busy = 0

    def catch_up(self) -> None:
        """Read pages until the feed says there is no more for now."""
        while True:
            answer = httpx.get(
                f"{self.base}/v1/changes",
                params={"since": self.cursor, "limit": PAGE},
                timeout=TIMEOUT_S,
            )
            if answer.status_code == 503:  # busy, as any client is told: retry
                self.busy += 1
                time.sleep(0.2)
                continue
            assert answer.status_code == 200, answer.text
            body = answer.json()
            for entry in body["items"]:
                if entry["deleted"]:
                    self.copy.pop(entry["id"], None)
                else:
                    self.copy[entry["id"]] = entry["place"]
            self.cursor, self.pages = body["next"], self.pages + 1
            if not body["more"]:
                return


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, dict[str, str]]]:
    with server_database(tmp_path) as url, panda_server(tmp_path, url, **UNTHROTTLED) as base:
        engine = make_engine(url)
        with Session(engine) as session:
            _key, secret = create_key(session, "feed", [Scope.WRITE, Scope.IMPORT, Scope.ADMIN])
        engine.dispose()
        yield url, base, bearer(secret)


def test_a_reader_following_the_feed_during_20_writers_ends_with_the_database(
    server: tuple[str, str, dict[str, str]],
) -> None:
    url, base, key = server
    reader = Reader(base)
    done = threading.Event()
    failures: list[BaseException] = []

    def follow() -> None:
        try:
            while not done.is_set():
                reader.catch_up()
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)

    following = threading.Thread(target=follow)
    following.start()
    with ThreadPoolExecutor(WRITERS) as pool:
        writers = [Writer(base, key, number) for number in range(WRITERS)]
        jobs = [pool.submit(lambda w=w: [w.round(n) for n in range(ROUNDS)]) for w in writers]
        for job in jobs:
            job.result()
    done.set()
    following.join(timeout=120)
    assert failures == []
    reader.catch_up()  # what committed after its last page

    engine = make_engine(url)
    with Session(engine) as session:
        stored = {p.id: p.model_dump(mode="json") for p in queries.all_access_points(session)}
    engine.dispose()
    busy = sum(w.busy for w in writers)
    print(f"reader: {reader.pages} pages, {reader.busy} busy; writers: {busy} answers 503")
    assert reader.pages > 10  # it read while they wrote, not only at the end
    assert sorted(reader.copy) == sorted(stored)
    assert [i for i in stored if reader.copy[i] != stored[i]] == []
    created = WRITERS * ROUNDS * 2 + 4 * ROUNDS * 5
    deleted = WRITERS * sum(n % 2 for n in range(ROUNDS))
    assert len(stored) == 68 + created - deleted
