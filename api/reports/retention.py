"""The senders' contacts are kept while the city team may answer: wiped once a report has been
closed for longer than the retention period (`panda purge` and the server's daily purge)."""

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from models.report import PlaceReport


def forget_contacts(session: Session, closed_before: datetime) -> int:
    """Wipe the contact of every report closed before `closed_before`; how many. No commit."""
    statement = (
        update(PlaceReport)
        .where(col(PlaceReport.status) == "closed")
        .where(col(PlaceReport.closed_at) < closed_before)
        .where(col(PlaceReport.contact).is_not(None))
        .values(contact=None)
    )
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
