"""models/workshop_audit.py: one change to a workshop or session, kept after both, no person."""

from datetime import UTC, datetime

from sqlmodel import Session, SQLModel, select

from models.workshop import as_utc
from models.workshop_audit import WorkshopAuditEntry


def test_a_new_entry_is_stamped_now_in_utc_with_no_changes() -> None:
    before = datetime.now(UTC)
    entry = WorkshopAuditEntry(workshop_id=1, actor="cli:test", action="create")
    assert entry.session_id is None and entry.changes == {}
    assert entry.at.tzinfo is UTC and before <= entry.at <= datetime.now(UTC)


def test_default_changes_are_not_shared_between_entries() -> None:
    first = WorkshopAuditEntry(workshop_id=1, actor="cli:test", action="update")
    second = WorkshopAuditEntry(workshop_id=1, actor="cli:test", action="update")
    first.changes["capacity"] = {"before": 10, "after": 12}
    assert second.changes == {}


def test_entries_outlive_their_workshop_and_session(session: Session) -> None:
    # Neither workshop 404 nor session 405 exists; foreign keys are enforced, yet both
    # entries are stored: the history outlives a purge.
    at = datetime(2030, 3, 19, 9, 15, tzinfo=UTC)
    changes = {"status": {"before": "scheduled", "after": "cancelled"}, "reason": "Grève"}
    session.add(WorkshopAuditEntry(workshop_id=404, actor="test-key", action="create"))
    session.add(
        WorkshopAuditEntry(
            workshop_id=404,
            session_id=405,
            actor="test-key",
            action="cancel",
            at=at,
            changes=changes,
        )
    )
    session.commit()
    session.expire_all()
    rows = session.exec(
        select(WorkshopAuditEntry).order_by(WorkshopAuditEntry.id)  # type: ignore[arg-type]
    ).all()
    assert [(r.session_id, r.action) for r in rows] == [(None, "create"), (405, "cancel")]
    assert rows[1].changes == changes
    assert as_utc(rows[1].at) == at


def test_table_has_no_foreign_key_and_no_column_for_a_person() -> None:
    table = SQLModel.metadata.tables["workshop_audit_entry"]
    assert not table.foreign_keys
    assert {c.name for c in table.columns} == {
        "id",
        "workshop_id",
        "session_id",
        "actor",
        "action",
        "at",
        "changes",
    }
    assert {i.name for i in table.indexes} == {"ix_workshop_audit_entry_workshop_id"}
    assert table.c.session_id.nullable and not table.c.at.nullable
