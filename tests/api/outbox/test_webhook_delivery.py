"""Webhook calls (api/outbox/webhook_delivery.py) to a real receiver on 127.0.0.1: the exact
body, its signature and Idempotency-Key; a redirect, an error or silence is a failure."""

import asyncio

import httpx

from api.outbox.outcome import Outcome
from api.outbox.signing import verify
from api.outbox.store import Delivery
from api.outbox.webhook_delivery import send_webhook
from models.outbox import Channel
from tests.api.outbox.receivers import webhook_receiver
from tests.live_server import free_port

BODY = '{"id":"k1","event":"review.due","created_at":"2027-03-16T09:00:00+00:00","data":{}}'


def delivery(url: str) -> Delivery:
    return Delivery(
        id=1,
        channel=Channel.WEBHOOK,
        kind="review.due",
        event="review.due",
        idempotency_key="k1",
        attempts=0,
        recipient=None,
        subject=None,
        body=BODY,
        url=url,
        secret="whsec_test",
    )


def post(url: str, timeout_s: float = 2.0) -> Outcome:
    async def run() -> Outcome:
        async with httpx.AsyncClient(follow_redirects=False) as client:
            return await send_webhook(delivery(url), client, timeout_s)

    return asyncio.run(run())


def test_send_webhook_posts_the_exact_body_signed() -> None:
    with webhook_receiver() as receiver:
        outcome = post(receiver.url)
    [call] = receiver.calls
    assert outcome.delivered
    assert call.body == BODY.encode()
    assert call.headers["Idempotency-Key"] == "k1"
    assert call.headers["X-Panda-Event"] == "review.due"
    assert call.headers["User-Agent"] == "PANDA-finder-outbox/1"
    assert verify("whsec_test", call.body, call.headers["X-Panda-Signature"])


def test_send_webhook_counts_an_error_status_or_a_redirect_as_a_failure() -> None:
    with webhook_receiver(status=500) as failing:
        error = post(failing.url)
    with webhook_receiver(status=301) as moving:
        moved = post(moving.url)
    assert (error.delivered, error.error) == (False, "HTTP 500")
    assert (moved.delivered, moved.error) == (False, "HTTP 301")


def test_send_webhook_gives_up_on_a_silent_receiver_at_its_timeout() -> None:
    with webhook_receiver(hang_s=1.5) as silent:
        outcome = post(silent.url, timeout_s=0.3)
    assert (outcome.delivered, outcome.error) == (False, "délai dépassé")


def test_send_webhook_to_nobody_listening_fails_to_connect() -> None:
    outcome = post(f"http://127.0.0.1:{free_port()}/hook")
    assert (outcome.delivered, outcome.permanent) == (False, False)
    assert outcome.error.startswith("connexion impossible")
