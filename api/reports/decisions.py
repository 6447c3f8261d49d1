"""The city team's decisions on reports: an answer, a closing with its outcome; each audited
in the place's history, each in one transaction that holds the report (and the place) it writes.
"""

from datetime import UTC, date, datetime

from sqlmodel import Session, select

from api.http.errors import AppError, NotFound
from api.outbox.enqueue import enqueue_event
from api.read_model.holder import ReadModel
from api.reports.submit import event_payload, paris_day, state_of
from models.access_point import AccessPoint
from models.report import PlaceReport, ReportKind, ReportOutcome
from models.vocabulary import PlaceStatus
from seed import audit
from seed.locking import begin_write
from seed.upsert import bump_data_version, place_json


class ReportClosed(AppError):
    """A decision on a report already closed: nothing written."""

    status_code = 409
    kind = "report_closed"


def _locked(session: Session, report_id: int) -> PlaceReport:
    """The report, locked until this transaction ends; NotFound otherwise."""
    begin_write(session)
    report = session.get(PlaceReport, report_id, with_for_update=True, populate_existing=True)
    if report is None:
        raise NotFound(
            f"aucun signalement n'a l'identifiant {report_id}", en=f"no report with id {report_id}"
        )
    return report


def answer(session: Session, report_id: int, text: str | None, actor: str) -> PlaceReport:
    """Record the city team's answer on a report (it stays open)."""
    report = _locked(session, report_id)
    before = report.answer
    report.answer = text
    report.answered_at = datetime.now(UTC)
    session.add(report)
    changes = {
        "report": {"before": state_of(report), "after": state_of(report)},
        "answer": {"before": before, "after": text},
    }
    audit.record(session, report.access_point_id, actor, "report_answer", changes)
    session.commit()
    session.refresh(report)
    return report


def close(
    session: Session,
    report_id: int,
    outcome: ReportOutcome,
    actor: str,
    read_model: ReadModel | None,
    text: str | None = None,
) -> PlaceReport:
    """Close a report with its outcome (and an answer); `place_closed` marks the place closed.

    ReportClosed (409) when it was closed already, by another decision say. Without a read
    model (the CLI), servers learn the change from the change log, as from any other process.
    """
    report = _locked(session, report_id)
    if report.status == "closed":
        session.rollback()
        raise ReportClosed(
            f"le signalement {report_id} est déjà clos ({report.outcome}) : rien n'a changé",
            en=f"report {report_id} is closed already ({report.outcome}); nothing changed",
        )
    before = state_of(report)
    report.status, report.outcome = "closed", outcome
    report.closed_at, report.closed_by = datetime.now(UTC), actor
    changes: dict[str, object] = {}
    if text is not None:
        changes["answer"] = {"before": report.answer, "after": text}
        report.answer, report.answered_at = text, report.closed_at
    session.add(report)
    session.flush()
    changes["report"] = {"before": before, "after": state_of(report)}
    place = session.get(
        AccessPoint, report.access_point_id, with_for_update=True, populate_existing=True
    )
    touched = place is not None and _decided(session, place, report, changes)
    audit.record(session, report.access_point_id, actor, "report_close", changes)
    enqueue_event(
        session,
        event="report.closed",
        payload=event_payload(report, place),
        dedupe_key=f"report.closed:{report.id}",
    )
    if touched:
        bump_data_version(session, places=[report.access_point_id])
    session.commit()
    session.refresh(report)
    if touched and read_model is not None:
        read_model.publish()
    return report


def _decided(
    session: Session, place: AccessPoint, report: PlaceReport, changes: dict[str, object]
) -> bool:
    """Bring the place in line with the decision; True when its row changed."""
    before = {
        "reported_closed_on": place.reported_closed_on,
        "status": place_json(place)["status"],
    }
    if report.kind == ReportKind.CLOSED_FOR_GOOD:
        place.reported_closed_on = oldest_open_closing(session, place.id or 0)
    if report.outcome == ReportOutcome.PLACE_CLOSED and place.status != PlaceStatus.CLOSED:
        place.status = PlaceStatus.CLOSED
        place.updated_at = datetime.now(UTC)
    after = {"reported_closed_on": place.reported_closed_on, "status": place_json(place)["status"]}
    diff = audit.diff(
        {k: _json(v) for k, v in before.items()}, {k: _json(v) for k, v in after.items()}
    )
    changes.update(diff)
    if diff:
        session.add(place)
    return bool(diff)


def _json(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def oldest_open_closing(session: Session, place_id: int) -> date | None:
    """The Paris day the oldest open « fermé définitivement » report on a place was sent."""
    statement = (
        select(PlaceReport.created_at)
        .where(PlaceReport.access_point_id == place_id)
        .where(PlaceReport.kind == ReportKind.CLOSED_FOR_GOOD)
        .where(PlaceReport.status == "open")
        .order_by(PlaceReport.created_at)  # type: ignore[arg-type]
    )
    first = session.exec(statement).first()
    return None if first is None else paris_day(first)
