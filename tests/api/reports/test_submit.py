"""Taking a report: stored per place, audited without the sender's words, a closed-for-good
report marks the place once, a honeypot report is dropped."""

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select

from api.clock import today_paris
from api.http.errors import NotFound
from api.reports.submit import PUBLIC_ACTOR, ReportForm, is_robot, open_report
from models.access_point import AccessPoint
from models.audit import AuditEntry
from models.outbox import OutboxMessage
from models.report import PlaceReport, ReportKind
from seed.upsert import upsert_access_points
from tests.conftest import make_access_point


class Published:
    """Counts publications: a stand-in for the read model's door, checked by its calls."""

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


def take(session: Session, place_id: int, published: Published, **fields: object) -> object:
    form = ReportForm.model_validate(fields)
    return open_report(session, place_id, form, published)  # type: ignore[arg-type]


def test_open_report_stores_it_and_audits_no_text_nor_contact(
    session: Session, place_id: int
) -> None:
    published = Published()
    take(session, place_id, published, kind="phone", text="Le 03 80 …", contact="a@b.fr")
    report = session.exec(select(PlaceReport)).one()
    assert (report.kind, report.text, report.contact, report.status) == (
        "phone",
        "Le 03 80 …",
        "a@b.fr",
        "open",
    )
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "report_open")).one()
    assert entry.actor == PUBLIC_ACTOR
    assert entry.changes == {
        "report": {
            "before": None,
            "after": {"id": report.id, "kind": "phone", "status": "open", "outcome": None},
        }
    }
    assert "a@b.fr" not in str(entry.changes) and "03 80" not in str(entry.changes)
    [event] = session.exec(select(OutboxMessage)).all()
    assert (event.event, event.dedupe_key) == ("report.opened", f"report.opened:{report.id}|held")
    assert "a@b.fr" not in (event.body or "") and "03 80" not in (event.body or "")
    # Nothing readers show changed: no publication.
    assert published.calls == 0
    assert session.get(AccessPoint, place_id).reported_closed_on is None  # type: ignore[union-attr]


def test_closed_for_good_marks_the_place_once_with_the_first_day(
    session: Session, place_id: int
) -> None:
    published = Published()
    take(session, place_id, published, kind="closed_for_good")
    form = ReportForm(kind=ReportKind.CLOSED_FOR_GOOD)
    open_report(session, place_id, form, published)  # type: ignore[arg-type]
    assert session.get(AccessPoint, place_id).reported_closed_on == today_paris()  # type: ignore[union-attr]
    assert published.calls == 1


def test_honeypot_report_is_dropped(session: Session, place_id: int) -> None:
    answer = take(session, place_id, Published(), kind="closed_for_good", website="http://x")
    assert answer is None
    assert session.exec(select(PlaceReport)).all() == []
    assert session.exec(select(OutboxMessage)).all() == []
    assert session.get(AccessPoint, place_id).reported_closed_on is None  # type: ignore[union-attr]


def test_unknown_place_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        take(session, 999, Published(), kind="hours")


def test_form_refuses_long_text_control_characters_and_unknown_fields() -> None:
    for fields in (
        {"kind": "hours", "text": "x" * 1001},
        {"kind": "hours", "contact": "a\nb"},
        {"kind": "hours", "name": "Jean"},
        {"kind": "broken"},
    ):
        with pytest.raises(ValidationError):
            ReportForm.model_validate(fields)


def test_is_robot_only_when_the_honeypot_holds_something() -> None:
    assert not is_robot(ReportForm(kind=ReportKind.OTHER, website="  "))
    assert is_robot(ReportForm(kind=ReportKind.OTHER, website="spam"))
