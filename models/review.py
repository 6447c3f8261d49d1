"""Review periods: how often a place's facts must be checked, when it falls due, and when it
is overdue (a month after, nobody having confirmed)."""

from calendar import monthrange
from datetime import date
from functools import lru_cache

# Months between checks a place may choose; None is « jamais ».
PERIODS = (1, 3, 6, 12)
DEFAULT_PERIOD_MONTHS = 6
# At most one reminder per steward in this many days.
REMINDER_GAP_DAYS = 25
# Nobody confirmed this long after the due day: the city team is told, cards say so.
GRACE_MONTHS = 1


@lru_cache(maxsize=65_536)
def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day (31 January + 1: 28 or 29 February).

    Cached: every place of a read model is dated, and most share a few dates (a source's
    publication day), so 100,000 places cost a few thousand computations."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def due_on(facts_date: date | None, period_months: int | None) -> date | None:
    """The day a place's facts fall due for a check; None when never or undated."""
    if facts_date is None or period_months is None:
        return None
    return add_months(facts_date, period_months)


def overdue_on(due: date | None) -> date | None:
    """The day an unconfirmed place is overdue: a month after it fell due."""
    return None if due is None else add_months(due, GRACE_MONTHS)


def is_overdue(overdue: date | None, today: date) -> bool:
    """True from the overdue day on."""
    return overdue is not None and today >= overdue


def unverified_label(facts_date: date | None, overdue: date | None, today: date) -> str | None:
    """« Non vérifié depuis le … — à vérifier » for an overdue place; None otherwise."""
    if facts_date is None or not is_overdue(overdue, today):
        return None
    return f"Non vérifié depuis le {facts_date:%d/%m/%Y} — à vérifier"


def period_label(period_months: int | None) -> str:
    """A period in French: « tous les 6 mois », « jamais »."""
    return "jamais" if period_months is None else f"tous les {period_months} mois"
