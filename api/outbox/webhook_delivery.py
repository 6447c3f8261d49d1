"""Webhook calls: an HTTP POST of the row's exact body, signed, with its Idempotency-Key.

Headers: `Content-Type: application/json`, `Idempotency-Key` (also the body's `id`),
`X-Panda-Event`, and `X-Panda-Signature: t=…,v1=…` (api/outbox/signing.py). Any 2xx is a
delivery; anything else, a redirect, a timeout or a refused connection is retried.
"""

import asyncio

import httpx

from api.outbox.outcome import DELIVERED, Outcome, failed
from api.outbox.signing import SIGNATURE_HEADER, signature_header
from api.outbox.store import Delivery

USER_AGENT = "PANDA-finder-outbox/1"


def headers_for(delivery: Delivery, body: bytes) -> dict[str, str]:
    """The headers of one call; the signature is made now, over the exact body."""
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Idempotency-Key": delivery.idempotency_key,
        "X-Panda-Event": delivery.event or "",
        SIGNATURE_HEADER: signature_header(delivery.secret or "", body),
    }


async def send_webhook(delivery: Delivery, client: httpx.AsyncClient, timeout_s: float) -> Outcome:
    """POST the body to the subscription's URL; the whole call is bounded by `timeout_s`."""
    if not delivery.url or delivery.body is None:
        return failed("abonnement ou contenu absent", permanent=True)
    body = delivery.body.encode()
    try:
        # A receiver that trickles its answer byte by byte is cut off too, not only a silent one.
        async with asyncio.timeout(timeout_s):
            response = await client.post(
                delivery.url, content=body, headers=headers_for(delivery, body)
            )
    except TimeoutError:
        return failed("délai dépassé")
    except httpx.TimeoutException:
        return failed("délai dépassé")
    except httpx.HTTPError as exc:
        return failed(f"connexion impossible ({type(exc).__name__})")
    if 200 <= response.status_code < 300:
        return DELIVERED
    return failed(f"HTTP {response.status_code}")
