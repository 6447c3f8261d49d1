"""Stewards manage their place's workshops (issue 12) with `X-Steward-Token`: writes, the
registration lists (each read logged), cancelling and attendance; another place's steward
gets 403 and writes nothing; a revoked or expired link 401, before the body is read. On
SQLite, or PostgreSQL with PANDA_TEST_DATABASE_URL."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from api.auth.keys import create_key
from api.database import make_engine
from api.stewards import links as stewards
from models.api_key import Scope
from models.registration import RegistrationListRead
from models.steward import StewardLink
from models.workshop import Workshop, WorkshopSession
from models.workshop_audit import WorkshopAuditEntry
from tests.api.http.test_body_limit import Sent
from tests.api.workshops.test_routes_read import PERSON, _move_to_the_past
from tests.conftest import bearer, make_access_point, make_key
from tests.live_server import UNTHROTTLED, panda_server, server_database
from tests.system.test_workshop_concurrency import TIMEOUT_S, together

TIMES = {"starts_at": "2030-03-19T10:00:00", "ends_at": "2030-03-19T12:00:00"}


def steward(token: str) -> dict[str, str]:
    return {"X-Steward-Token": token}


class Places:
    """Two places, a steward of each, an admin key and a counsellor's key."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.engine = client.app.state.runtime.engine  # type: ignore[attr-defined]
        self.admin = bearer(make_key(client, "admin"))
        self.counsellor = bearer(make_key(client, "register"))
        items = client.get("/v1/access-points").json()["items"]
        self.mine, self.other = sorted(p["id"] for p in items)
        self.token = self.issue(self.mine, "Camille Martin")
        self.stranger = self.issue(self.other, "Léa Durand")

    def issue(self, place_id: int, name: str) -> str:
        with Session(self.engine) as session:
            _link, token = stewards.issue(session, place_id, name)
        return token

    def workshop_body(self, place_id: int) -> dict[str, Any]:
        return {"title": "Je recherche, je me connecte", "organiser_id": place_id} | {
            "venue_id": place_id
        }

    def count(self, model: Any) -> int:
        with Session(self.engine) as session:
            return int(session.exec(select(func.count()).select_from(model)).one())

    def audit(self) -> list[WorkshopAuditEntry]:
        with Session(self.engine) as session:
            query = select(WorkshopAuditEntry).order_by(col(WorkshopAuditEntry.id))
            return list(session.exec(query).all())


@pytest.fixture
def places(client_factory: Callable[..., TestClient]) -> Places:
    made = [make_access_point(source="city", source_id=f"s-{n}") for n in (1, 2)]
    return Places(client_factory(places=made, rate_limit_enabled=False))


def test_steward_creates_cancels_marks_and_reads_their_places_workshop(places: Places) -> None:
    client, mine = places.client, steward(places.token)
    created = client.post("/v1/workshops", headers=mine, json=places.workshop_body(places.mine))
    assert created.status_code == 201, created.text
    workshop_id = created.json()["id"]
    path = f"/v1/workshops/{workshop_id}/sessions"
    sessions = client.post(path, headers=mine, json=TIMES | {"rrule": "FREQ=WEEKLY;COUNT=2"})
    assert sessions.status_code == 201, sessions.text
    first, second = (item["id"] for item in sessions.json()["items"])
    changed = client.patch(f"/v1/workshops/{workshop_id}", headers=mine, json={"capacity": 12})
    assert (changed.status_code, changed.json()["capacity"]) == (200, 12)
    cancelled = client.patch(
        f"/v1/sessions/{second}",
        headers=mine,
        json={"status": "cancelled", "cancel_reason": "Animatrice absente"},
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["session"]["status"] == "cancelled"

    booked = [
        client.post(
            f"/v1/sessions/{first}/registrations",
            headers=places.counsellor,
            json=PERSON | {"first_name": f"P{n}"},
        ).json()["registration"]["id"]
        for n in range(3)
    ]
    listed = client.get(f"/v1/sessions/{first}/registrations", headers=mine)
    assert listed.status_code == 200, listed.text
    assert [r["id"] for r in listed.json()] == booked
    assert listed.headers["cache-control"] == "no-store"
    gone = client.post(f"/v1/registrations/{booked[2]}/cancel", headers=mine)
    assert (gone.status_code, gone.json()["registration"]["status"]) == (200, "cancelled")
    _move_to_the_past(places.engine, first)
    for registration_id, attendance in zip(booked[:2], ["present", "absent"], strict=True):
        marked = client.put(
            f"/v1/registrations/{registration_id}/attendance",
            headers=mine,
            json={"attendance": attendance},
        )
        assert (marked.status_code, marked.json()["attendance"]) == (200, attendance)

    with Session(places.engine) as session:
        reads = session.exec(select(RegistrationListRead)).all()
    assert [(r.session_id, r.reader) for r in reads] == [(first, "steward:Camille Martin")]
    entries = places.audit()
    assert [(e.action, e.session_id) for e in entries] == [
        ("create", None),
        ("create", first),
        ("create", second),
        ("update", None),
        ("cancel", second),
    ]
    assert {e.actor for e in entries} == {"steward:Camille Martin"}


def test_steward_of_another_place_is_403_and_nothing_is_written(places: Places) -> None:
    client, stranger = places.client, steward(places.stranger)
    body = places.workshop_body(places.mine)
    refused = client.post("/v1/workshops", headers=stranger, json=body)
    assert (refused.status_code, refused.json()["error"]) == (403, "steward_wrong_place")
    assert "autre lieu" in refused.json()["detail"]
    assert places.count(Workshop) == 0

    workshop_id = client.post("/v1/workshops", headers=places.admin, json=body).json()["id"]
    session_id = client.post(
        f"/v1/workshops/{workshop_id}/sessions", headers=places.admin, json=TIMES
    ).json()["items"][0]["id"]
    booked = client.post(
        f"/v1/sessions/{session_id}/registrations", headers=places.counsellor, json=PERSON
    ).json()["registration"]["id"]
    before = (places.count(WorkshopAuditEntry), places.count(WorkshopSession))
    attempts = [
        client.patch(f"/v1/workshops/{workshop_id}", headers=stranger, json={"capacity": 3}),
        client.post(f"/v1/workshops/{workshop_id}/sessions", headers=stranger, json=TIMES),
        client.patch(
            f"/v1/sessions/{session_id}",
            headers=stranger,
            json={"status": "cancelled", "cancel_reason": "non"},
        ),
        client.get(f"/v1/sessions/{session_id}/registrations", headers=stranger),
    ]
    assert [(a.status_code, a.json()["error"]) for a in attempts] == [
        (403, "steward_wrong_place")
    ] * 4
    # A single registration of another place is not theirs to learn of: 404, as for keys.
    cancel = client.post(f"/v1/registrations/{booked}/cancel", headers=stranger)
    assert cancel.status_code == 404
    assert (places.count(WorkshopAuditEntry), places.count(WorkshopSession)) == before
    assert places.count(RegistrationListRead) == 0
    assert client.get(f"/v1/workshops/{workshop_id}").json()["capacity"] == 10
    status = client.get(f"/v1/sessions/{session_id}").json()["status"]
    assert status == "scheduled"


def test_admin_refusal_message_names_the_stewards(places: Places) -> None:
    counsellor = places.client.post(
        "/v1/workshops", headers=places.counsellor, json=places.workshop_body(places.mine)
    )
    assert counsellor.status_code == 403
    assert "bientôt" not in counsellor.json()["detail"]


def test_revoked_or_expired_link_is_401_and_nothing_is_written(places: Places) -> None:
    client = places.client
    body = places.workshop_body(places.mine)
    with Session(places.engine) as session:
        link = session.exec(select(StewardLink).order_by(col(StewardLink.id))).first()
        assert link is not None
        stewards.revoke(session, link.id or 0)
    revoked = client.post("/v1/workshops", headers=steward(places.token), json=body)
    assert (revoked.status_code, revoked.json()["error"]) == (401, "steward_link_revoked")
    assert "retiré" in revoked.json()["detail"]

    expiring = places.issue(places.mine, "Sam Petit")
    with Session(places.engine) as session:
        latest = session.exec(select(StewardLink).order_by(col(StewardLink.id).desc())).first()
        assert latest is not None
        latest.expires_at = datetime.now(UTC) - timedelta(days=1)
        session.add(latest)
        session.commit()
    expired = client.post("/v1/workshops", headers=steward(expiring), json=body)
    assert (expired.status_code, expired.json()["error"]) == (401, "steward_link_expired")
    forged = client.get("/v1/sessions/1/registrations", headers=steward("st_0000_nope"))
    assert (forged.status_code, forged.json()["error"]) == (401, "steward_link_invalid")
    assert places.count(Workshop) == 0


def test_bad_token_is_401_before_a_byte_of_the_body_is_read(places: Places) -> None:
    places.client.app.state.rate_limits = None  # type: ignore[attr-defined]
    headers = steward("st_000000000000_nope") | {"content-type": "application/json"}
    sent = Sent(places.client, "POST", "/v1/workshops", headers, 640_000)
    assert (sent.status, sent.body["error"], sent.read) == (401, "steward_link_invalid", 0)


def test_an_api_key_wins_over_a_steward_token(places: Places) -> None:
    headers = places.admin | steward(places.stranger)
    created = places.client.post(
        "/v1/workshops", headers=headers, json=places.workshop_body(places.mine)
    )
    assert created.status_code == 201, created.text
    assert places.audit()[0].actor.startswith("key:")


def test_steward_header_is_documented_on_the_write_routes(places: Places) -> None:
    spec = places.client.get("/openapi.json").json()
    for path, method in [
        ("/v1/workshops", "post"),
        ("/v1/workshops/{workshop_id}", "patch"),
        ("/v1/workshops/{workshop_id}/sessions", "post"),
        ("/v1/sessions/{session_id}", "patch"),
        ("/v1/sessions/{session_id}/registrations", "get"),
        ("/v1/registrations/{registration_id}/cancel", "post"),
        ("/v1/registrations/{registration_id}/attendance", "put"),
    ]:
        operation = spec["paths"][path][method]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert "X-Steward-Token" in headers, (path, method)
        assert "steward_wrong_place" in operation["responses"]["403"]["description"]
    booking = spec["paths"]["/v1/sessions/{session_id}/registrations"]["post"]
    assert "X-Steward-Token" not in {p["name"] for p in booking.get("parameters", [])}


def test_each_use_of_a_steward_link_counts_against_its_own_limit(
    client_factory: Callable[..., TestClient],
) -> None:
    made = [make_access_point(source="city", source_id=f"s-{n}") for n in (1, 2)]
    limited = Places(client_factory(places=made, rate_limit_writes="2/minute"))
    path = "/v1/sessions/1/registrations"  # a read for the address, a use of the link
    answers = [limited.client.get(path, headers=steward(limited.token)) for _ in range(3)]
    assert [a.status_code for a in answers] == [404, 404, 429]
    assert "retry-after" in answers[2].headers
    other = limited.client.get(path, headers=steward(limited.stranger))
    assert other.status_code == 404


def test_stewards_and_an_admin_editing_one_workshop_at_once_through_a_server(
    tmp_path: Path,
) -> None:
    with server_database(tmp_path) as url, panda_server(tmp_path, url, **UNTHROTTLED) as base:
        places = httpx.get(f"{base}/v1/access-points", timeout=TIMEOUT_S).json()["items"]
        mine, other = places[0]["id"], places[1]["id"]
        engine = make_engine(url)
        with Session(engine) as session:
            _key, admin = create_key(session, "admin-test", [Scope.ADMIN])
            tokens = [stewards.issue(session, mine, f"Référent {n}")[1] for n in range(3)]
            stranger = stewards.issue(session, other, "Léa Durand")[1]
        writers = [bearer(admin)] + [steward(t) for t in tokens]

        def send(method: str, path: str, headers: dict[str, str], **kw: Any) -> httpx.Response:
            return httpx.request(method, base + path, headers=headers, timeout=TIMEOUT_S, **kw)

        body = {"title": "Je recherche, je me connecte", "organiser_id": mine, "venue_id": mine}
        created = send("POST", "/v1/workshops", steward(tokens[0]), json=body)
        assert created.status_code == 201, created.text
        workshop_id = created.json()["id"]
        edits = 12

        def edit(n: int) -> httpx.Response:
            if n == edits:
                return send("PATCH", f"/v1/workshops/{workshop_id}", steward(stranger), json={})
            headers = writers[n % len(writers)]
            if n % 3 == 2:
                day = f"2031-02-{n + 1:02d}"
                times = {"starts_at": f"{day}T10:00:00", "ends_at": f"{day}T12:00:00"}
                return send("POST", f"/v1/workshops/{workshop_id}/sessions", headers, json=times)
            patch = {"capacity": 11 + n}
            return send("PATCH", f"/v1/workshops/{workshop_id}", headers, json=patch)

        answers = together(edits + 1, edit)
        expected = [201 if n % 3 == 2 else 200 for n in range(edits)] + [403]
        assert [a.status_code for a in answers] == expected, [a.text for a in answers]
        assert answers[-1].json()["error"] == "steward_wrong_place"
        with Session(engine) as session:
            query = select(WorkshopAuditEntry).where(WorkshopAuditEntry.workshop_id == workshop_id)
            entries = session.exec(query.order_by(col(WorkshopAuditEntry.id))).all()
        engine.dispose()
        updates = [e for e in entries if e.action == "update"]
        changes = [e.changes["capacity"] for e in updates]
        assert len(changes) == 8 and changes[0]["before"] == 10
        assert all(a["after"] == b["before"] for a, b in pairwise(changes))
        final = send("GET", f"/v1/workshops/{workshop_id}", {}).json()
        assert final["capacity"] == changes[-1]["after"]
        sessions = [e for e in entries if e.action == "create" and e.session_id is not None]
        assert len(sessions) == 4
        actors = {e.actor for e in entries}
        assert actors == {"key:1:admin-test"} | {f"steward:Référent {n}" for n in range(3)}
