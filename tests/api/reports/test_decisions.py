"""The city team's decisions: answered and closed once, audited, the place's « Signalé fermé »
kept while another closed-for-good report is open, `place_closed` closing the place."""

import pytest
from sqlmodel import Session, select

from api.clock import today_paris
from api.http.errors import NotFound
from api.reports.decisions import ReportClosed, answer, close, oldest_open_closing
from api.reports.submit import ReportForm, open_report
from models.access_point import AccessPoint
from models.audit import AuditEntry
from models.outbox import OutboxMessage
from models.report import ReportKind, ReportOutcome
from seed.upsert import upsert_access_points
from tests.conftest import make_access_point


class Published:
    def __init__(self) -> None:
        self.calls = 0

    def publish(self) -> None:
        self.calls += 1


@pytest.fixture
def place_id(session: Session) -> int:
    upsert_access_points(session, [make_access_point()])
    session.commit()
    place = session.exec(select(AccessPoint)).one()
    assert place.id is not None
    return place.id


def opened(session: Session, place_id: int, kind: str) -> int:
    form = ReportForm(kind=ReportKind(kind))
    report = open_report(session, place_id, form, Published())  # type: ignore[arg-type]
    assert report is not None and report.id is not None
    return report.id


def place(session: Session, place_id: int) -> AccessPoint:
    found = session.get(AccessPoint, place_id, populate_existing=True)
    assert found is not None
    return found


def test_answer_keeps_the_report_open_and_is_audited(session: Session, place_id: int) -> None:
    report_id = opened(session, place_id, "hours")
    report = answer(session, report_id, "Merci, nous appelons le lieu.", "Ville de Dijon")
    assert (report.status, report.answer) == ("open", "Merci, nous appelons le lieu.")
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "report_answer")).one()
    assert entry.actor == "Ville de Dijon"
    assert entry.changes["answer"] == {"before": None, "after": "Merci, nous appelons le lieu."}


def test_close_twice_is_refused_and_audited_once(session: Session, place_id: int) -> None:
    report_id = opened(session, place_id, "phone")
    closed = close(session, report_id, ReportOutcome.CORRECTED, "Ville", None, "Corrigé.")
    assert (closed.status, closed.outcome, closed.closed_by) == ("closed", "corrected", "Ville")
    with pytest.raises(ReportClosed):
        close(session, report_id, ReportOutcome.NO_ERROR, "Ville", None)
    entries = session.exec(select(AuditEntry).where(AuditEntry.action == "report_close")).all()
    assert len(entries) == 1
    events = session.exec(select(OutboxMessage.event).order_by(OutboxMessage.id)).all()
    assert events == ["report.opened", "report.closed"]
    assert entries[0].changes["report"]["after"]["outcome"] == "corrected"


def test_closing_one_of_two_closed_reports_keeps_the_mark(session: Session, place_id: int) -> None:
    first = opened(session, place_id, "closed_for_good")
    second = opened(session, place_id, "closed_for_good")
    published = Published()
    close(session, first, ReportOutcome.NO_ERROR, "Ville", published)  # type: ignore[arg-type]
    assert place(session, place_id).reported_closed_on == today_paris()
    assert published.calls == 0  # nothing readers see changed
    close(session, second, ReportOutcome.NO_ERROR, "Ville", published)  # type: ignore[arg-type]
    assert place(session, place_id).reported_closed_on is None
    assert published.calls == 1
    assert oldest_open_closing(session, place_id) is None


def test_place_closed_outcome_closes_the_place(session: Session, place_id: int) -> None:
    report_id = opened(session, place_id, "closed_for_good")
    close(session, report_id, ReportOutcome.PLACE_CLOSED, "Ville", None)
    stored = place(session, place_id)
    assert (stored.status, stored.reported_closed_on) == ("closed", None)
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "report_close")).one()
    assert entry.changes["status"] == {"before": "open", "after": "closed"}
    day = today_paris().isoformat()
    assert entry.changes["reported_closed_on"] == {"before": day, "after": None}


def test_unknown_report_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        answer(session, 42, "x", "Ville")
    with pytest.raises(NotFound):
        close(session, 42, ReportOutcome.SPAM, "Ville", None)
