"""The registrations' purge, the Idempotency-Keys' (api.http.idempotency) and the outbox's
personal data (api.outbox.store.expire): at start-up, then once a day while the server runs."""

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from api import clock
from api.http import idempotency
from api.outbox.store import expire
from api.reports.retention import forget_contacts
from seed.purge import PurgeReport, purge_registrations

log = logging.getLogger(__name__)
DAY_S = 24 * 3600.0


def purge_now(engine: Engine, retention_days: int) -> PurgeReport:
    """Delete the registrations past their retention, and the Idempotency-Keys older than a
    day; counts only in the log."""
    now = clock.utc_now()
    with Session(engine) as session:
        report = purge_registrations(session, now, retention_days)
        keys = idempotency.forget_expired(session, now)
        # The outbox keeps phones and addresses no longer than the registrations they serve.
        expired = expire(session, now - timedelta(days=retention_days), now)
        # So do the error reports their senders' contacts, once the city team closed them.
        contacts = forget_contacts(session, now - timedelta(days=retention_days))
        session.commit()
    if contacts:
        log.info("purge: %s contacts of closed error reports wiped", contacts)
    if expired:
        log.info("purge: %s outbox notices past retention parked and wiped", expired)
    if keys:
        log.info("purge: %s idempotency keys older than a day deleted", keys)
    if report.sessions:
        log.info(
            "purge: %s registrations of %s sessions deleted", report.registrations, report.sessions
        )
    return report


async def purge_daily(engine: Engine, retention_days: int, interval_s: float = DAY_S) -> None:
    """Purge every `interval_s`, off the event loop (the lifespan purges once at start-up)."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            await asyncio.to_thread(purge_now, engine, retention_days)
        except Exception:  # keep serving; the next day tries again
            log.exception("registration purge failed")
