"""seed.formats.lieux_mediation_columns: the standard's 32 columns and the version clues."""

from models.access_point import AccessPointCreate
from seed.formats.lieux_mediation_columns import (
    BY_NAME,
    COLUMNS,
    REQUIRED,
    V01_ONLY,
    V01_RENAMED,
    V1_ONLY,
)
from tests.data_files import fixture


def test_columns_are_the_fixture_header_in_order() -> None:
    header = fixture("lieux-mediation-dijon.csv").read_text("utf-8").splitlines()[0]
    assert [column.name for column in COLUMNS] == header.split(",")
    assert len(COLUMNS) == 32


def test_every_column_fills_a_distinct_field_of_the_model() -> None:
    fields = [column.field for column in COLUMNS]
    assert len(set(fields)) == 32
    assert set(fields) <= set(AccessPointCreate.model_fields)


def test_by_name_finds_each_column() -> None:
    assert all(BY_NAME[column.name] is column for column in COLUMNS)
    assert (BY_NAME["horaires"].field, BY_NAME["horaires"].kind) == ("opening_hours", "hours")
    assert BY_NAME["date_maj"].kind == "date"


def test_required_columns_are_columns() -> None:
    assert set(REQUIRED) <= set(BY_NAME)


def test_v01_names_become_v1_columns() -> None:
    assert set(V01_RENAMED.values()) <= set(BY_NAME)
    assert not set(V01_RENAMED) & set(BY_NAME)


def test_version_clues_do_not_overlap() -> None:
    assert not V01_ONLY & V1_ONLY
    assert "cle_ban" in V01_ONLY
    assert set(BY_NAME) >= V1_ONLY
