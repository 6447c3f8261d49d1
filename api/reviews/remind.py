"""The review pass: remind the stewards of places due for a check, tell the city team of places
nobody confirmed a month after. Run by `panda serve` periodically and by `panda review remind`.

Safe to run again and from several processes at once: each reminder is decided under a lock of
its steward's link (at most one every 25 days) and queued with a key of the day; each overdue
place is told once per due day (the outbox's unique keys). A steward who confirms moves the
place's facts date, so it is no longer due and the reminders stop.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from api import clock
from api.outbox.enqueue import enqueue_email, enqueue_event
from api.reviews import messages
from api.reviews.due import DuePlace, due_places
from api.settings import Settings
from api.stewards.links import hash_token, new_token, page_url
from models.access_point import AccessPointPublic
from models.opening_hours import PARIS
from models.review import REMINDER_GAP_DAYS
from models.steward import StewardLink
from seed.locking import begin_write


@dataclass
class ReviewReport:
    """What one pass did: counts only, never an address."""

    due: int = 0
    without_steward: list[int] = field(default_factory=list)
    reminded: int = 0
    overdue_told: list[int] = field(default_factory=list)
    digest_sent: bool = False


def base_url(settings: Settings) -> str:
    """Where people reach the service, for links in e-mails."""
    return (settings.public_base_url or f"http://{settings.host}:{settings.port}").rstrip("/")


def _aware(moment: datetime) -> datetime:
    # SQLite drops the zone; stored times are UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def remind_steward(
    session: Session, link_id: int, place: AccessPointPublic, base: str, now: datetime
) -> bool:
    """Queue one reminder to a steward unless they had one in the last 25 days; True if sent.

    The day of `now` (Paris) is in the outbox key: two passes on one day queue one e-mail."""
    begin_write(session)
    link = session.get(StewardLink, link_id, with_for_update=True, populate_existing=True)
    recent = now - timedelta(days=REMINDER_GAP_DAYS)
    if (
        link is None
        or not link.email
        or link.revoked_at is not None
        or _aware(link.expires_at) <= now
        or (link.last_reminded_at is not None and _aware(link.last_reminded_at) > recent)
    ):
        session.rollback()
        return False
    token, prefix = new_token()
    today = now.astimezone(PARIS).date()
    subject, text = messages.reminder(place, link.steward_name, base + page_url(token), today)
    day = today.isoformat()
    queued = enqueue_email(
        session,
        to=link.email,
        subject=subject,
        text=text,
        kind="review.reminder",
        dedupe_key=f"review.reminder:{link_id}:{day}",
    )
    if not queued:
        session.rollback()
        return False
    # The new token replaces the previous reminder's; the link's own token stays as it was.
    link.mail_token_prefix, link.mail_token_hash = prefix, hash_token(token)
    link.last_reminded_at = now
    session.add(link)
    session.commit()
    return True


def tell_overdue(session: Session, due: DuePlace, base: str) -> bool:
    """Queue the `review.due` event of an overdue place, once per due day; True if new."""
    place = due.place
    payload: dict[str, object] = {
        "access_point_id": place.id,
        "place_name": place.name,
        "facts_date": place.facts_date.isoformat() if place.facts_date else None,
        "review_due_on": place.review_due_on.isoformat() if place.review_due_on else None,
        "review_overdue_on": (
            place.review_overdue_on.isoformat() if place.review_overdue_on else None
        ),
        "active_stewards": len(due.stewards),
        "url": f"{base}/v1/access-points/{place.id}",
    }
    key = f"review.due:{place.id}:{place.review_due_on}"
    queued = enqueue_event(session, event="review.due", payload=payload, dedupe_key=key)
    session.commit()
    return queued > 0


def run_review(engine: Engine, settings: Settings, now: datetime | None = None) -> ReviewReport:
    """One pass over every place: reminders, then the overdue places told once."""
    now = now or clock.utc_now()
    today = now.astimezone(PARIS).date()
    base = base_url(settings)
    report = ReviewReport()
    with Session(engine) as session:
        due = due_places(session, today, now)
        report.due = len(due)
        told: list[AccessPointPublic] = []
        for entry in due:
            if not entry.reachable:
                report.without_steward.append(entry.place.id)
            for link in entry.reachable:
                report.reminded += remind_steward(session, link.id or 0, entry.place, base, now)
            if entry.overdue and tell_overdue(session, entry, base):
                told.append(entry.place)
        report.overdue_told = [place.id for place in told]
        if told and settings.review_city_email:
            report.digest_sent = _digest(session, told, settings.review_city_email, base, today)
    return report


def _digest(
    session: Session, told: list[AccessPointPublic], to: str, base: str, today: date
) -> bool:
    subject, text = messages.overdue_digest(told, base)
    ids = ",".join(str(place.id) for place in told)
    key = f"review.digest:{today}:{hashlib.sha256(ids.encode()).hexdigest()[:16]}"
    queued = enqueue_email(
        session, to=to, subject=subject, text=text, kind="review.due", dedupe_key=key
    )
    session.commit()
    return queued
