"""models/api_key.py: scopes, what a key allows, and the stored row (hash and prefix only)."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from models.api_key import ApiKey, Scope


def key(*scopes: str, prefix: str = "0123456789ab", name: str = "test-key") -> ApiKey:
    return ApiKey(
        name=name,
        prefix=prefix,
        key_hash=hashlib.sha256(b"synthetic secret").hexdigest(),
        scopes=list(scopes),
    )


def as_utc(moment: datetime) -> datetime:
    # SQLite gives the stored UTC moment back without its zone.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@pytest.mark.parametrize("scope", list(Scope))
def test_a_key_allows_the_scope_it_holds(scope: Scope) -> None:
    assert key(scope.value).allows(scope)


@pytest.mark.parametrize("scope", list(Scope))
def test_admin_allows_every_scope(scope: Scope) -> None:
    assert key("admin").allows(scope)


def test_a_scope_allows_no_other() -> None:
    writer = key("write")
    assert [s for s in Scope if writer.allows(s)] == [Scope.WRITE]
    assert not key("register").allows(Scope.ADMIN)


def test_a_key_without_scopes_allows_nothing() -> None:
    empty = key()
    assert empty.scopes == []
    assert not any(empty.allows(s) for s in Scope)


def test_scopes_compare_by_their_stored_text() -> None:
    # Scopes are stored as plain JSON strings; the enum must match them both ways.
    assert Scope("register") is Scope.REGISTER
    assert Scope.IMPORT == "import"
    with pytest.raises(ValueError):
        Scope("read")


def test_default_scopes_are_not_shared_between_keys() -> None:
    first, second = key(), key(prefix="ba9876543210")
    first.scopes.append("write")
    assert second.scopes == []


def test_created_at_defaults_to_now_in_utc() -> None:
    before = datetime.now(UTC)
    created = key().created_at
    assert created.tzinfo is UTC
    assert before <= created <= datetime.now(UTC)


def test_a_new_key_neither_expires_nor_is_revoked() -> None:
    fresh = key("write")
    assert (fresh.expires_at, fresh.revoked_at) == (None, None)


def test_validation_refuses_an_empty_or_overlong_name() -> None:
    fields = {"prefix": "0123456789ab", "key_hash": "0" * 64}
    with pytest.raises(ValidationError, match="name"):
        ApiKey.model_validate({**fields, "name": ""})
    with pytest.raises(ValidationError, match="name"):
        ApiKey.model_validate({**fields, "name": "k" * 101})
    assert ApiKey.model_validate({**fields, "name": "k" * 100}).name == "k" * 100


def test_a_key_round_trips_with_its_scopes_and_times(session: Session) -> None:
    expires = datetime(2031, 1, 1, 12, tzinfo=UTC)
    stored = key("import", "write")
    stored.expires_at = expires
    session.add(stored)
    session.commit()
    session.expire_all()
    loaded = session.exec(select(ApiKey).where(ApiKey.prefix == "0123456789ab")).one()
    assert loaded.scopes == ["import", "write"]
    assert loaded.allows(Scope.IMPORT) and not loaded.allows(Scope.REGISTER)
    assert as_utc(loaded.expires_at) == expires  # type: ignore[arg-type]
    assert loaded.revoked_at is None
    assert datetime.now(UTC) - as_utc(loaded.created_at) < timedelta(minutes=1)


def test_two_keys_cannot_share_a_prefix(session: Session) -> None:
    session.add(key("write", name="first"))
    session.commit()
    session.add(key("admin", name="second"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_table_stores_a_sha256_hex_and_a_short_unique_prefix() -> None:
    table = SQLModel.metadata.tables["api_key"]
    assert table.c.key_hash.type.length == len(hashlib.sha256().hexdigest()) == 64
    assert table.c.prefix.type.length == 16
    unique = {index.name for index in table.indexes if index.unique}
    assert unique == {"ix_api_key_prefix"}
    assert not table.c.scopes.nullable
    assert table.c.expires_at.nullable and table.c.revoked_at.nullable
    assert not table.c.created_at.nullable
    assert table.c.created_at.type.timezone
