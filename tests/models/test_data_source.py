"""models/data_source.py: one row per source named by places' `source`, keyed by that name."""

from datetime import date

import pytest
from sqlalchemy import Date
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from models.data_source import DataSource
from seed.loader import ACCESS_POINTS_FILE, read_seed_file, seed_source


def seed_row() -> DataSource:
    """The row the Dijon seed's header declares (MedNum BFC, last changed 2022-12-30)."""
    declared = seed_source(read_seed_file(ACCESS_POINTS_FILE))
    assert declared is not None
    return DataSource(
        name=declared.name,
        attribution=declared.attribution or "",
        licence=declared.licence or "",
        published_on=declared.published_on,
    )


def test_the_seed_source_round_trips_with_its_publication_day(session: Session) -> None:
    session.add(seed_row())
    session.commit()
    session.expire_all()
    stored = session.get(DataSource, "mednum-bfc")
    assert stored is not None
    assert stored.attribution == "MedNum BFC (multi-coop/data-bfc-ternum)"
    assert stored.published_on == date(2022, 12, 30)
    # A day, not a moment: it stands in for the rows' own dates.
    assert type(stored.published_on) is date


def test_a_source_that_does_not_date_itself_stores_none(session: Session) -> None:
    undated = seed_row()
    undated.published_on = None
    session.add(undated)
    session.commit()
    session.expire_all()
    assert session.exec(select(DataSource.published_on)).one() is None


def test_every_seed_place_names_the_one_declared_source() -> None:
    places = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    assert {place["source"] for place in places} == {seed_row().name}


def test_one_row_per_source_name(session: Session) -> None:
    session.add(seed_row())
    session.commit()
    session.expunge_all()
    session.add(seed_row())
    with pytest.raises(IntegrityError):
        session.commit()


def test_published_on_defaults_to_not_said() -> None:
    row = DataSource(name="test", attribution="Essai", licence="Essai")
    assert row.published_on is None


def test_table_columns_as_the_database_sees_them() -> None:
    table = SQLModel.metadata.tables["data_source"]
    assert [c.name for c in table.primary_key.columns] == ["name"]
    assert (table.c.name.type.length, table.c.attribution.type.length) == (100, 300)
    assert table.c.licence.type.length == 300
    assert isinstance(table.c.published_on.type, Date)
    assert table.c.published_on.nullable
    assert not table.c.attribution.nullable and not table.c.licence.nullable
