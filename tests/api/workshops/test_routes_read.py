"""Workshops, sessions and seats (api/workshops/routes_*.py): reads, feeds,
bookings, bad input, purge; on SQLite, or PostgreSQL with PANDA_TEST_DATABASE_URL."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from models.opening_hours import PARIS
from models.registration import Registration, RegistrationListRead
from models.workshop_audit import WorkshopAuditEntry
from seed.purge import purge_registrations
from tests.conftest import bearer, make_access_point, make_key

FIRST_TUESDAY = "2030-03-19T10:00:00"  # six Tuesdays to 23 April, across the clock change
PERSON = {
    "first_name": "Nadia",
    "last_initial": "B",
    "phone": "06 12 34 56 78",
    "counsellor_name": "Claire Martin",
    "counsellor_agency": "France Travail Dijon Ouest",
    "consent": True,
}


class Workshops:
    """An app with PANDA Grésilles, an admin key and a counsellor's key."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.admin = bearer(make_key(client, "admin"))
        self.counsellor = bearer(make_key(client, "register"))
        self.place_id = client.get("/v1/access-points").json()["items"][0]["id"]

    def workshop(self, **fields: Any) -> int:
        body = {
            "title": "Je recherche, je me connecte",
            "organiser_id": self.place_id,
            "venue_id": self.place_id,
            "services": ["Insertion professionnelle via le numérique"],
            "topics": ["recherche d'emploi"],
            "what_to_bring": "votre smartphone chargé",
            **fields,
        }
        answer = self.client.post("/v1/workshops", headers=self.admin, json=body)
        assert answer.status_code == 201, answer.text
        return int(answer.json()["id"])

    def sessions(self, workshop_id: int, **fields: Any) -> dict[str, Any]:
        body = {"starts_at": FIRST_TUESDAY, "ends_at": "2030-03-19T12:00:00", **fields}
        answer = self.client.post(
            f"/v1/workshops/{workshop_id}/sessions", headers=self.admin, json=body
        )
        assert answer.status_code == 201, answer.text
        result: dict[str, Any] = answer.json()
        return result

    def session(self, workshop_id: int, **fields: Any) -> int:
        return int(self.sessions(workshop_id, **fields)["items"][0]["id"])

    def book(self, session_id: int, **fields: Any) -> Any:
        return self.client.post(
            f"/v1/sessions/{session_id}/registrations",
            headers=self.counsellor,
            json=PERSON | fields,
        )

    def registrations(self) -> int:
        engine = self.client.app.state.runtime.engine  # type: ignore[attr-defined]
        with Session(engine) as session:
            return int(session.exec(select(func.count()).select_from(Registration)).one())


@pytest.fixture
def live(client_factory: Callable[..., TestClient]) -> Workshops:
    return Workshops(client_factory(places=[make_access_point()]))


def test_recurring_workshop_listed_between_from_and_to_in_paris_time(live: Workshops) -> None:
    workshop_id = live.workshop()
    live.sessions(workshop_id, rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=6")
    answer = live.client.get(
        "/v1/sessions", params={"from": "2030-03-01T00:00:00", "to": "2030-05-01T00:00:00"}
    )
    assert answer.status_code == 200
    starts = [(i["starts_at"], i["ends_at"], i["seats_left"]) for i in answer.json()["items"]]
    assert starts == [
        ("2030-03-19T10:00:00+01:00", "2030-03-19T12:00:00+01:00", 10),
        ("2030-03-26T10:00:00+01:00", "2030-03-26T12:00:00+01:00", 10),
        ("2030-04-02T10:00:00+02:00", "2030-04-02T12:00:00+02:00", 10),
        ("2030-04-09T10:00:00+02:00", "2030-04-09T12:00:00+02:00", 10),
        ("2030-04-16T10:00:00+02:00", "2030-04-16T12:00:00+02:00", 10),
        ("2030-04-23T10:00:00+02:00", "2030-04-23T12:00:00+02:00", 10),
    ]
    narrow = live.client.get(
        "/v1/sessions", params={"from": "2030-04-01T00:00:00", "to": "2030-04-10T00:00:00"}
    )
    assert [i["starts_at"] for i in narrow.json()["items"]] == [
        "2030-04-02T10:00:00+02:00",
        "2030-04-09T10:00:00+02:00",
    ]


def test_workshop_feed_parsed_back_gives_the_same_paris_times(live: Workshops) -> None:
    workshop_id = live.workshop()
    created = live.sessions(workshop_id, rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=6")["items"]
    feed = live.client.get(f"/v1/workshops/{workshop_id}/calendar.ics")
    assert feed.status_code == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = list(calendar.walk("VEVENT"))
    assert [e.decoded("dtstart") for e in events] == [
        datetime.fromisoformat(item["starts_at"]) for item in created
    ]
    assert {e.decoded("dtstart").tzinfo for e in events} == {PARIS}
    assert [e.decoded("dtstart").hour for e in events] == [10] * 6
    assert [str(e["uid"]) for e in events] == [f"session-{i['id']}@panda-finder" for i in created]
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_cancelled_session_appears_cancelled_in_feeds(live: Workshops) -> None:
    workshop_id = live.workshop()
    session_id = live.session(workshop_id)
    cancel = {"status": "cancelled", "cancel_reason": "Animatrice absente"}
    changed = live.client.patch(f"/v1/sessions/{session_id}", headers=live.admin, json=cancel)
    assert changed.status_code == 200, changed.text
    place_feed = live.client.get(f"/v1/access-points/{live.place_id}/workshops.ics")
    (event,) = icalendar.Calendar.from_ical(place_feed.content).walk("VEVENT")
    assert (str(event["status"]), str(event["uid"])) == (
        "CANCELLED",
        f"session-{session_id}@panda-finder",
    )


def test_feed_answers_304_to_its_etag(live: Workshops) -> None:
    workshop_id = live.workshop()
    live.session(workshop_id)
    first = live.client.get(f"/v1/workshops/{workshop_id}/calendar.ics")
    again = live.client.get(
        f"/v1/workshops/{workshop_id}/calendar.ics",
        headers={"If-None-Match": first.headers["etag"]},
    )
    assert (again.status_code, first.headers["cache-control"]) == (304, "public, max-age=60")


def test_booking_gives_a_seat_an_sms_and_a_calendar_file(live: Workshops) -> None:
    session_id = live.session(live.workshop())
    booked = live.book(session_id)
    assert booked.status_code == 201, booked.text
    body = booked.json()
    assert body["registration"] | {"id": 0, "created_at": None} == {
        "id": 0,
        "session_id": session_id,
        "first_name": "Nadia",
        "last_initial": "B",
        "phone": "+33612345678",
        "email": None,
        "counsellor_name": "Claire Martin",
        "counsellor_agency": "France Travail Dijon Ouest",
        "status": "registered",
        "waiting_position": None,
        "attendance": None,
        "created_at": None,
    }
    assert body["sms"] == {
        "text": "Atelier : Je recherche, je me connecte\nmardi 19/03/2030 10:00-12:00\n"
        "PANDA Grésilles, 14 rue Camille Claudel, 21000 Dijon\n"
        "Apportez : votre smartphone chargé\nTél. 03 80 48 84 14",
        "segments": 2,
    }
    (event,) = icalendar.Calendar.from_ical(body["ics"]).walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2030, 3, 19, 10, tzinfo=PARIS)
    assert booked.headers["cache-control"] == "no-store"
    assert body["session"]["seats_left"] == 9


def test_full_session_queues_and_a_cancellation_promotes_the_first(live: Workshops) -> None:
    session_id = live.session(live.workshop(), capacity=2)
    answers = [live.book(session_id, first_name=f"P{n}").json() for n in range(4)]
    assert [
        (a["registration"]["status"], a["registration"]["waiting_position"]) for a in answers
    ] == [
        ("registered", None),
        ("registered", None),
        ("waiting", 1),
        ("waiting", 2),
    ]
    assert answers[2]["sms"]["text"].startswith("Liste d'attente (position 1) : ")
    first_id = answers[0]["registration"]["id"]
    cancelled = live.client.post(f"/v1/registrations/{first_id}/cancel", headers=live.counsellor)
    assert cancelled.json()["promoted"] == [answers[2]["registration"]["id"]]
    listed = live.client.get(f"/v1/sessions/{session_id}/registrations", headers=live.counsellor)
    assert [(r["first_name"], r["status"], r["waiting_position"]) for r in listed.json()] == [
        ("P0", "cancelled", None),
        ("P1", "registered", None),
        ("P2", "registered", None),
        ("P3", "waiting", 1),
    ]


def test_registration_list_is_only_the_booking_keys_and_every_read_is_logged(
    live: Workshops,
) -> None:
    session_id = live.session(live.workshop())
    booked = live.book(session_id).json()["registration"]
    other = bearer(make_key(live.client, "register"))
    path = f"/v1/sessions/{session_id}/registrations"
    assert live.client.get(path, headers=other).json() == []
    assert [r["id"] for r in live.client.get(path, headers=live.admin).json()] == [booked["id"]]
    refused = live.client.post(f"/v1/registrations/{booked['id']}/cancel", headers=other)
    assert refused.status_code == 404
    assert live.client.get(path).status_code == 401
    engine = live.client.app.state.runtime.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        reads = session.exec(select(RegistrationListRead)).all()
    assert [(r.session_id, r.reader.split(":")[0]) for r in reads] == [(session_id, "key")] * 2


def test_public_answers_carry_no_personal_data(live: Workshops) -> None:
    workshop_id = live.workshop()
    session_id = live.session(workshop_id)
    assert live.book(session_id).status_code == 201
    paths = [
        "/v1/sessions?from=2030-03-01T00:00:00",
        f"/v1/sessions/{session_id}",
        "/v1/workshops",
        f"/v1/workshops/{workshop_id}",
        f"/v1/workshops/{workshop_id}/calendar.ics",
        f"/v1/workshops/{workshop_id}/stats",
        f"/v1/access-points/{live.place_id}/workshops.ics",
        "/v1/sessions?from=2030-03-01T00:00:00&format=geojson",
    ]
    for path in paths:
        answer = live.client.get(path)
        assert answer.status_code == 200, path
        text = answer.text + str(answer.headers)
        for secret in ("Nadia", "612345678", "12 34 56 78", "Claire Martin", "Dijon Ouest"):
            assert secret not in text, (path, secret)
    assert live.client.get(f"/v1/sessions/{session_id}").json()["registered"] == 1


def test_seats_available_filter_leaves_out_full_and_cancelled_sessions(live: Workshops) -> None:
    workshop_id = live.workshop()
    full = live.session(workshop_id, capacity=1)
    free = live.session(workshop_id, starts_at="2030-03-20T10:00:00", ends_at="2030-03-20T12:00:00")
    live.book(full)
    answer = live.client.get(
        "/v1/sessions", params={"from": "2030-03-01T00:00:00", "seats_available": "true"}
    )
    assert [i["id"] for i in answer.json()["items"]] == [free]


def test_sessions_near_a_point_sorted_by_distance_within_radius(live: Workshops) -> None:
    session_id = live.session(live.workshop())
    near: dict[str, str | float] = {
        "from": "2030-03-01T00:00:00",
        "lat": 47.3216,
        "lon": 5.0415,
        "sort": "distance",
    }
    items = live.client.get("/v1/sessions", params=near).json()["items"]
    assert [(i["id"], i["distance_m"] > 2000) for i in items] == [(session_id, True)]
    far = near | {"radius_m": 500}
    assert live.client.get("/v1/sessions", params=far).json()["items"] == []


@pytest.mark.parametrize(
    ("rule", "detail"),
    [
        ("FREQ=DAILY;COUNT=201", "rrule : la règle RRULE donne plus de 200 séances"),
        ("FREQ=WEEKLY", "rrule : la règle RRULE doit finir"),
        ("FREQ=FORTNIGHTLY;COUNT=3", "rrule : règle RRULE illisible"),
    ],
)
def test_bad_rrule_refused_in_french_nothing_stored(
    live: Workshops, rule: str, detail: str
) -> None:
    workshop_id = live.workshop()
    body = {"starts_at": FIRST_TUESDAY, "ends_at": "2030-03-19T12:00:00", "rrule": rule}
    answer = live.client.post(
        f"/v1/workshops/{workshop_id}/sessions", headers=live.admin, json=body
    )
    assert (answer.status_code, answer.json()["error"]) == (422, "invalid_body")
    assert answer.json()["detail"].startswith(detail)
    assert live.client.get(f"/v1/workshops/{workshop_id}").json()["next_sessions"] == []


def test_session_ending_before_it_starts_is_refused(live: Workshops) -> None:
    workshop_id = live.workshop()
    body = {"starts_at": FIRST_TUESDAY, "ends_at": "2030-03-19T09:00:00"}
    answer = live.client.post(
        f"/v1/workshops/{workshop_id}/sessions", headers=live.admin, json=body
    )
    assert answer.status_code == 422
    assert "la séance doit finir après son début" in answer.json()["detail"]


def test_session_outside_opening_hours_is_stored_with_a_warning(live: Workshops) -> None:
    # PANDA Grésilles closes at 12:00 on Tuesdays and reopens at 14:00.
    created = live.sessions(
        live.workshop(), starts_at="2030-03-19T12:30:00", ends_at="2030-03-19T13:30:00"
    )
    assert len(created["items"]) == 1
    assert created["warnings"] == [
        "la séance du 19/03/2030 12:30 est en dehors des horaires d'ouverture du lieu "
        "(enregistrée quand même)"
    ]
    inside = live.sessions(live.workshop())
    assert inside["warnings"] == []


def test_capacity_below_registrations_refused_with_the_count(live: Workshops) -> None:
    session_id = live.session(live.workshop())
    for n in range(3):
        live.book(session_id, first_name=f"P{n}")
    path = f"/v1/sessions/{session_id}"
    answer = live.client.patch(path, headers=live.admin, json={"capacity": 2})
    assert (answer.status_code, answer.json()["registered"]) == (409, 3)
    assert "inférieure aux 3 inscrits" in answer.json()["detail"]
    assert live.client.get(path).json()["capacity"] == 10


@pytest.mark.parametrize(
    ("fields", "status", "error", "detail"),
    [
        ({"consent": False}, 422, "invalid_request", "la personne doit avoir donné son accord"),
        ({"phone": "12345"}, 422, "invalid_request", "numéro de mobile invalide"),
        ({"phone": "03 80 48 84 14"}, 422, "invalid_request", "numéro de mobile invalide"),
    ],
)
def test_bad_booking_refused_nothing_written(
    live: Workshops, fields: dict[str, Any], status: int, error: str, detail: str
) -> None:
    session_id = live.session(live.workshop())
    answer = live.book(session_id, **fields)
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    assert detail in answer.json()["detail"]
    assert live.registrations() == 0


def test_booking_a_cancelled_past_or_unknown_session_is_refused(live: Workshops) -> None:
    workshop_id = live.workshop()
    cancelled = live.session(workshop_id)
    live.client.patch(
        f"/v1/sessions/{cancelled}",
        headers=live.admin,
        json={"status": "cancelled", "cancel_reason": "Travaux"},
    )
    past = live.session(workshop_id, starts_at="2020-03-17T10:00:00", ends_at="2020-03-17T12:00:00")
    answers = [live.book(cancelled), live.book(past), live.book(999_999)]
    assert [(a.status_code, a.json()["error"]) for a in answers] == [
        (409, "session_closed"),
        (409, "session_closed"),
        (404, "not_found"),
    ]
    assert answers[0].json()["detail"] == (
        f"la séance {cancelled} est annulée (Travaux) : rien n'a été réservé"
    )
    assert live.registrations() == 0


def test_booking_needs_the_register_scope(live: Workshops) -> None:
    session_id = live.session(live.workshop())
    writer = bearer(make_key(live.client, "write"))
    path = f"/v1/sessions/{session_id}/registrations"
    answers = [
        live.client.post(path, json=PERSON),
        live.client.post(path, headers=writer, json=PERSON),
    ]
    assert [a.status_code for a in answers] == [401, 403]
    refused = live.client.post("/v1/workshops", headers=live.counsellor, json={})
    assert refused.status_code == 403


def test_attendance_after_the_session_and_stats_survive_the_purge(live: Workshops) -> None:
    workshop_id = live.workshop()
    future = live.session(workshop_id)
    early = live.book(future).json()["registration"]["id"]
    too_early = live.client.put(
        f"/v1/registrations/{early}/attendance", headers=live.admin, json={"attendance": "present"}
    )
    assert (too_early.status_code, too_early.json()["error"]) == (409, "session_not_started")
    engine = live.client.app.state.runtime.engine  # type: ignore[attr-defined]
    past = live.session(workshop_id, starts_at="2030-03-26T10:00:00", ends_at="2030-03-26T12:00:00")
    ids = [live.book(past, first_name=f"P{n}").json()["registration"]["id"] for n in range(3)]
    _move_to_the_past(engine, past)
    for registration_id, attendance in zip(ids, ["present", "present", "absent"], strict=True):
        marked = live.client.put(
            f"/v1/registrations/{registration_id}/attendance",
            headers=live.counsellor,
            json={"attendance": attendance},
        )
        assert marked.status_code == 200, marked.text
    expected = {
        "workshop_id": workshop_id,
        "sessions_held": 1,
        "sessions_cancelled": 0,
        "seats_offered": 10,
        "booked": 3,
        "attended": 2,
        "no_shows": 1,
        "waiting_list_peak": 0,
    }
    assert live.client.get(f"/v1/workshops/{workshop_id}/stats").json() == expected
    with Session(engine) as session:
        report = purge_registrations(session, datetime.now(UTC), 30)
        left = session.exec(select(Registration)).all()
    assert (report.sessions, report.registrations) == (1, 3)
    assert [r.id for r in left] == [early]
    assert live.client.get(f"/v1/workshops/{workshop_id}/stats").json() == expected


def test_writes_are_audited(live: Workshops) -> None:
    workshop_id = live.workshop()
    session_id = live.session(workshop_id)
    live.client.patch(f"/v1/sessions/{session_id}", headers=live.admin, json={"capacity": 12})
    engine = live.client.app.state.runtime.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        entries = session.exec(
            select(WorkshopAuditEntry).order_by(col(WorkshopAuditEntry.id))
        ).all()
    assert [(e.action, e.session_id) for e in entries] == [
        ("create", None),
        ("create", session_id),
        ("update", session_id),
    ]
    assert entries[2].changes == {"capacity": {"before": 10, "after": 12}}


def _move_to_the_past(engine: Any, session_id: int) -> None:
    """Put a session 40 days back (bookings are refused on started sessions, not stored ones)."""
    from models.workshop import WorkshopSession

    with Session(engine) as session:
        stored = session.get(WorkshopSession, session_id)
        assert stored is not None
        now = datetime.now(UTC)
        stored.starts_at, stored.ends_at = (
            now - timedelta(days=40, hours=2),
            now - timedelta(days=40),
        )
        session.add(stored)
        session.commit()


def test_nearest_keeps_places_with_free_seats_within_the_days_and_shows_sessions(
    client_factory: Callable[..., TestClient],
) -> None:
    other = make_access_point(name="PANDA Fontaine d'Ouche", latitude=47.3145, longitude=5.0085)
    live = Workshops(client_factory(places=[make_access_point(), other]))
    soon = datetime.now(PARIS).replace(microsecond=0) + timedelta(days=3)
    times = {"starts_at": soon.isoformat(), "ends_at": (soon + timedelta(hours=2)).isoformat()}
    session_id = live.session(live.workshop(), **times)
    point = {"lat": 47.3216, "lon": 5.0415}
    everyone = live.client.get("/v1/access-points/nearest", params=point).json()
    assert len(everyone["items"]) == 2
    kept = live.client.get(
        "/v1/access-points/nearest", params=point | {"workshop_within_days": 14}
    ).json()
    assert [item["id"] for item in kept["items"]] == [live.place_id]
    (shown,) = kept["next_sessions"][str(live.place_id)]
    assert (shown["session_id"], shown["seats_left"]) == (session_id, 10)
    assert shown["label"].startswith("Prochain atelier : ")
    assert shown["label"].endswith(f"{soon:%d/%m} {soon:%H:%M}, 10 places")
    too_soon = point | {"workshop_within_days": 2}
    assert live.client.get("/v1/access-points/nearest", params=too_soon).json()["items"] == []


def test_sessions_near_an_address_carry_the_location_understood(live: Workshops) -> None:
    session_id = live.session(live.workshop())
    params = {"from": "2030-03-01T00:00:00", "address": "14 rue Camille Claudel Dijon"}
    answer = live.client.get("/v1/sessions", params=params | {"radius_m": 1000})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [(i["id"], i["distance_m"] < 100) for i in body["items"]] == [(session_id, True)]
    assert body["location"]["label"] == "14 Rue Camille Claudel 21000 Dijon"
    unknown = live.client.get("/v1/sessions", params={"address": "zzzz qqqq"})
    assert (unknown.status_code, unknown.json()["error"]) == (404, "address_not_found")


def test_workshop_update_refuses_null_for_a_required_field(live: Workshops) -> None:
    workshop_id = live.workshop()
    path = f"/v1/workshops/{workshop_id}"
    answer = live.client.patch(path, headers=live.admin, json={"capacity": None, "fee": None})
    assert answer.status_code == 422
    assert answer.json()["detail"] == "capacity : une valeur est obligatoire (null ne l'efface pas)"
    changed = live.client.patch(path, headers=live.admin, json={"capacity": 8, "fee": "Gratuit"})
    assert (changed.json()["capacity"], changed.json()["fee"]) == (8, "Gratuit")
