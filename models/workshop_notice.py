"""The notice a registered person gets when their session changes: workshop, day, time, place.

The SMS keeps to GSM 03.38 and two SMS at most (models/gsm7.py), like the seat confirmation
(models/workshop_sms.py): when too long, the title is shortened first, then the detail (the
reason, the former time); the day, time and place are what the person needs. The e-mail says
the same in full.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from models import gsm7
from models.sms import SMS_MAX_CHARS, SMS_MAX_SEGMENTS
from models.workshop_sms import when_phrase

_SHORTEST = 12


class NoticeKind(StrEnum):
    """Why a person is told: the outbox's `kind` of the notice."""

    CANCELLED = "session.cancelled"
    MOVED = "session.moved"
    VENUE_CHANGED = "session.venue_changed"
    PROMOTED = "registration.promoted"


_HEADS = {
    NoticeKind.CANCELLED: "Séance annulée",
    NoticeKind.MOVED: "Séance déplacée",
    NoticeKind.VENUE_CHANGED: "Changement de lieu",
    NoticeKind.PROMOTED: "Place libérée, vous voilà inscrit(e)",
}


@dataclass(frozen=True)
class Notice:
    """What one notice says; `detail` is the reason of a cancellation or the former time."""

    kind: NoticeKind
    title: str
    starts_at: datetime
    ends_at: datetime
    place_name: str
    address: str
    detail: str | None = None


def _lines(notice: Notice, title: str, detail: str) -> list[str]:
    when = when_phrase(notice.starts_at, notice.ends_at)
    place = f"{notice.place_name}, {notice.address}"
    if notice.kind == NoticeKind.MOVED:
        lines = [f"Nouvel horaire : {when}", detail, place]
    elif notice.kind == NoticeKind.VENUE_CHANGED:
        lines = [when, f"Nouveau lieu : {place}"]
    else:
        lines = [when, place, detail]
    return [f"{_HEADS[notice.kind]} : {title}", *lines]


def _detail(notice: Notice) -> str:
    if not notice.detail:
        return ""
    if notice.kind == NoticeKind.CANCELLED:
        return f"Motif : {notice.detail}"
    if notice.kind == NoticeKind.MOVED:
        return f"(au lieu de {notice.detail})"
    return ""


def notice_sms(notice: Notice) -> str:
    """The SMS text: GSM alphabet, two SMS at most."""
    title, detail = gsm7.to_gsm7(notice.title), gsm7.to_gsm7(_detail(notice))

    def text() -> str:
        return "\n".join(gsm7.to_gsm7(line) for line in _lines(notice, title, detail) if line)

    while gsm7.septets(text()) > SMS_MAX_CHARS and len(title) > _SHORTEST + 3:
        title = title[: max(_SHORTEST, len(title) - 10)].rstrip(". ") + "..."
    while detail and gsm7.septets(text()) > SMS_MAX_CHARS:
        detail = detail[:-10].rstrip(". ") + "..." if len(detail) > 24 else ""
    result = text()
    while gsm7.segments(result) > SMS_MAX_SEGMENTS:
        result = result[:-1]
    return result


def notice_email(notice: Notice) -> tuple[str, str]:
    """The e-mail's subject and plain text, in full."""
    subject = f"{_HEADS[notice.kind]} : {notice.title}"
    lines = [line for line in _lines(notice, notice.title, _detail(notice)) if line]
    body = ["Bonjour,", "", *lines, "", "Ce message est envoyé automatiquement : n'y répondez pas."]
    return subject[:200], "\n".join(body) + "\n"
