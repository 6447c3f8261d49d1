"""models/steward.py: a steward's link to one place, found by prefix, checked by hash."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from models.steward import StewardLink

EXPIRES = datetime(2031, 6, 30, 22, tzinfo=UTC)


def link(prefix: str = "a1b2c3d4", **overrides: object) -> StewardLink:
    fields: dict[str, object] = {
        "access_point_id": 2,
        "steward_name": "Intendant d'essai",
        "token_prefix": prefix,
        "token_hash": hashlib.sha256(f"{prefix}-synthetic".encode()).hexdigest(),
        "expires_at": EXPIRES,
    }
    return StewardLink(**(fields | overrides))


def as_utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def test_a_new_link_is_stamped_now_and_neither_used_nor_revoked() -> None:
    before = datetime.now(UTC)
    fresh = link()
    assert fresh.created_at.tzinfo is UTC and before <= fresh.created_at <= datetime.now(UTC)
    assert (fresh.revoked_at, fresh.last_used_at) == (None, None)


def test_validation_requires_an_expiry_and_a_name() -> None:
    fields = {"access_point_id": 2, "token_prefix": "a1b2c3d4", "token_hash": "0" * 64}
    with pytest.raises(ValidationError, match="expires_at"):
        StewardLink.model_validate({**fields, "steward_name": "Intendant d'essai"})
    with pytest.raises(ValidationError, match="steward_name"):
        StewardLink.model_validate({**fields, "steward_name": "", "expires_at": EXPIRES})


def test_a_link_without_expiry_is_refused_by_the_database(session: Session) -> None:
    session.add(link(expires_at=None))
    with pytest.raises(IntegrityError):
        session.commit()


def test_a_link_round_trips_with_its_times(session: Session) -> None:
    used = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    session.add(link(last_used_at=used))
    session.commit()
    session.expire_all()
    stored = session.exec(select(StewardLink).where(StewardLink.token_prefix == "a1b2c3d4")).one()
    assert stored.steward_name == "Intendant d'essai"
    assert stored.token_hash == hashlib.sha256(b"a1b2c3d4-synthetic").hexdigest()
    assert (as_utc(stored.expires_at), as_utc(stored.last_used_at)) == (EXPIRES, used)
    assert stored.revoked_at is None
    assert datetime.now(UTC) - as_utc(stored.created_at) < timedelta(minutes=1)  # type: ignore[operator]


def test_a_link_may_outlive_its_place(session: Session) -> None:
    # No place 999 exists and foreign keys are enforced: no foreign key, as in the audit trail.
    session.add(link(access_point_id=999))
    session.commit()
    assert session.exec(select(StewardLink.access_point_id)).one() == 999
    assert not SQLModel.metadata.tables["steward_link"].foreign_keys


def test_one_place_may_have_several_stewards(session: Session) -> None:
    session.add_all([link("a1b2c3d4"), link("e5f6a7b8", steward_name="Autre intendant")])
    session.commit()
    names = session.exec(select(StewardLink.steward_name).where(StewardLink.access_point_id == 2))
    assert sorted(names) == ["Autre intendant", "Intendant d'essai"]


def test_two_links_cannot_share_a_prefix(session: Session) -> None:
    session.add(link("a1b2c3d4", access_point_id=2))
    session.commit()
    session.add(link("a1b2c3d4", access_point_id=3))
    with pytest.raises(IntegrityError):
        session.commit()


def test_table_stores_a_sha256_hex_and_a_unique_indexed_prefix() -> None:
    table = SQLModel.metadata.tables["steward_link"]
    assert table.c.token_hash.type.length == 64
    assert table.c.token_prefix.type.length == 16
    indexes = {i.name: i.unique for i in table.indexes}
    assert indexes == {
        "ix_steward_link_token_prefix": True,
        "ix_steward_link_access_point_id": False,
        # A reminder's token (api.reviews) is found by its prefix too.
        "ix_steward_link_mail_token_prefix": True,
    }
    assert not table.c.expires_at.nullable and table.c.revoked_at.nullable
    assert table.c.last_used_at.nullable
