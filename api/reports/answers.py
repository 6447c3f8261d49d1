"""Reports as each reader sees them: the city team all of it, a steward no contact."""

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlmodel import Session, select

from api.http.errors import NotFound
from models.report import KIND_FR, OUTCOME_FR, PlaceReport, ReportKind, ReportOutcome

StatusFilter = Literal["open", "closed", "all"]


def _aware(value: datetime | None) -> datetime | None:
    # SQLite drops the zone; stored times are UTC.
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class ReportForSteward(BaseModel):
    """An open report as the place's steward reads it: never the sender's contact."""

    id: int
    kind: ReportKind
    kind_label: str = Field(description="What is wrong, in French.")
    text: str | None
    created_at: datetime
    answer: str | None


class ReportPublic(ReportForSteward):
    """A report as the city team reads it."""

    access_point_id: int
    contact: str | None = Field(description="How to answer the sender, if given (personal).")
    status: Literal["open", "closed"]
    answered_at: datetime | None
    outcome: ReportOutcome | None
    outcome_label: str | None
    closed_at: datetime | None
    closed_by: str | None


def for_steward(report: PlaceReport) -> ReportForSteward:
    """What a steward sees of a report."""
    return ReportForSteward(
        id=report.id or 0,
        kind=ReportKind(report.kind),
        kind_label=KIND_FR[ReportKind(report.kind)],
        text=report.text,
        created_at=_aware(report.created_at) or report.created_at,
        answer=report.answer,
    )


def for_city(report: PlaceReport) -> ReportPublic:
    """What the city team sees of a report."""
    outcome = ReportOutcome(report.outcome) if report.outcome else None
    return ReportPublic(
        **for_steward(report).model_dump(),
        access_point_id=report.access_point_id,
        contact=report.contact,
        status="closed" if report.status == "closed" else "open",
        answered_at=_aware(report.answered_at),
        outcome=outcome,
        outcome_label=OUTCOME_FR[outcome] if outcome else None,
        closed_at=_aware(report.closed_at),
        closed_by=report.closed_by,
    )


def listed(
    session: Session, status: StatusFilter = "open", place_id: int | None = None
) -> list[PlaceReport]:
    """Reports, oldest first, by status and optionally of one place."""
    query = select(PlaceReport)
    if status != "all":
        query = query.where(PlaceReport.status == status)
    if place_id is not None:
        query = query.where(PlaceReport.access_point_id == place_id)
    return list(session.exec(query.order_by(PlaceReport.id)))  # type: ignore[arg-type]


def one(session: Session, report_id: int) -> PlaceReport:
    """A report by id; NotFound otherwise."""
    report = session.get(PlaceReport, report_id)
    if report is None:
        raise NotFound(
            f"aucun signalement n'a l'identifiant {report_id}", en=f"no report with id {report_id}"
        )
    return report
