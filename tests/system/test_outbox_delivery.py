"""Delivery you can trust, through `panda serve` (SQLite file, or PostgreSQL when
PANDA_TEST_DATABASE_URL is set) and a real webhook receiver on 127.0.0.1:

- cancelling a session of 10 registered and 3 waiting gives exactly 13 SMS notices, each naming
  the workshop; the server SIGKILLed in the middle of delivering them and started again, the
  receiver still counts exactly 13 by Idempotency-Key, each signed;
- two servers on one database deliver 100 rows, none twice;
- a session cancelled by six admins at once while three people leave queues each notice once.
"""

import os
import signal
import time
from pathlib import Path
from typing import Any

import httpx
import orjson
from sqlmodel import Session, select

from api.auth.keys import create_key
from api.database import make_engine
from api.outbox.enqueue import enqueue_event
from api.outbox.signing import verify
from api.outbox.subscriptions import SubscriptionCreate, create
from models.api_key import Scope
from models.outbox import DeliveryState, Event, OutboxMessage
from tests.api.outbox.receivers import WebhookReceiver, wait_for, webhook_receiver
from tests.live_server import UNTHROTTLED, live_server, server_database
from tests.system.test_workshop_concurrency import together

TIMEOUT_S = 60.0
# Short timeouts, so that a killed sender's lease (2 x 1 s + 5 s) ends within the test.
FAST = UNTHROTTLED | {
    "PANDA_OUTBOX_INTERVAL_S": "0.2",
    "PANDA_WEBHOOK_TIMEOUT_S": "1",
    "PANDA_SMTP_TIMEOUT_S": "1",
    "PANDA_OUTBOX_BACKOFF_BASE_S": "0.2",
    "PANDA_OUTBOX_BACKOFF_MAX_S": "1",
}
TITLE = "Je recherche, je me connecte"


def keys(url: str) -> tuple[dict[str, str], dict[str, str]]:
    engine = make_engine(url)
    with Session(engine) as session:
        _a, admin = create_key(session, "admin-test", [Scope.ADMIN])
        _c, counsellor = create_key(session, "counsellor-test", [Scope.REGISTER])
    engine.dispose()
    return {"Authorization": f"Bearer {admin}"}, {"Authorization": f"Bearer {counsellor}"}


def send(base: str, method: str, path: str, key: dict[str, str], **kw: Any) -> httpx.Response:
    answer = httpx.request(method, base + path, headers=key, timeout=TIMEOUT_S, **kw)
    assert answer.status_code < 300, answer.text
    return answer


def full_session(base: str, admin: dict[str, str], counsellor: dict[str, str]) -> int:
    """A session with 10 seats, booked by 13 people with a phone: 10 seats, 3 in line."""
    place = send(base, "GET", "/v1/access-points", {}).json()["items"][0]["id"]
    workshop = {"title": TITLE, "organiser_id": place, "venue_id": place}
    workshop_id = send(base, "POST", "/v1/workshops", admin, json=workshop).json()["id"]
    times = {"starts_at": "2030-03-19T10:00:00", "ends_at": "2030-03-19T12:00:00", "capacity": 10}
    made = send(base, "POST", f"/v1/workshops/{workshop_id}/sessions", admin, json=times)
    session_id: int = made.json()["items"][0]["id"]
    for n in range(13):
        person = {
            "first_name": f"Personne{n}",
            "last_initial": "B",
            "phone": f"06 12 34 56 {n:02d}",
            "counsellor_name": "Claire Martin",
            "counsellor_agency": "France Travail Dijon Ouest",
            "consent": True,
        }
        send(base, "POST", f"/v1/sessions/{session_id}/registrations", counsellor, json=person)
    return session_id


def pending(url: str) -> int:
    """Rows still to deliver (events no subscription chose stay held: not counted)."""
    engine = make_engine(url)
    with Session(engine) as session:
        query = select(OutboxMessage).where(OutboxMessage.state == "pending")
        rows = session.exec(query.where(OutboxMessage.recipient_key != "held")).all()
    engine.dispose()
    return len(rows)


def test_a_sigkill_during_delivery_still_gives_exactly_13_notices(tmp_path: Path) -> None:
    with server_database(tmp_path) as url, webhook_receiver(slow_s=0.4) as receiver:
        with live_server(tmp_path, url, **FAST) as server:
            admin, counsellor = keys(url)
            hook = {"url": receiver.url, "events": ["sms.requested"]}
            secret = send(server.base, "POST", "/v1/subscriptions", admin, json=hook).json()
            session_id = full_session(server.base, admin, counsellor)
            cancel = {"status": "cancelled", "cancel_reason": "Animatrice absente"}
            send(server.base, "PATCH", f"/v1/sessions/{session_id}", admin, json=cancel)
            wait_for(lambda: len(receiver.calls) >= 4, TIMEOUT_S)
            os.kill(server.pid, signal.SIGKILL)
            at_kill = len(receiver.calls)
        assert at_kill < 13, "the kill came after the last delivery: nothing was tested"
        with live_server(tmp_path, url, **FAST):
            wait_for(lambda: len(receiver.unique_keys()) >= 13 and pending(url) == 0, TIMEOUT_S)
            time.sleep(1.0)  # anything sent twice would arrive meanwhile
    check_thirteen(receiver, secret["secret"])


def check_thirteen(receiver: WebhookReceiver, secret: str) -> None:
    """13 notices by Idempotency-Key; a repeat (the call in flight at the kill) is the same one."""
    by_key: dict[str, bytes] = {}
    for call in receiver.calls:
        key = call.headers["Idempotency-Key"]
        assert by_key.setdefault(key, call.body) == call.body
        assert verify(secret, call.body, call.headers["X-Panda-Signature"])
    assert len(by_key) == 13
    assert len(receiver.calls) - len(by_key) <= 1
    notices = [orjson.loads(body)["data"] for body in by_key.values()]
    assert sorted(n["to"] for n in notices) == sorted(f"+336123456{n:02d}" for n in range(13))
    assert all(n["text"].startswith(f"Séance annulée : {TITLE}\nmardi 19/03/2030") for n in notices)
    assert all("Motif : Animatrice absente" in n["text"] for n in notices)


def test_two_servers_on_one_database_never_deliver_a_row_twice(tmp_path: Path) -> None:
    with (
        server_database(tmp_path) as url,
        webhook_receiver() as receiver,
        live_server(tmp_path, url, **FAST),
        live_server(tmp_path, url, **FAST),
    ):
        engine = make_engine(url)
        with Session(engine) as session:
            for n in range(20):
                body = SubscriptionCreate(url=f"{receiver.url}?s={n}", events=[Event.REVIEW_DUE])
                create(session, body, "test")
            for n in range(5):
                enqueue_event(session, event="review.due", payload={"n": n}, dedupe_key=f"r{n}")
            session.commit()
            wait_for(lambda: len(receiver.calls) >= 100 and pending(url) == 0, TIMEOUT_S)
            time.sleep(1.0)
            states = {row.state for row in session.exec(select(OutboxMessage))}
        engine.dispose()
    assert states == {DeliveryState.SENT}
    assert len(receiver.calls) == 100 and len(receiver.unique_keys()) == 100
    # In order per subscription: each received its five events 0..4.
    by_subscription: dict[str, list[int]] = {}
    for call in receiver.calls:
        by_subscription.setdefault(call.path, []).append(orjson.loads(call.body)["data"]["n"])
    assert all(seen == [0, 1, 2, 3, 4] for seen in by_subscription.values())


def test_concurrent_cancellations_queue_each_notice_once(tmp_path: Path) -> None:
    """Six admins cancel one session at once while three people give up their seat: one
    cancellation notice per person still booked, none for those who left, none twice."""
    quiet = FAST | {"PANDA_OUTBOX_SENDER_ENABLED": "false"}
    with server_database(tmp_path) as url, live_server(tmp_path, url, **quiet) as server:
        admin, counsellor = keys(url)
        hook = {"url": "http://127.0.0.1:9/hook", "events": ["sms.requested"]}
        send(server.base, "POST", "/v1/subscriptions", admin, json=hook)
        session_id = full_session(server.base, admin, counsellor)
        booked = send(server.base, "GET", f"/v1/sessions/{session_id}/registrations", admin)
        leavers = [row["id"] for row in booked.json()[:3]]

        def act(n: int) -> httpx.Response:
            if n < 6:
                cancel = {"status": "cancelled", "cancel_reason": "Animatrice absente"}
                path = f"/v1/sessions/{session_id}"
                return httpx.patch(
                    server.base + path, json=cancel, headers=admin, timeout=TIMEOUT_S
                )
            path = f"/v1/registrations/{leavers[n - 6]}/cancel"
            return httpx.post(server.base + path, headers=counsellor, timeout=TIMEOUT_S)

        answers = together(9, act)
        engine = make_engine(url)
        with Session(engine) as session:
            rows = session.exec(
                select(OutboxMessage).where(OutboxMessage.event == "sms.requested")
            ).all()
        engine.dispose()
    assert [a.status_code for a in answers] == [200] * 9, [a.text for a in answers]
    live = [orjson.loads(r.body)["data"] for r in rows if r.state == "pending" and r.body]
    cancellations = [n for n in live if n["kind"] == "session.cancelled"]
    # Who left before the cancellation was never told; who left after had theirs withdrawn.
    assert len(cancellations) == 10
    assert len({r.dedupe_key for r in rows}) == len(rows)
    assert all(n["kind"] in ("session.cancelled", "registration.promoted") for n in live)
