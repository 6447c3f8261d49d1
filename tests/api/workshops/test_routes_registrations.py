"""The registration routes (api/workshops/routes_registrations.py) over HTTP, on the Dijon seed:
the answer to a booking on the waiting list, the board refreshed by each booking and
cancellation, a second cancellation, attendance's body and refusals, a replayed booking whose
registration is gone, and the refusals of ids out of range."""

from collections.abc import Callable
from datetime import datetime, timedelta

import icalendar
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete
from sqlmodel import Session, select

from api.workshops.session_board import board_of
from models.access_point import AccessPoint
from models.opening_hours import PARIS
from models.registration import Registration
from tests.api.workshops.test_routes_read import PERSON, Workshops, _move_to_the_past


class Gresilles(Workshops):
    """The seeded app, its workshops held at PANDA Grésilles."""

    def __init__(self, client: TestClient) -> None:
        super().__init__(client)
        with Session(self.engine) as session:
            found = session.exec(select(AccessPoint).where(AccessPoint.name == "PANDA Grésilles"))
            self.place_id = found.one().id or 0

    @property
    def engine(self) -> Engine:
        engine: Engine = self.client.app.state.runtime.engine  # type: ignore[attr-defined]
        return engine

    def seats_on_the_board(self) -> list[int]:
        board = board_of(self.client.app)  # type: ignore[arg-type]
        return [item.seats_left for item in board.sessions(self.place_id)]


@pytest.fixture
def live(client_factory: Callable[..., TestClient]) -> Gresilles:
    return Gresilles(client_factory(seed=True))


def test_a_full_session_answers_a_place_in_line_with_its_sms_and_calendar(
    live: Gresilles,
) -> None:
    session_id = live.session(live.workshop(), capacity=1)
    assert live.book(session_id).status_code == 201
    queued = live.book(session_id, first_name="Sami")
    assert queued.status_code == 201, queued.text
    body = queued.json()
    registration = body["registration"]
    assert (registration["status"], registration["waiting_position"]) == ("waiting", 1)
    # What the booking key reads back; never the consent flag nor the key's id.
    assert set(registration) == {
        "id",
        "session_id",
        "first_name",
        "last_initial",
        "phone",
        "email",
        "counsellor_name",
        "counsellor_agency",
        "status",
        "waiting_position",
        "attendance",
        "created_at",
    }
    seats = body["session"]
    assert (seats["registered"], seats["waiting"], seats["seats_left"]) == (1, 1, 0)
    assert seats["venue"]["name"] == "PANDA Grésilles"
    assert body["sms"] == {
        "text": "Liste d'attente (position 1) : Je recherche, je me connecte\n"
        "mardi 19/03/2030 10:00-12:00\n"
        "PANDA Grésilles, 14 rue Camille Claudel, 21000 Dijon\n"
        "Apportez : votre smartphone chargé\nTél. 03 80 48 84 14",
        "segments": 2,
    }
    (event,) = icalendar.Calendar.from_ical(body["ics"]).walk("VEVENT")
    assert str(event["uid"]) == f"session-{session_id}@panda-finder"
    assert str(event["location"]) == "PANDA Grésilles, 14 rue Camille Claudel, 21000 Dijon"
    assert queued.headers["location"] == f"/v1/registrations/{registration['id']}"
    assert queued.headers["cache-control"] == "no-store"


def test_each_booking_and_cancellation_refreshes_the_board_at_once(live: Gresilles) -> None:
    soon = datetime.now(PARIS).replace(microsecond=0) + timedelta(days=2)
    times = {"starts_at": soon.isoformat(), "ends_at": (soon + timedelta(hours=2)).isoformat()}
    session_id = live.session(live.workshop(), capacity=2, **times)
    assert live.seats_on_the_board() == [2]
    booked = live.book(session_id).json()["registration"]["id"]
    assert live.seats_on_the_board() == [1]
    cancelled = live.client.post(f"/v1/registrations/{booked}/cancel", headers=live.counsellor)
    assert cancelled.status_code == 200
    assert live.seats_on_the_board() == [2]


def test_cancelling_twice_answers_the_cancellation_again_and_promotes_no_one(
    live: Gresilles,
) -> None:
    session_id = live.session(live.workshop(), capacity=1)
    seat = live.book(session_id).json()["registration"]["id"]
    waiting = live.book(session_id, first_name="Sami").json()["registration"]["id"]
    path = f"/v1/registrations/{seat}/cancel"
    first = live.client.post(path, headers=live.counsellor)
    again = live.client.post(path, headers=live.counsellor)
    assert (first.json()["promoted"], again.json()["promoted"]) == ([waiting], [])
    assert again.json()["registration"]["status"] == "cancelled"
    assert again.headers["cache-control"] == "no-store"
    listed = live.client.get(f"/v1/sessions/{session_id}/registrations", headers=live.counsellor)
    assert [(r["status"], r["waiting_position"]) for r in listed.json()] == [
        ("cancelled", None),
        ("registered", None),
    ]


def test_attendance_takes_present_absent_or_null_and_nothing_else(live: Gresilles) -> None:
    session_id = live.session(live.workshop())
    registration_id = live.book(session_id).json()["registration"]["id"]
    _move_to_the_past(live.engine, session_id)
    path = f"/v1/registrations/{registration_id}/attendance"
    answers = [
        live.client.put(path, headers=live.counsellor, json=body)
        for body in (
            {"attendance": "present"},
            {"attendance": None},
            {"attendance": "late"},
            {"attendance": "absent", "note": "malade"},
            {},
        )
    ]
    assert [a.status_code for a in answers] == [200, 200, 422, 422, 422]
    assert [a.json()["attendance"] for a in answers[:2]] == ["present", None]
    assert answers[1].headers["cache-control"] == "no-store"
    assert (
        live.client.put(path, headers=live.counsellor, json={"attendance": "absent"}).json()[
            "attendance"
        ]
        == "absent"
    )


def test_attendance_of_someone_still_waiting_is_refused(live: Gresilles) -> None:
    session_id = live.session(live.workshop(), capacity=1)
    live.book(session_id)
    waiting = live.book(session_id, first_name="Sami").json()["registration"]["id"]
    _move_to_the_past(live.engine, session_id)
    refused = live.client.put(
        f"/v1/registrations/{waiting}/attendance",
        headers=live.counsellor,
        json={"attendance": "present"},
    )
    assert (refused.status_code, refused.json()["error"]) == (409, "session_closed")


def test_a_replayed_booking_whose_registration_was_erased_is_a_404(live: Gresilles) -> None:
    session_id = live.session(live.workshop())
    headers = live.counsellor | {"Idempotency-Key": "b1d4c2e8-5f0a-4c1e-9a3b-7d6e5f4a3b2c"}
    path = f"/v1/sessions/{session_id}/registrations"
    first = live.client.post(path, headers=headers, json=PERSON)
    assert first.status_code == 201
    with Session(live.engine) as session:  # as the purge would, once the session is over
        session.execute(delete(Registration))
        session.commit()
    again = live.client.post(path, headers=headers, json=PERSON)
    assert (again.status_code, again.json()["error"]) == (404, "not_found")
    assert again.json()["detail"] == (
        f"aucune inscription n'a l'identifiant {first.json()['registration']['id']} : la "
        "réservation faite avec cette clé Idempotency-Key a été effacée depuis ; rien n'a été "
        "réservé"
    )
    assert live.registrations() == 0


def test_the_list_of_an_unknown_session_is_a_404_and_the_list_is_not_cached(
    live: Gresilles,
) -> None:
    missing = live.client.get("/v1/sessions/999999/registrations", headers=live.admin)
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    session_id = live.session(live.workshop())
    listed = live.client.get(f"/v1/sessions/{session_id}/registrations", headers=live.admin)
    assert (listed.status_code, listed.json(), listed.headers["cache-control"]) == (
        200,
        [],
        "no-store",
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/v1/sessions/0/registrations"),
        ("get", "/v1/sessions/2147483648/registrations"),
        ("post", "/v1/registrations/0/cancel"),
        ("put", "/v1/registrations/-1/attendance"),
    ],
)
def test_ids_out_of_range_are_refused(live: Gresilles, method: str, path: str) -> None:
    body = PERSON if path.endswith("registrations") else {"attendance": "present"}
    sent = body if method != "get" else None
    answer = live.client.request(method.upper(), path, headers=live.admin, json=sent)
    assert answer.status_code == 422
    assert live.registrations() == 0
