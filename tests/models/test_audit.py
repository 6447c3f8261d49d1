"""models/audit.py: one change to one place, kept after the place, answered in UTC."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, SQLModel, select

from models.audit import AuditEntry, AuditEntryPublic
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

PARIS = ZoneInfo("Europe/Paris")


def gresilles_record() -> dict:
    records = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    return next(r for r in records if r["name"] == "PANDA Grésilles")


def public(at: datetime) -> AuditEntryPublic:
    return AuditEntryPublic(
        id=1, access_point_id=7, actor="cli:test", action="update", at=at, changes={}
    )


def test_new_entry_is_stamped_now_in_utc_with_no_changes() -> None:
    before = datetime.now(UTC)
    entry = AuditEntry(access_point_id=1, actor="cli:test", action="create")
    assert entry.at.tzinfo is UTC
    assert before <= entry.at <= datetime.now(UTC)
    assert entry.changes == {}


def test_default_changes_are_not_shared_between_entries() -> None:
    first = AuditEntry(access_point_id=1, actor="cli:test", action="update")
    second = AuditEntry(access_point_id=2, actor="cli:test", action="update")
    first.changes["name"] = {"before": "a", "after": "b"}
    assert second.changes == {}


def test_changes_round_trip_with_their_before_and_after(session: Session) -> None:
    place = gresilles_record()
    changes = {
        "name": {"before": place["name"], "after": f"{place['name']} (essai)"},
        "phone": {"before": place["phone"], "after": None},
        "networks": {"before": place["networks"], "after": []},
        "latitude": {"before": place["latitude"], "after": 47.0},
    }
    session.add(AuditEntry(access_point_id=3, actor="test-key", action="update", changes=changes))
    session.commit()
    session.expire_all()
    loaded = session.exec(select(AuditEntry)).one()
    assert loaded.changes == changes
    assert loaded.changes["networks"]["before"] == ["PANDA", "Réseau Dijon métropole"]


def test_history_outlives_the_place_no_foreign_key(session: Session) -> None:
    # No place 999 exists; foreign keys are enforced (SQLite PRAGMA, PostgreSQL), yet the
    # entry is stored: a hard delete keeps its history.
    session.add(AuditEntry(access_point_id=999, actor="cli:test", action="delete"))
    session.commit()
    assert session.exec(select(AuditEntry.access_point_id)).all() == [999]
    assert not SQLModel.metadata.tables["audit_entry"].foreign_keys


def test_public_entry_of_a_stored_row_is_in_utc(session: Session) -> None:
    at = datetime(2025, 7, 15, 8, 30, tzinfo=UTC)
    session.add(AuditEntry(access_point_id=3, actor="cli:test", action="close", at=at))
    session.commit()
    session.expire_all()
    row = session.exec(select(AuditEntry)).one()
    answered = AuditEntryPublic.model_validate(row, from_attributes=True)
    assert answered.at == at
    assert answered.at.utcoffset() == timedelta(0)
    assert answered.model_dump(mode="json")["at"] == "2025-07-15T08:30:00Z"


def test_public_entry_takes_a_naive_time_as_utc() -> None:
    answered = public(datetime(2025, 7, 15, 8, 30)).at
    assert answered == datetime(2025, 7, 15, 8, 30, tzinfo=UTC)
    assert answered.tzinfo is UTC


def test_public_entry_converts_another_zone_to_utc() -> None:
    summer = public(datetime(2025, 7, 15, 10, 30, tzinfo=PARIS)).at
    winter = public(datetime(2025, 1, 15, 10, 30, tzinfo=PARIS)).at
    assert (summer.tzinfo, summer.hour, winter.hour) == (UTC, 8, 9)


def test_columns_the_audit_trail_relies_on() -> None:
    table = SQLModel.metadata.tables["audit_entry"]
    assert {index.name for index in table.indexes} == {"ix_audit_entry_access_point_id"}
    assert (table.c.actor.type.length, table.c.action.type.length) == (100, 20)
    assert not table.c.changes.nullable and not table.c.at.nullable
    assert table.c.at.type.timezone
