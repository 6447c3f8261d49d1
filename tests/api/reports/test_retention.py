"""Senders' contacts are wiped once their report has been closed past the retention period."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from api.reports.retention import forget_contacts
from api.workshops.purge_task import purge_now
from models.report import PlaceReport, ReportKind

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


def stored(session: Session, **fields: object) -> None:
    session.add(PlaceReport(access_point_id=1, kind=ReportKind.PHONE, contact="a@b.fr", **fields))
    session.commit()


def contacts(session: Session) -> list[str | None]:
    return list(session.exec(select(PlaceReport.contact).order_by(PlaceReport.id)))  # type: ignore[arg-type]


def test_only_contacts_of_reports_closed_long_ago_are_wiped(session: Session) -> None:
    stored(session)  # open: the city team may still answer
    stored(session, status="closed", closed_at=NOW - timedelta(days=10))
    stored(session, status="closed", closed_at=NOW - timedelta(days=40))
    assert forget_contacts(session, NOW - timedelta(days=30)) == 1
    session.commit()
    assert contacts(session) == ["a@b.fr", "a@b.fr", None]


def test_the_daily_purge_wipes_them(engine: Engine, session: Session) -> None:
    stored(session, status="closed", closed_at=datetime.now(UTC) - timedelta(days=31))
    purge_now(engine, 30)
    session.expire_all()
    assert contacts(session) == [None]
