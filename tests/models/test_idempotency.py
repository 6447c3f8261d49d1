"""models/idempotency.py: one remembered Idempotency-Key per fingerprint, with its first
answer; only hashes are stored, and the creation time always reads back aware UTC."""

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from models.idempotency import HASH_LENGTH, IdempotentRequest


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_hash_length_is_that_of_a_hex_sha256() -> None:
    assert len(sha("key")) == HASH_LENGTH


def test_a_reserved_key_has_no_answer_yet_and_a_creation_time_in_utc() -> None:
    before = datetime.now(UTC)
    record = IdempotentRequest(fingerprint=sha("a"), request_hash=sha("r"))
    assert (record.status_code, record.resource_id, record.body, record.headers) == (
        None,
        None,
        None,
        None,
    )
    assert record.created_at.tzinfo is not None
    assert before <= record.created_at <= datetime.now(UTC)


def test_an_answer_round_trips_through_the_database(session: Session) -> None:
    body = {"id": 7, "name": "PANDA Grésilles", "equipment": {"computer": None}}
    session.add(
        IdempotentRequest(
            fingerprint=sha("k1"),
            request_hash=sha("req"),
            status_code=201,
            resource_id=7,
            body=body,
            headers={"Location": "/v1/access-points/7", "ETag": '"abc"'},
        )
    )
    session.commit()
    session.expunge_all()
    stored = session.get(IdempotentRequest, sha("k1"))
    assert stored is not None
    assert (stored.status_code, stored.resource_id) == (201, 7)
    assert stored.body == body
    assert stored.headers == {"Location": "/v1/access-points/7", "ETag": '"abc"'}


def test_created_at_reads_back_aware_utc_whatever_zone_it_was_written_in(
    session: Session,
) -> None:
    paris_summer = timezone(timedelta(hours=2))
    written = datetime(2025, 7, 15, 10, 0, tzinfo=paris_summer)
    session.add(IdempotentRequest(fingerprint=sha("k2"), request_hash=sha("r"), created_at=written))
    session.commit()
    session.expunge_all()
    stored = session.get(IdempotentRequest, sha("k2"))
    assert stored is not None
    assert stored.created_at == datetime(2025, 7, 15, 8, 0, tzinfo=UTC)
    assert stored.created_at.utcoffset() == timedelta(0)


def test_expired_keys_are_found_by_their_creation_time(session: Session) -> None:
    now = datetime(2025, 7, 15, 12, 0, tzinfo=UTC)
    session.add(
        IdempotentRequest(
            fingerprint=sha("old"), request_hash=sha("r"), created_at=now - timedelta(days=2)
        )
    )
    session.add(IdempotentRequest(fingerprint=sha("new"), request_hash=sha("r"), created_at=now))
    session.commit()
    expired = session.exec(
        select(IdempotentRequest.fingerprint).where(
            col(IdempotentRequest.created_at) < now - timedelta(days=1)
        )
    ).all()
    assert expired == [sha("old")]


def test_a_fingerprint_is_stored_once(session: Session) -> None:
    session.add(IdempotentRequest(fingerprint=sha("k3"), request_hash=sha("first")))
    session.commit()
    session.add(IdempotentRequest(fingerprint=sha("k3"), request_hash=sha("second")))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    stored = session.get(IdempotentRequest, sha("k3"))
    assert stored is not None and stored.request_hash == sha("first")


def test_the_table_keeps_no_key_and_indexes_the_creation_time(session: Session) -> None:
    inspector = inspect(session.get_bind())
    columns = {c["name"] for c in inspector.get_columns("idempotent_request")}
    assert columns == {
        "fingerprint",
        "request_hash",
        "status_code",
        "resource_id",
        "body",
        "headers",
        "created_at",
    }
    assert inspector.get_pk_constraint("idempotent_request")["constrained_columns"] == [
        "fingerprint"
    ]
    indexed = {tuple(i["column_names"]) for i in inspector.get_indexes("idempotent_request")}
    assert ("created_at",) in indexed
