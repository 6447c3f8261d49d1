"""seed.audit: the fields that changed, and the entry written in the caller's transaction."""

from sqlmodel import Session, select

from models.audit import AuditEntry
from seed.audit import diff, record


def test_diff_lists_only_changed_fields_sorted() -> None:
    before = {"name": "PANDA Grésilles", "phone": "+33380488414", "postcode": "21000"}
    after = {"name": "PANDA Grésilles", "phone": "+33380000000", "postcode": "21000"}
    assert diff(before, after) == {"phone": {"before": "+33380488414", "after": "+33380000000"}}


def test_diff_field_added_or_removed_has_none_on_the_other_side() -> None:
    changes = diff({"summary": "Accès libre"}, {"websites": ["https://www.dijon.fr"]})
    assert list(changes) == ["summary", "websites"]
    assert changes["summary"] == {"before": "Accès libre", "after": None}
    assert changes["websites"] == {"before": None, "after": ["https://www.dijon.fr"]}


def test_diff_of_equal_documents_is_empty() -> None:
    place = {"networks": ["PANDA"], "equipment": {"computer": None}}
    assert diff(place, {"networks": ["PANDA"], "equipment": {"computer": None}}) == {}


def test_diff_missing_and_null_are_the_same() -> None:
    assert diff({"phone": None}, {}) == {}


def test_diff_sees_changes_inside_lists_and_objects() -> None:
    changes = diff({"equipment": {"computer": None}}, {"equipment": {"computer": 4}})
    assert changes == {"equipment": {"before": {"computer": None}, "after": {"computer": 4}}}


def test_record_is_written_when_the_caller_commits(session: Session) -> None:
    changes = diff({"phone": None}, {"phone": "+33380488414"})
    record(session, 7, "cli:marie", "update", changes)
    session.commit()
    (entry,) = session.exec(select(AuditEntry)).all()
    assert (entry.access_point_id, entry.actor, entry.action) == (7, "cli:marie", "update")
    assert entry.changes == {"phone": {"before": None, "after": "+33380488414"}}


def test_record_is_dropped_when_the_caller_rolls_back(session: Session) -> None:
    record(session, 7, "cli:marie", "delete", {})
    session.rollback()
    assert session.exec(select(AuditEntry)).all() == []
