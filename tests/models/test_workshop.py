"""models/workshop.py: what a workshop and its sessions accept, the refusals in two languages,
and timestamps stored in UTC that always read back aware."""

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models.opening_hours import PARIS
from models.vocabulary import Fees, Service
from models.workshop import (
    DEFAULT_CAPACITY,
    MAX_CAPACITY,
    RRULE_FORMAT,
    SESSION_YEARS,
    Refusal,
    SessionCreate,
    SessionStatus,
    SessionUpdate,
    Workshop,
    WorkshopCreate,
    WorkshopSession,
    WorkshopUpdate,
    as_utc,
    paris_aware,
)

WORKSHOP = {"title": "Je recherche, je me connecte", "organiser_id": 2, "venue_id": 2}


def refusal_of(exc: ValidationError) -> Refusal:
    """The Refusal a model validator raised, as pydantic keeps it in the error's context."""
    error = exc.errors()[0]
    cause = error["ctx"]["error"]
    assert isinstance(cause, Refusal)
    return cause


def test_a_workshop_takes_the_default_capacity_and_empty_lists() -> None:
    workshop = WorkshopCreate.model_validate(WORKSHOP)
    assert workshop.capacity == DEFAULT_CAPACITY
    assert (workshop.services, workshop.topics, workshop.audiences) == ([], [], [])
    assert workshop.fee is None


def test_a_workshop_title_is_trimmed_and_must_not_be_blank() -> None:
    assert WorkshopCreate.model_validate(WORKSHOP | {"title": "  Atelier CV  "}).title == (
        "Atelier CV"
    )
    with pytest.raises(ValidationError, match="title"):
        WorkshopCreate.model_validate(WORKSHOP | {"title": "   "})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Atelier\x1b[2J CV"),
        ("capacity", 0),
        ("capacity", MAX_CAPACITY + 1),
        ("venue_id", 0),
        ("organiser_id", 2_147_483_648),
        ("phone", "0380488414"),
        ("phone", "+590590123456"),
        ("topics", ["a", "b", "c", "d", "e", "f"]),
        ("topics", ["x" * 61]),
        ("fee", "Cher"),
        ("services", ["Cuisine"]),
        ("colour", "red"),
    ],
)
def test_a_workshop_refuses(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkshopCreate.model_validate(WORKSHOP | {field: value})
    assert caught.value.errors()[0]["loc"][0] == field


def test_a_workshop_takes_the_standards_words() -> None:
    workshop = WorkshopCreate.model_validate(
        WORKSHOP
        | {
            "services": ["Insertion professionnelle via le numérique"],
            "fee": "Gratuit",
            "phone": "+33380488414",
            "capacity": MAX_CAPACITY,
            "description": "Première ligne\nseconde ligne",
        }
    )
    assert workshop.services == [Service.EMPLOYMENT]
    assert workshop.fee is Fees.FREE
    assert workshop.description == "Première ligne\nseconde ligne"


def test_an_update_refuses_null_for_a_required_field_in_both_languages() -> None:
    with pytest.raises(ValidationError) as caught:
        WorkshopUpdate.model_validate({"title": None, "capacity": None})
    refusal = refusal_of(caught.value)
    assert str(refusal) == "title, capacity cannot be null"
    assert refusal.fr == "title, capacity : une valeur est obligatoire (null ne l'efface pas)"


def test_an_update_documents_no_null_for_a_required_field() -> None:
    properties = WorkshopUpdate.model_json_schema()["properties"]
    for name in ("title", "services", "topics", "audiences", "capacity"):
        assert "anyOf" not in properties[name] and "default" not in properties[name], name
    assert properties["capacity"] == {"maximum": MAX_CAPACITY, "minimum": 1, "type": "integer"} | {
        "title": "Capacity"
    }
    assert {"type": "null"} in properties["description"]["anyOf"]


def test_an_update_may_clear_an_optional_field_and_leaves_unsent_ones_unset() -> None:
    update = WorkshopUpdate.model_validate({"description": None, "capacity": 12})
    assert update.model_dump(exclude_unset=True) == {"description": None, "capacity": 12}


def test_a_session_without_offset_is_paris_time() -> None:
    naive = SessionCreate.model_validate(
        {"starts_at": "2025-07-15T10:00:00", "ends_at": "2025-07-15T12:00:00"}
    )
    assert paris_aware(naive.starts_at) == datetime(2025, 7, 15, 8, 0, tzinfo=UTC)
    assert naive.capacity is None and naive.rrule is None


def test_a_session_must_end_after_it_starts_compared_across_offsets() -> None:
    # 10:00 in Paris (summer) is 08:00 UTC: ending at 09:00 UTC is after, 08:00 UTC is not.
    ok = SessionCreate.model_validate(
        {"starts_at": "2025-07-15T10:00:00", "ends_at": "2025-07-15T09:00:00+00:00"}
    )
    assert ok.ends_at == datetime(2025, 7, 15, 9, 0, tzinfo=UTC)
    with pytest.raises(ValidationError) as caught:
        SessionCreate.model_validate(
            {"starts_at": "2025-07-15T10:00:00", "ends_at": "2025-07-15T08:00:00+00:00"}
        )
    refusal = refusal_of(caught.value)
    assert str(refusal) == "ends_at must be after starts_at"
    assert refusal.fr == "la séance doit finir après son début (ends_at après starts_at)"


@pytest.mark.parametrize(
    ("starts", "allowed"),
    [
        ("1999-12-31T23:59:00", False),
        ("2000-01-01T00:00:00", True),
        ("2100-12-30T10:00:00", True),
        ("2100-12-31T23:58:00", True),
        ("2101-01-01T00:00:00", False),
        # The date as written counts, whatever the offset: what the document's pattern says.
        ("2000-01-01T00:30:00+02:00", True),
        ("2100-12-31T23:00:00-10:00", True),
        ("1999-12-31T23:30:00-02:00", False),
    ],
)
def test_sessions_are_dated_from_2000_to_2100(starts: str, allowed: bool) -> None:
    start = datetime.fromisoformat(starts)
    fields = {"starts_at": starts, "ends_at": (start + timedelta(minutes=1)).isoformat()}
    assert bool(re.match(SESSION_YEARS, starts)) is allowed
    if allowed:
        assert SessionCreate.model_validate(fields).starts_at == start
        return
    with pytest.raises(ValidationError) as caught:
        SessionCreate.model_validate(fields)
    assert caught.value.errors()[0]["loc"] == ("starts_at",)
    assert "une séance est datée du 01/01/2000 au 31/12/2100" in refusal_of(caught.value).fr


def test_a_session_update_takes_a_cancellation_and_refuses_an_unknown_status() -> None:
    update = SessionUpdate.model_validate({"status": "cancelled", "cancel_reason": "grève"})
    assert update.status is SessionStatus.CANCELLED
    with pytest.raises(ValidationError, match="status"):
        SessionUpdate.model_validate({"status": "postponed"})


def test_as_utc_takes_naive_as_utc_and_converts_aware() -> None:
    assert as_utc(datetime(2025, 1, 1, 9, 0)) == datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    converted = as_utc(datetime(2025, 1, 1, 10, 0, tzinfo=PARIS))
    assert (converted, converted.tzinfo) == (datetime(2025, 1, 1, 9, 0, tzinfo=UTC), UTC)


def test_session_times_are_stored_in_utc_and_read_back_aware(session: Session) -> None:
    workshop = Workshop.model_validate(WORKSHOP)
    session.add(workshop)
    session.commit()
    plus_two = timezone(timedelta(hours=2))
    stored = WorkshopSession(
        workshop_id=workshop.id or 0,
        starts_at=datetime(2025, 7, 15, 10, 0, tzinfo=plus_two),
        ends_at=datetime(2025, 7, 15, 10, 0),  # naive: taken as UTC
        capacity=8,
    )
    session.add(stored)
    session.commit()
    stored_id = stored.id
    session.expunge_all()
    read = session.get(WorkshopSession, stored_id)
    assert read is not None
    assert read.starts_at == datetime(2025, 7, 15, 8, 0, tzinfo=UTC)
    assert read.starts_at.utcoffset() == timedelta(0)
    assert read.ends_at == datetime(2025, 7, 15, 10, 0, tzinfo=UTC)
    assert read.status == SessionStatus.SCHEDULED and read.purged_at is None
    # Reading converted nothing on the object: the session has nothing to write back.
    assert not session.dirty


def test_a_session_of_no_workshop_is_refused_by_the_database(session: Session) -> None:
    session.add(
        WorkshopSession(
            workshop_id=999,
            starts_at=datetime(2025, 7, 15, 8, 0, tzinfo=UTC),
            ends_at=datetime(2025, 7, 15, 10, 0, tzinfo=UTC),
            capacity=8,
        )
    )
    with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        session.commit()


def test_a_series_rule_is_a_format_of_its_own_that_must_end() -> None:
    rrule = SessionCreate.model_json_schema()["properties"]["rrule"]
    assert rrule["anyOf"][0] == {"type": "string", "format": RRULE_FORMAT, "maxLength": 500}
    assert "COUNT or UNTIL" in rrule["description"] and "422" in rrule["description"]
