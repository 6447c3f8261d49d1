"""Review periods: how often a place's facts must be checked, when it falls due, and when it
is overdue (a month after, nobody having confirmed)."""

from datetime import date

from dateutil.relativedelta import relativedelta

# Months between checks a place may choose; None is « jamais ».
PERIODS = (1, 3, 6, 12)
DEFAULT_PERIOD_MONTHS = 6
# At most one reminder per steward in this many days.
REMINDER_GAP_DAYS = 25
# Nobody confirmed this long after the due day: the city team is told, cards say so.
GRACE_MONTHS = 1


def due_on(facts_date: date | None, period_months: int | None) -> date | None:
    """The day a place's facts fall due for a check; None when never or undated."""
    if facts_date is None or period_months is None:
        return None
    due: date = facts_date + relativedelta(months=period_months)
    return due


def overdue_on(due: date | None) -> date | None:
    """The day an unconfirmed place is overdue: a month after it fell due."""
    if due is None:
        return None
    overdue: date = due + relativedelta(months=GRACE_MONTHS)
    return overdue


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
