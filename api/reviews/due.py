"""Which places are due for a check today, and who can be reminded."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, col, select

from api.read_model import queries
from models.access_point import AccessPointPublic
from models.review import is_overdue
from models.steward import StewardLink
from models.vocabulary import PlaceStatus


@dataclass
class DuePlace:
    """A place due for a check, its active stewards, and whether it is overdue."""

    place: AccessPointPublic
    stewards: list[StewardLink] = field(default_factory=list)
    overdue: bool = False

    @property
    def reachable(self) -> list[StewardLink]:
        """The stewards a reminder can reach (they gave an e-mail address)."""
        return [link for link in self.stewards if link.email]


def is_due(place: AccessPointPublic, today: date) -> bool:
    """Due from `review_due_on` on; a place never reviewed or undated is never due by date."""
    return place.review_due_on is not None and today >= place.review_due_on


def active_links(session: Session, now: datetime) -> dict[int, list[StewardLink]]:
    """The links neither revoked nor expired at `now`, by place, oldest first."""
    query = (
        select(StewardLink)
        .where(col(StewardLink.revoked_at).is_(None))
        .where(StewardLink.expires_at > now)
        .order_by(col(StewardLink.id))
    )
    found: dict[int, list[StewardLink]] = {}
    for link in session.exec(query):
        found.setdefault(link.access_point_id, []).append(link)
    return found


def due_places(session: Session, today: date, now: datetime) -> list[DuePlace]:
    """Places not closed for good that are due today, oldest due first, with their stewards."""
    links = active_links(session, now)
    due = [
        DuePlace(place, links.get(place.id, []), is_overdue(place.review_overdue_on, today))
        for place in queries.all_access_points(session)
        if place.status != PlaceStatus.CLOSED and is_due(place, today)
    ]
    return sorted(due, key=lambda d: (d.place.review_due_on or today, d.place.id))
