"""Writes under concurrency, through `panda serve` on 127.0.0.1 (SQLite file, or PostgreSQL
when PANDA_TEST_DATABASE_URL is set): of writers sending the same If-Match exactly one wins,
the others get 412 with the current ETag, and the history's `before` is what was replaced."""

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from api.auth.keys import create_key
from api.database import make_engine
from models.access_point import AccessPointCreate
from models.api_key import Scope
from seed.formats.lieux_mediation import write_lieux_mediation_csv
from tests.conftest import bearer, make_access_point
from tests.live_server import UNTHROTTLED, panda_server, server_database

WRITERS = 20
ROUNDS = 10
TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Place:
    """A place created for one test: where it is, what was sent, the ETag it was read with."""

    url: str
    sent: AccessPointCreate
    etag: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Live:
    """The running server and a key with the write, import and admin scopes."""

    base: str
    key: dict[str, str]

    def send(
        self, method: str, path: str, if_match: str | None = None, **kw: Any
    ) -> httpx.Response:
        headers = self.key | ({"If-Match": if_match} if if_match is not None else {})
        return httpx.request(method, self.base + path, headers=headers, timeout=TIMEOUT_S, **kw)

    def create(self) -> Place:
        sent = make_access_point(source="concurrency", source_id=f"c-{uuid.uuid4().hex[:8]}")
        created = self.send("POST", "/v1/access-points", json=sent.model_dump(mode="json"))
        assert created.status_code == 201, created.text
        url = created.headers["location"]
        read = self.send("GET", url)
        return Place(url, sent, read.headers["etag"], read.json())

    def history(self, place: Place) -> list[dict[str, Any]]:
        """Action and changes of each entry after the place's creation, oldest first."""
        entries = self.send("GET", f"{place.url}/history").json()
        assert entries[0]["action"] == "create"
        return [{"action": e["action"], "changes": e["changes"]} for e in entries[1:]]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    workdir = tmp_path_factory.mktemp("concurrency")
    with server_database(workdir) as url, panda_server(workdir, url, **UNTHROTTLED) as base:
        engine = make_engine(url)
        with Session(engine) as session:
            scopes = [Scope.WRITE, Scope.IMPORT, Scope.ADMIN]
            _key, secret = create_key(session, "concurrency-test", scopes)
        engine.dispose()
        yield Live(base, bearer(secret))


def together(count: int, send: Callable[[int], httpx.Response]) -> list[httpx.Response]:
    """Run `send(0)` ... `send(count - 1)` in threads released at the same moment."""
    barrier = threading.Barrier(count, timeout=TIMEOUT_S)

    def task(n: int) -> httpx.Response:
        barrier.wait()
        return send(n)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(task, range(count)))


def stale(tag: str) -> dict[str, str]:
    return {
        "error": "precondition_failed",
        "detail": f"Ce lieu a été modifié entre-temps (ETag actuel {tag}) : relisez-le et "
        "refaites votre modification",
    }


def one_winner(responses: list[httpx.Response], won: int) -> tuple[httpx.Response, list[Any]]:
    """The one response with status `won`, and what each other one said (ETag, body)."""
    winners = [r for r in responses if r.status_code == won]
    assert sorted(r.status_code for r in responses) == sorted([won] + [412] * (WRITERS - 1))
    losers = [(r.headers.get("etag"), r.json()) for r in responses if r.status_code != won]
    return winners[0], losers


def test_concurrent_patches_one_wins_others_get_412_with_current_etag(live: Live) -> None:
    place = live.create()
    phones = [f"+33380{n:06d}" for n in range(WRITERS)]
    responses = together(
        WRITERS, lambda n: live.send("PATCH", place.url, place.etag, json={"phone": phones[n]})
    )
    winner, losers = one_winner(responses, 200)
    after = live.send("GET", place.url)
    tag = after.headers["etag"]
    assert (winner.headers["etag"], after.json()["phone"]) == (tag, winner.json()["phone"])
    assert losers == [(tag, stale(tag))] * (WRITERS - 1)
    change = {"phone": {"before": place.body["phone"], "after": winner.json()["phone"]}}
    assert live.history(place) == [{"action": "update", "changes": change}]


def test_concurrent_puts_one_wins_others_get_412_with_current_etag(live: Live) -> None:
    place = live.create()
    names = [f"PANDA Grésilles (version {n})" for n in range(WRITERS)]
    bodies = [place.sent.model_dump(mode="json") | {"name": name} for name in names]
    responses = together(WRITERS, lambda n: live.send("PUT", place.url, place.etag, json=bodies[n]))
    winner, losers = one_winner(responses, 200)
    after = live.send("GET", place.url)
    tag = after.headers["etag"]
    assert (winner.headers["etag"], after.json()["name"]) == (tag, winner.json()["name"])
    assert losers == [(tag, stale(tag))] * (WRITERS - 1)
    change = {"name": {"before": "PANDA Grésilles", "after": winner.json()["name"]}}
    assert live.history(place) == [{"action": "update", "changes": change}]


def test_concurrent_deletes_one_closes_others_get_412_with_current_etag(live: Live) -> None:
    place = live.create()
    responses = together(WRITERS, lambda n: live.send("DELETE", place.url, place.etag))
    winner, losers = one_winner(responses, 200)
    after = live.send("GET", place.url)
    tag = after.headers["etag"]
    assert (winner.headers["etag"], after.json()["status"]) == (tag, "closed")
    assert losers == [(tag, stale(tag))] * (WRITERS - 1)
    change = {"status": {"before": "open", "after": "closed"}}
    assert live.history(place) == [{"action": "update", "changes": change}]


def test_concurrent_hard_deletes_one_removes_others_find_nothing(live: Live) -> None:
    # RFC 9110, 13.2.1: a precondition is not evaluated when the request without it would
    # fail anyway; once the place is gone, that failure is 404.
    place = live.create()
    # Not the highest id: SQLite would give that id to the next place created, whose history
    # would then begin with this one's (ids are not AUTOINCREMENT; reported, schema unchanged).
    live.create()
    url = f"{place.url}?hard=true"
    responses = together(WRITERS, lambda n: live.send("DELETE", url, place.etag))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [204] + [404] * (WRITERS - 1)
    assert live.send("GET", place.url).status_code == 404
    assert [entry["action"] for entry in live.history(place)] == ["delete"]


def test_patch_without_if_match_is_428_and_changes_nothing(live: Live) -> None:
    place = live.create()
    response = live.send("PATCH", place.url, json={"phone": "+33380000000"})
    place_id = place.url.rsplit("/", 1)[1]
    assert (response.status_code, response.json()) == (
        428,
        {
            "error": "precondition_required",
            "detail": "cette écriture demande un en-tête If-Match : envoyez l'ETag de "
            f"GET /v1/access-points/{place_id} (ou `*` pour remplacer la version actuelle)",
        },
    )
    assert live.send("GET", place.url).headers["etag"] == place.etag
    assert live.history(place) == []


def test_patch_with_weak_etag_is_412_and_changes_nothing(live: Live) -> None:
    place = live.create()
    response = live.send("PATCH", place.url, f"W/{place.etag}", json={"phone": "+33380000000"})
    assert (response.status_code, response.headers["etag"]) == (412, place.etag)
    assert response.json() == stale(place.etag)
    assert live.history(place) == []


def test_concurrent_import_and_patch_keep_the_history_a_chain(live: Live) -> None:
    place = live.create()
    for round_ in range(ROUNDS):
        imported, patched = import_against_patch(live, place, round_)
        assert (imported.status_code, patched.status_code in (200, 412)) == (200, True)
        assert imported.json()["rejected"] == 0
    entries = live.send("GET", f"{place.url}/history").json()
    assert broken_links(entries) == []
    assert ROUNDS < len(entries) - 1 <= 2 * ROUNDS
    assert replayed(entries)["phone"] == live.send("GET", place.url).json()["phone"]


def import_against_patch(live: Live, place: Place, round_: int) -> list[httpx.Response]:
    """An import of a file listing the place with a new phone, and a PATCH of its phone
    holding the ETag read just before, sent at the same moment."""
    etag = live.send("GET", place.url).headers["etag"]
    listed = place.sent.model_copy(update={"phone": f"+33381{round_:06d}"})
    data = write_lieux_mediation_csv([listed]).encode()
    patch = {"phone": f"+33382{round_:06d}"}
    sends = [
        lambda: live.send("POST", "/v1/imports", content=data),
        lambda: live.send("PATCH", place.url, etag, json=patch),
    ]
    return together(len(sends), lambda n: sends[n]())


def broken_links(entries: list[dict[str, Any]]) -> list[tuple[int, str, Any, Any]]:
    """(entry, field, before, what the previous entries left) wherever they disagree."""
    state: dict[str, Any] = {}
    broken = []
    for number, entry in enumerate(entries):
        for name, change in entry["changes"].items():
            if change["before"] != state.get(name):
                broken.append((number, name, change["before"], state.get(name)))
            state[name] = change["after"]
    return broken


def replayed(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The fields as the history says they are now."""
    state: dict[str, Any] = {}
    for entry in entries:
        state |= {name: change["after"] for name, change in entry["changes"].items()}
    return state
