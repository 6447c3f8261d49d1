"""models/place_change.py: which places each data version touched (None: all of them)."""

import pytest
from pydantic import ValidationError
from sqlmodel import Session, SQLModel, select

from models.place_change import PlaceChange


def test_no_place_id_means_the_whole_data_changed() -> None:
    change = PlaceChange(version=4)
    assert (change.id, change.place_id) == (None, None)


@pytest.mark.parametrize("version", [0, -1])
def test_validation_refuses_a_version_below_one(version: int) -> None:
    # Version 0 is the empty database: no change can have made it.
    with pytest.raises(ValidationError, match="version"):
        PlaceChange.model_validate({"version": version, "place_id": 1})
    assert PlaceChange.model_validate({"version": 1, "place_id": 1}).version == 1


def test_changes_round_trip_and_are_read_by_version(session: Session) -> None:
    session.add_all(
        [
            PlaceChange(version=1, place_id=None),
            PlaceChange(version=2, place_id=5),
            PlaceChange(version=2, place_id=9),
            PlaceChange(version=3, place_id=5),
        ]
    )
    session.commit()
    after_one = session.exec(
        select(PlaceChange.version, PlaceChange.place_id)
        .where(PlaceChange.version > 1)
        .order_by(PlaceChange.version, PlaceChange.place_id)  # type: ignore[arg-type]
    ).all()
    assert [tuple(r) for r in after_one] == [(2, 5), (2, 9), (3, 5)]
    everything = session.exec(select(PlaceChange).where(PlaceChange.place_id == None)).one()  # noqa: E711
    assert everything.version == 1


def test_a_place_may_be_listed_for_a_deleted_place(session: Session) -> None:
    # No foreign key: a hard-deleted place's change must still reach the readers.
    assert not SQLModel.metadata.tables["place_change"].foreign_keys
    session.add(PlaceChange(version=1, place_id=123456))
    session.commit()
    assert session.exec(select(PlaceChange.place_id)).one() == 123456


def test_table_indexes_the_version_readers_search() -> None:
    table = SQLModel.metadata.tables["place_change"]
    assert {i.name: [c.name for c in i.columns] for i in table.indexes} == {
        "ix_place_change_version": ["version"]
    }
    assert table.c.place_id.nullable and not table.c.version.nullable
