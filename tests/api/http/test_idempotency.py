"""Idempotency-Key on bookings and place creation (api/http/idempotency.py): a retry gets the first
answer and writes nothing; another request with the key is a 422; keys go after a day. On
SQLite, or PostgreSQL with PANDA_TEST_DATABASE_URL. Concurrency: test_idempotency_concurrency.py.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from api import clock
from api.workshops import routes_registrations as registrations
from api.workshops.purge_task import purge_now
from models.access_point import AccessPoint
from models.idempotency import IdempotentRequest
from tests.api.workshops.test_routes_read import PERSON, Workshops
from tests.conftest import bearer, make_access_point, make_key

KEY = "8e03978e-40d5-43e8-bc93-6894a57f9324"
REUSED = (
    "cette clé Idempotency-Key a déjà servi à une autre requête (autre corps ou autre adresse) : "
    "rien n'a été fait ; envoyez une nouvelle clé pour une nouvelle requête"
)
NEW_PLACE = make_access_point(source="city", source_id="g-1").model_dump(mode="json")


class Bookings(Workshops):
    """Workshops, and a coming session to book on."""

    def __init__(self, client: TestClient) -> None:
        super().__init__(client)
        self.session_id = self.session(self.workshop())

    @property
    def engine(self) -> Engine:
        engine: Engine = self.client.app.state.runtime.engine  # type: ignore[attr-defined]
        return engine

    def post(self, key: str | None = KEY, session_id: int | None = None, **fields: Any) -> Any:
        headers = self.counsellor | ({"Idempotency-Key": key} if key is not None else {})
        return self.client.post(
            f"/v1/sessions/{session_id or self.session_id}/registrations",
            headers=headers,
            json=PERSON | fields,
        )

    def records(self) -> list[IdempotentRequest]:
        with Session(self.engine) as session:
            return list(session.exec(select(IdempotentRequest)))


@pytest.fixture
def live(client_factory: Callable[..., TestClient]) -> Bookings:
    return Bookings(client_factory(places=[make_access_point()]))


def test_booking_retried_with_its_key_gets_the_first_answer_and_books_once(
    live: Bookings,
) -> None:
    first = live.post()
    again = live.post()
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again.json()["registration"]["first_name"] == "Nadia"
    assert again.headers["location"] == first.headers["location"] == "/v1/registrations/1"
    assert again.headers["cache-control"] == first.headers["cache-control"] == "no-store"
    assert (first.headers.get("idempotent-replayed"), again.headers["idempotent-replayed"]) == (
        None,
        "true",
    )
    assert live.registrations() == 1


def test_booking_replay_is_the_first_answer_even_once_the_seat_is_given_up(
    live: Bookings,
) -> None:
    first = live.post()
    cancel = live.client.post("/v1/registrations/1/cancel", headers=live.counsellor)
    assert cancel.json()["registration"]["status"] == "cancelled"
    again = live.post()
    assert (again.status_code, again.content) == (201, first.content)
    assert again.json()["registration"]["status"] == "registered"


def test_booking_key_sent_quoted_is_the_same_key(live: Bookings) -> None:
    first = live.post(KEY)
    again = live.post(f'"{KEY}"')
    assert (again.content, again.headers["idempotent-replayed"]) == (first.content, "true")
    assert live.registrations() == 1


def test_booking_key_with_another_body_is_a_422_and_books_nothing(live: Bookings) -> None:
    assert live.post().status_code == 201
    other = live.post(first_name="Karim")
    assert (other.status_code, other.json()) == (
        422,
        {"error": "idempotency_key_reused", "detail": REUSED},
    )
    assert live.registrations() == 1


def test_booking_key_on_another_session_is_a_422(live: Bookings) -> None:
    assert live.post().status_code == 201
    second_session = live.session(live.workshop(title="Mes démarches en ligne"))
    other = live.post(session_id=second_session)
    assert (other.status_code, other.json()["error"]) == (422, "idempotency_key_reused")
    assert live.registrations() == 1


def test_booking_retry_serialised_otherwise_is_the_same_request(live: Bookings) -> None:
    first = live.post()
    reordered = dict(reversed(list(PERSON.items()))) | {"phone": "+33612345678"}
    again = live.client.post(
        f"/v1/sessions/{live.session_id}/registrations",
        headers=live.counsellor | {"Idempotency-Key": KEY},
        json=reordered,
    )
    assert (again.status_code, again.content) == (201, first.content)


def test_booking_without_a_key_books_each_time(live: Bookings) -> None:
    answers = [live.post(key=None), live.post(key=None)]
    assert [a.status_code for a in answers] == [201, 201]
    assert [a.json()["registration"]["id"] for a in answers] == [1, 2]
    assert "idempotent-replayed" not in answers[1].headers
    assert (live.registrations(), live.records()) == (2, [])


def test_booking_keys_belong_to_the_api_key_that_sent_them(live: Bookings) -> None:
    other_counsellor = bearer(make_key(live.client, "register"))
    first = live.post()
    theirs = live.client.post(
        f"/v1/sessions/{live.session_id}/registrations",
        headers=other_counsellor | {"Idempotency-Key": KEY},
        json=PERSON,
    )
    assert (first.status_code, theirs.status_code) == (201, 201)
    assert "idempotent-replayed" not in theirs.headers
    assert live.registrations() == 2


def test_booking_key_keeps_no_personal_data_nor_the_key(live: Bookings) -> None:
    assert live.post().status_code == 201
    [record] = live.records()
    kept = record.model_dump_json()
    for value in ("Nadia", "+33612345678", "Claire Martin", "France Travail", KEY):
        assert value not in kept
    assert record.body is not None
    assert sorted(record.body["registration"]) == [
        "attendance",
        "created_at",
        "id",
        "session_id",
        "status",
        "waiting_position",
    ]
    assert (record.status_code, record.resource_id) == (201, 1)
    assert len(record.fingerprint) == len(record.request_hash) == 64


def test_booking_refused_keeps_no_key_so_the_key_serves_again(live: Bookings) -> None:
    closed = live.session(live.workshop(title="Mes démarches en ligne"))
    cancel = {"status": "cancelled", "cancel_reason": "formatrice malade"}
    assert (
        live.client.patch(f"/v1/sessions/{closed}", headers=live.admin, json=cancel).status_code
        == 200
    )
    refused = live.post(session_id=closed)
    assert (refused.status_code, refused.json()["error"]) == (409, "session_closed")
    assert live.records() == []
    assert live.post(session_id=closed).status_code == 409
    assert live.registrations() == 0


def test_booking_failing_before_its_commit_leaves_neither_booking_nor_key(
    live: Bookings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_args: Any) -> None:
        raise RuntimeError("the process dies here")

    with monkeypatch.context() as patched:
        patched.setattr(registrations, "_booking", crash)
        with pytest.raises(RuntimeError):
            live.post()
    assert (live.registrations(), live.records()) == (0, [])
    retried = live.post()
    assert (retried.status_code, "idempotent-replayed" in retried.headers) == (201, False)
    assert live.registrations() == 1


@pytest.mark.parametrize(
    "key",
    ["", "a b", "clé-é", "x" * 256, "tab\there"],
    ids=["empty", "space", "not-ascii", "too-long", "control"],
)
def test_booking_with_a_malformed_key_is_a_422_and_books_nothing(live: Bookings, key: str) -> None:
    answer = live.client.post(
        f"/v1/sessions/{live.session_id}/registrations",
        headers=[
            *((name.encode(), value.encode()) for name, value in live.counsellor.items()),
            (b"Idempotency-Key", key.encode()),
        ],
        json=PERSON,
    )
    assert (answer.status_code, answer.json()["error"]) == (422, "invalid_request")
    assert live.registrations() == 0


def test_booking_key_held_but_never_answered_is_a_409_with_retry_after(
    live: Bookings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never committed so (the key and its answer commit together); refused, not rebooked."""
    assert live.post().status_code == 201
    with Session(live.engine) as session:
        [record] = session.exec(select(IdempotentRequest)).all()
        record.status_code = None
        session.add(record)
        session.commit()
    answer = live.post()
    assert (answer.status_code, answer.json()["error"]) == (409, "idempotency_key_in_flight")
    assert answer.headers["retry-after"] == "1"
    assert live.registrations() == 1


def at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def test_booking_key_is_purged_after_a_day_then_books_anew(
    live: Bookings, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = datetime.now(UTC)
    monkeypatch.setattr(clock, "utc_now", at(start))
    assert live.post().status_code == 201
    monkeypatch.setattr(clock, "utc_now", at(start + timedelta(hours=23, minutes=59)))
    purge_now(live.engine, 30)
    assert len(live.records()) == 1
    assert live.post().headers["idempotent-replayed"] == "true"
    monkeypatch.setattr(clock, "utc_now", at(start + timedelta(days=1, seconds=1)))
    purge_now(live.engine, 30)
    assert live.records() == []
    again = live.post()
    assert (again.status_code, "idempotent-replayed" in again.headers) == (201, False)
    assert live.registrations() == 2


def test_booking_key_older_than_a_day_is_forgotten_before_the_purge_runs(
    live: Bookings, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = datetime.now(UTC)
    monkeypatch.setattr(clock, "utc_now", at(start))
    assert live.post().status_code == 201
    monkeypatch.setattr(clock, "utc_now", at(start + timedelta(days=1, minutes=1)))
    again = live.post(first_name="Karim")
    assert (again.status_code, again.json()["registration"]["first_name"]) == (201, "Karim")
    [record] = live.records()
    assert record.resource_id == 2
    assert live.registrations() == 2


@pytest.fixture
def places(client_factory: Callable[..., TestClient]) -> tuple[TestClient, dict[str, str]]:
    client = client_factory(places=[make_access_point(source="city", source_id="existing")])
    return client, bearer(make_key(client, "write"))


def place_count(client: TestClient) -> int:
    with Session(client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        return int(session.exec(select(func.count()).select_from(AccessPoint)).one())


def test_place_created_then_retried_with_its_key_gets_the_first_answer(
    places: tuple[TestClient, dict[str, str]],
) -> None:
    client, writer = places
    headers = writer | {"Idempotency-Key": KEY}
    first = client.post("/v1/access-points", headers=headers, json=NEW_PLACE)
    again = client.post("/v1/access-points", headers=headers, json=NEW_PLACE)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["location"] == first.headers["location"] == "/v1/access-points/2"
    assert again.headers["idempotent-replayed"] == "true"
    assert place_count(client) == 2


def test_place_key_with_another_body_is_a_422(
    places: tuple[TestClient, dict[str, str]],
) -> None:
    client, writer = places
    headers = writer | {"Idempotency-Key": KEY}
    assert client.post("/v1/access-points", headers=headers, json=NEW_PLACE).status_code == 201
    other = client.post(
        "/v1/access-points", headers=headers, json=NEW_PLACE | {"name": "PANDA Fontaine d'Ouche"}
    )
    assert (other.status_code, other.json()) == (
        422,
        {"error": "idempotency_key_reused", "detail": REUSED},
    )
    assert place_count(client) == 2


def test_place_retried_without_a_key_is_a_409_as_before(
    places: tuple[TestClient, dict[str, str]],
) -> None:
    client, writer = places
    assert client.post("/v1/access-points", headers=writer, json=NEW_PLACE).status_code == 201
    again = client.post("/v1/access-points", headers=writer, json=NEW_PLACE)
    assert (again.status_code, again.json()["error"]) == (409, "conflict")
    assert place_count(client) == 2


def test_openapi_documents_the_header_on_both_writes(
    places: tuple[TestClient, dict[str, str]],
) -> None:
    document = places[0].get("/openapi.json").json()
    for path in ("/v1/access-points", "/v1/sessions/{session_id}/registrations"):
        [header] = [p for p in document["paths"][path]["post"]["parameters"] if p["in"] == "header"]
        assert (header["name"], header["required"]) == ("Idempotency-Key", False)
        schema = header["schema"]["anyOf"][0]
        assert (schema["pattern"], schema["minLength"], schema["maxLength"]) == (
            "^[!-~]{1,255}$",
            1,
            255,
        )
