"""models/data_version.py: the one row whose counters tell readers their snapshot is stale."""

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from models.data_version import DataVersion


def test_a_new_row_is_row_one_at_version_zero() -> None:
    row = DataVersion()
    assert (row.id, row.version, row.addresses_version) == (1, 0, 0)


@pytest.mark.parametrize("field", ["version", "addresses_version"])
def test_validation_refuses_a_negative_counter(field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        DataVersion.model_validate({field: -1})
    assert getattr(DataVersion.model_validate({field: 0}), field) == 0


def test_counters_round_trip_and_grow_independently(session: Session) -> None:
    session.add(DataVersion())
    session.commit()
    row = session.get(DataVersion, 1)
    assert row is not None
    row.version += 1
    session.add(row)
    session.commit()
    row.version += 1
    row.addresses_version += 1
    session.add(row)
    session.commit()
    session.expire_all()
    stored = session.get(DataVersion, 1)
    assert stored is not None
    assert (stored.version, stored.addresses_version) == (2, 1)


def test_there_is_only_one_row(session: Session) -> None:
    # Every writer makes the row with its default id: a second one collides, never doubles.
    session.add(DataVersion(version=3))
    session.commit()
    session.expunge_all()
    session.add(DataVersion())
    with pytest.raises(IntegrityError):
        session.commit()


def test_table_has_three_required_integer_columns() -> None:
    table = SQLModel.metadata.tables["data_version"]
    assert [c.name for c in table.columns] == ["id", "version", "addresses_version"]
    assert [c.name for c in table.primary_key.columns] == ["id"]
    assert not any(c.nullable for c in table.columns)
