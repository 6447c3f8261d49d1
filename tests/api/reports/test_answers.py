"""Reports as each reader sees them: the steward never the contact, the city team all of it."""

from datetime import datetime

from sqlmodel import Session

from api.reports.answers import for_city, for_steward, listed, one
from models.report import PlaceReport, ReportKind, ReportOutcome


def stored(session: Session, **fields: object) -> PlaceReport:
    report = PlaceReport(access_point_id=1, kind=ReportKind.PHONE, contact="a@b.fr", **fields)
    session.add(report)
    session.commit()
    session.refresh(report)
    return report


def test_steward_view_has_no_contact_and_a_french_label(session: Session) -> None:
    shown = for_steward(stored(session, text="Numéro faux"))
    assert shown.kind_label == "Téléphone"
    assert "contact" not in shown.model_dump()
    assert shown.created_at.tzinfo is not None


def test_city_view_has_the_contact_and_the_outcome(session: Session) -> None:
    report = stored(session, status="closed", outcome=ReportOutcome.SPAM, closed_at=datetime.now())
    shown = for_city(report)
    assert (shown.contact, shown.status, shown.outcome_label) == ("a@b.fr", "closed", "sans objet")


def test_listed_by_status_and_place(session: Session) -> None:
    first = stored(session)
    stored(session, status="closed")
    assert [r.id for r in listed(session)] == [first.id]
    assert len(listed(session, "all")) == 2
    assert listed(session, "open", place_id=2) == []
    assert one(session, first.id or 0).id == first.id
