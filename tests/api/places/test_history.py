"""api/places/history.py: a place's history, oldest first. Anyone reads it without a
steward's name (« intendant du lieu »); the city team gets an opaque id per steward instead."""

import orjson
from sqlmodel import Session, select

from api.places import history
from api.stewards import links
from models.access_point import AccessPoint
from models.audit import AuditEntry
from seed import audit

STEWARD = "steward:Awa Diallo"


def record_changes(session: Session, place_id: int) -> None:
    """A key's edit, then a steward's, then the CLI's: as writes record them."""
    audit.record(
        session,
        place_id,
        "city-team",
        "update",
        {"phone": {"before": None, "after": "+33380488414"}},
    )
    audit.record(
        session,
        place_id,
        STEWARD,
        "update",
        {"opening_hours": {"before": "Mo 09:00-12:00", "after": "Tu 09:00-12:00"}},
    )
    audit.record(
        session, place_id, "cli:admin", "close", {"status": {"before": "open", "after": "closed"}}
    )
    session.commit()


def test_shown_actor_hides_a_stewards_name_only() -> None:
    assert history.shown_actor(STEWARD) == links.SHOWN_AS == "intendant du lieu"
    assert history.shown_actor("city-team") == "city-team"
    assert history.shown_actor("cli:admin") == "cli:admin"
    assert history.shown_actor("seed") == "seed"


def test_public_history_is_oldest_first_and_names_no_steward(seeded_session: Session) -> None:
    record_changes(seeded_session, 2)
    raw = history.public_json(seeded_session, 2)
    entries = orjson.loads(raw)
    assert [(e["actor"], e["action"]) for e in entries] == [
        ("seed", "create"),
        ("city-team", "update"),
        ("intendant du lieu", "update"),
        ("cli:admin", "close"),
    ]
    assert [e["id"] for e in entries] == sorted(e["id"] for e in entries)
    assert {e["access_point_id"] for e in entries} == {2}
    assert b"Diallo" not in raw and b"actor_id" not in raw
    assert entries[2]["changes"] == {
        "opening_hours": {"before": "Mo 09:00-12:00", "after": "Tu 09:00-12:00"}
    }
    assert entries[0]["changes"]["name"] == {"before": None, "after": "PANDA Grésilles"}


def test_the_city_team_gets_an_opaque_id_for_each_stewards_change(
    seeded_session: Session,
) -> None:
    record_changes(seeded_session, 2)
    entries = history.for_city(seeded_session, 2)
    assert [e.actor for e in entries] == ["seed", "city-team", "intendant du lieu", "cli:admin"]
    assert [e.actor_id for e in entries] == [None, None, links.opaque_id(STEWARD), None]
    steward_id = entries[2].actor_id
    assert steward_id is not None and steward_id.startswith("steward:")
    assert len(steward_id) == len("steward:") + 16 and "Diallo" not in steward_id


def test_the_same_steward_gets_the_same_id_on_every_place(seeded_session: Session) -> None:
    record_changes(seeded_session, 2)
    record_changes(seeded_session, 3)
    other = "steward:Jean Dupont"
    audit.record(seeded_session, 3, other, "update", {})
    seeded_session.commit()
    ids_2 = {e.actor_id for e in history.for_city(seeded_session, 2)} - {None}
    ids_3 = {e.actor_id for e in history.for_city(seeded_session, 3)} - {None}
    assert ids_2 == {links.opaque_id(STEWARD)}
    assert ids_3 == {links.opaque_id(STEWARD), links.opaque_id(other)}


def test_stored_records_keep_the_stewards_name(seeded_session: Session) -> None:
    record_changes(seeded_session, 2)
    history.public_json(seeded_session, 2)
    query = select(AuditEntry.actor).where(AuditEntry.access_point_id == 2)
    assert STEWARD in seeded_session.exec(query).all()


def test_a_place_without_history_has_an_empty_one(seeded_session: Session) -> None:
    assert history.public_json(seeded_session, 9_999) == b"[]"
    assert history.for_city(seeded_session, 9_999) == []


def test_a_hard_deleted_places_history_is_still_told(seeded_session: Session) -> None:
    place = seeded_session.get(AccessPoint, 5)
    assert place is not None
    seeded_session.delete(place)
    audit.record(
        seeded_session, 5, "city-team", "delete", {"name": {"before": place.name, "after": None}}
    )
    seeded_session.commit()
    entries = orjson.loads(history.public_json(seeded_session, 5))
    assert [e["action"] for e in entries] == ["create", "delete"]
