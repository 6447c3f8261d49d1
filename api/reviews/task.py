"""The review pass inside `panda serve`: every REVIEW_INTERVAL_S, the first one an interval
after start-up (so that a restart loop never runs it in a burst; `panda review remind` runs it
at once)."""

import asyncio
import logging

from sqlalchemy import Engine

from api.reviews.remind import ReviewReport, run_review
from api.settings import Settings

log = logging.getLogger(__name__)


def review_now(engine: Engine, settings: Settings) -> ReviewReport:
    """One pass; counts only in the log (never an address or a name)."""
    report = run_review(engine, settings)
    if report.reminded or report.overdue_told:
        log.info(
            "review: %s places due, %s reminders queued, %s overdue places told",
            report.due,
            report.reminded,
            len(report.overdue_told),
        )
    return report


async def review_periodically(engine: Engine, settings: Settings) -> None:
    """Run the pass off the event loop now and then; a failure waits for the next turn."""
    while True:
        await asyncio.sleep(settings.review_interval_s)
        try:
            await asyncio.to_thread(review_now, engine, settings)
        except Exception:  # keep serving; the next turn tries again
            log.exception("review pass failed")
