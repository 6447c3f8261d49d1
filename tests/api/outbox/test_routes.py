"""Subscriptions over HTTP (api/outbox/routes.py): admin only, the secret shown once, French
refusals; created concurrently through a real server, on SQLite and PostgreSQL."""

from collections.abc import Callable
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.auth.keys import create_key
from api.database import make_engine
from api.outbox.enqueue import enqueue_event
from models.api_key import Scope
from models.outbox import OutboxMessage, WebhookSubscription
from tests.conftest import bearer, make_key
from tests.live_server import UNTHROTTLED, panda_server, server_database
from tests.system.test_workshop_concurrency import TIMEOUT_S, together

HOOK = {"url": "https://sms.example.org/panda", "events": ["sms.requested", "session.changed"]}


def test_create_subscription_answers_201_with_its_secret_once(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory()
    admin = bearer(make_key(client, "admin"))
    created = client.post("/v1/subscriptions", json=HOOK | {"description": "SMS"}, headers=admin)
    listed = client.get("/v1/subscriptions", headers=admin)
    body = created.json()
    assert created.status_code == 201
    assert body["secret"].startswith("whsec_")
    assert (body["url"], body["events"], body["description"]) == (
        HOOK["url"],
        ["session.changed", "sms.requested"],
        "SMS",
    )
    assert body["created_by"].startswith("key:")
    assert listed.status_code == 200
    assert listed.json() == [{k: v for k, v in body.items() if k != "secret"}]


def test_subscription_routes_refuse_without_the_admin_scope(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory()
    writer = bearer(make_key(client, "write"))
    assert client.post("/v1/subscriptions", json=HOOK).status_code == 401
    refused = client.get("/v1/subscriptions", headers=writer)
    assert (refused.status_code, refused.json()["error"]) == (403, "forbidden")
    assert client.delete("/v1/subscriptions/1", headers=writer).status_code == 403


def test_create_subscription_refuses_bad_urls_and_events_in_french(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory()
    admin = bearer(make_key(client, "admin"))
    cases = [
        ({"url": "ftp://example.org/x", "events": ["review.due"]}, "n'est pas une adresse http"),
        ({"url": "https://u:p@example.org/", "events": ["review.due"]}, "pas d'identifiants"),
        ({"url": "https://example.org/", "events": ["place.exploded"]}, "events.0"),
        ({"url": "https://example.org/", "events": []}, "events"),
        (HOOK | {"secret": "mine"}, "secret"),
    ]
    for body, words in cases:
        answer = client.post("/v1/subscriptions", json=body, headers=admin)
        assert answer.status_code == 422, body
        assert words in answer.json()["detail"], answer.json()


def test_remove_subscription_parks_its_pending_deliveries(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory()
    admin = bearer(make_key(client, "admin"))
    subscription_id = client.post("/v1/subscriptions", json=HOOK, headers=admin).json()["id"]
    engine = client.app.state.runtime.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        enqueue_event(session, event="session.changed", payload={"n": 1}, dedupe_key="x")
        session.commit()
    removed = client.delete(f"/v1/subscriptions/{subscription_id}", headers=admin)
    again = client.delete(f"/v1/subscriptions/{subscription_id}", headers=admin)
    with Session(engine) as session:
        [row] = session.exec(select(OutboxMessage)).all()
    assert removed.status_code == 200 and again.status_code == 404
    assert again.json()["error"] == "not_found"
    assert client.get("/v1/subscriptions", headers=admin).json() == []
    assert (row.state, row.last_error, row.body) == ("dead", "abonnement supprimé", None)


def test_subscriptions_created_concurrently_through_a_server(tmp_path: Path) -> None:
    """Twelve admins at once, while events are held: each subscription is stored once with
    its own secret; each held event is handed over, to no subscription twice."""
    with server_database(tmp_path) as url, panda_server(tmp_path, url, **UNTHROTTLED) as base:
        engine = make_engine(url)
        with Session(engine) as session:
            _key, secret = create_key(session, "admin-test", [Scope.ADMIN])
            for n in range(3):
                enqueue_event(session, event="review.due", payload={"n": n}, dedupe_key=f"r{n}")
            session.commit()

        def create(n: int) -> httpx.Response:
            body = {"url": f"http://127.0.0.1:9/hook/{n}", "events": ["review.due"]}
            return httpx.post(
                f"{base}/v1/subscriptions", json=body, headers=bearer(secret), timeout=TIMEOUT_S
            )

        answers = together(12, create)
        with Session(engine) as session:
            stored = session.exec(select(WebhookSubscription)).all()
            rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        engine.dispose()
    assert [a.status_code for a in answers] == [201] * 12, [a.text for a in answers]
    assert len({a.json()["secret"] for a in answers}) == 12
    assert sorted(s.url for s in stored) == sorted(
        f"http://127.0.0.1:9/hook/{n}" for n in range(12)
    )
    # No event is held any more, and none reached a subscription twice.
    assert [r for r in rows if r.subscription_id is None] == []
    pairs = [(r.subscription_id, r.dedupe_key.split("|")[0]) for r in rows]
    assert len(pairs) == len(set(pairs))
    assert {key for _sid, key in pairs} == {"r0", "r1", "r2"}
