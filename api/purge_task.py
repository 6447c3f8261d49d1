"""The registrations' purge: at start-up, then once a day for as long as the server runs."""

import asyncio
import logging
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from seed.purge import PurgeReport, purge_registrations

log = logging.getLogger(__name__)
DAY_S = 24 * 3600.0


def purge_now(engine: Engine, retention_days: int) -> PurgeReport:
    """Delete the registrations past their retention; counts only in the log."""
    with Session(engine) as session:
        report = purge_registrations(session, datetime.now(UTC), retention_days)
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
