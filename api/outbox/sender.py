"""The sender: claims due rows, delivers them concurrently, records each outcome.

`send_pass` runs until nothing is due (what `panda outbox send` runs once, for a cron);
`send_forever` repeats it every PANDA_OUTBOX_INTERVAL_S inside `panda serve`. A slow or
hanging receiver holds one slot of the batch for at most its timeout: the other recipients'
rows are claimed and sent meanwhile. Logs name rows by id and kind, never a recipient.
"""

import asyncio
import logging
from dataclasses import dataclass

import httpx
from sqlalchemy import Engine

from api import clock
from api.outbox.email_delivery import send_email
from api.outbox.outcome import Outcome
from api.outbox.store import Backoff, Delivery, claim, record_failure, record_sent
from api.outbox.subscriptions import route_held_now
from api.outbox.webhook_delivery import send_webhook
from api.settings import Settings
from models.outbox import Channel, DeliveryState

log = logging.getLogger(__name__)


@dataclass
class PassReport:
    """What one pass did: rows delivered, to be retried, parked."""

    sent: int = 0
    retried: int = 0
    dead: int = 0


def lease_s(settings: Settings) -> float:
    """How long a claim holds its rows: twice the longest delivery, and a margin."""
    return 2 * max(settings.webhook_timeout_s, settings.smtp_timeout_s) + 5


def channels_for(settings: Settings) -> list[Channel]:
    """Webhooks always; e-mails only once an SMTP server is set (until then they wait)."""
    return [Channel.WEBHOOK, Channel.EMAIL] if settings.smtp_host else [Channel.WEBHOOK]


def backoff_for(settings: Settings) -> Backoff:
    """The retry schedule of the settings."""
    return Backoff(
        settings.outbox_backoff_base_s, settings.outbox_backoff_max_s, settings.outbox_max_attempts
    )


async def send_pass(engine: Engine, settings: Settings) -> PassReport:
    """Deliver every row due now, in order per recipient; return once none is left."""
    report = PassReport()
    await asyncio.to_thread(route_held_now, engine)
    inflight: set[asyncio.Task[DeliveryState]] = set()
    client = httpx.AsyncClient(follow_redirects=False, timeout=settings.webhook_timeout_s)
    try:
        while True:
            room = settings.outbox_batch_size - len(inflight)
            claimed = await asyncio.to_thread(
                claim,
                engine,
                now=clock.utc_now(),
                limit=room,
                lease_s=lease_s(settings),
                channels=channels_for(settings),
                retention_days=settings.registration_retention_days,
            )
            for delivery in claimed:
                work = deliver_and_record(engine, settings, client, delivery)
                inflight.add(asyncio.create_task(work))
            if not inflight:
                return report
            # The first to finish may free the next row of its recipient: claim again then.
            done, inflight = await asyncio.wait(inflight, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                _count(report, task.result())
    finally:
        # Stopped (the server shuts down): rows in flight stay claimed until their lease ends.
        for task in inflight:
            task.cancel()
        await asyncio.gather(*inflight, return_exceptions=True)
        await client.aclose()


async def deliver_and_record(
    engine: Engine, settings: Settings, client: httpx.AsyncClient, delivery: Delivery
) -> DeliveryState:
    """Send one row and store the outcome; the state the row is left in."""
    outcome = await deliver(delivery, settings, client)
    now = clock.utc_now()
    if outcome.delivered:
        await asyncio.to_thread(record_sent, engine, delivery.id, now)
        log.info("outbox: %s %s (%s) delivered", delivery.channel, delivery.id, delivery.kind)
        return DeliveryState.SENT
    backoff = backoff_for(settings)
    if outcome.permanent:
        backoff = Backoff(backoff.base_s, backoff.max_s, max_attempts=0)
    state = await asyncio.to_thread(
        record_failure, engine, delivery.id, now, outcome.error, backoff
    )
    log.warning(
        "outbox: %s %s (%s) failed: %s; now %s",
        delivery.channel,
        delivery.id,
        delivery.kind,
        outcome.error,
        state,
    )
    return state


async def deliver(delivery: Delivery, settings: Settings, client: httpx.AsyncClient) -> Outcome:
    """One try through the row's channel."""
    if delivery.channel == Channel.EMAIL:
        return await send_email(delivery, settings)
    return await send_webhook(delivery, client, settings.webhook_timeout_s)


def _count(report: PassReport, state: DeliveryState) -> None:
    if state == DeliveryState.SENT:
        report.sent += 1
    elif state == DeliveryState.DEAD:
        report.dead += 1
    else:
        report.retried += 1


async def send_forever(engine: Engine, settings: Settings) -> None:
    """A pass every `outbox_interval_s` for as long as the server runs."""
    while True:
        try:
            await send_pass(engine, settings)
        except Exception:  # keep serving: the rows stay pending and the next pass tries again
            log.exception("outbox: a pass failed")
        await asyncio.sleep(settings.outbox_interval_s)
