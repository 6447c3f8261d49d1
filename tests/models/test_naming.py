"""models/naming.py: constraint and index names that migrations can rely on."""

import re

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    UniqueConstraint,
)
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

import api.database  # noqa: F401  (registers every table model)
from models.naming import NAMING_CONVENTION
from tests.data_files import fixture


def test_the_convention_is_installed_on_the_models_metadata() -> None:
    assert SQLModel.metadata.naming_convention is NAMING_CONVENTION


def test_every_primary_key_is_named_pk_and_its_table() -> None:
    for table in SQLModel.metadata.sorted_tables:
        assert table.primary_key.name == f"pk_{table.name}", table.name


def test_every_foreign_key_names_its_table_column_and_target() -> None:
    keys = [
        (fk.constraint.name, table.name, fk.parent.name, fk.column.table.name)
        for table in SQLModel.metadata.sorted_tables
        for fk in table.foreign_keys
    ]
    assert keys  # registration -> workshop_session at least
    for name, table, column, target in keys:
        assert name == f"fk_{table}_{column}_{target}"


def test_every_single_column_index_is_named_ix_table_column() -> None:
    for table in SQLModel.metadata.sorted_tables:
        for index in table.indexes:
            columns = list(index.columns)
            assert index.name == f"ix_{table.name}_{columns[0].name}", index.name


def test_every_unique_constraint_is_named_uq_table_first_column() -> None:
    uniques = [
        (c.name, table.name, next(iter(c.columns)).name)
        for table in SQLModel.metadata.sorted_tables
        for c in table.constraints
        if isinstance(c, UniqueConstraint)
    ]
    assert ("uq_access_point_source", "access_point", "source") in uniques
    for name, table, column in uniques:
        assert name == f"uq_{table}_{column}"


def test_index_names_of_release_0_1_0_still_stand() -> None:
    # tests/fixtures/schema-0.1.0-sqlite.sql: what release 0.1.0 created. Migrations drop and
    # create indexes by these names, so a changed convention would break them.
    statements = fixture("schema-0.1.0-sqlite.sql").read_text(encoding="utf-8")
    old = dict(re.findall(r"CREATE (?:UNIQUE )?INDEX (\w+) ON (\w+)", statements))
    assert "ix_api_key_prefix" in old
    current = {
        index.name: table.name
        for table in SQLModel.metadata.sorted_tables
        for index in table.indexes
    }
    assert {name: current.get(name) for name in old} == old


def test_unique_and_check_constraints_get_their_names_from_the_convention() -> None:
    # A throwaway metadata: the models' own is left alone.
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    Table("parent", metadata, Column("id", Integer, primary_key=True))
    child = Table(
        "child",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("parent_id", Integer, ForeignKey("parent.id"), index=True),
        Column("code", Integer),
        UniqueConstraint("code"),
        CheckConstraint("code > 0", name="positive_code"),
    )
    ddl = str(CreateTable(child).compile())
    assert "CONSTRAINT pk_child PRIMARY KEY" in ddl
    assert "CONSTRAINT uq_child_code UNIQUE" in ddl
    assert "CONSTRAINT ck_child_positive_code CHECK" in ddl
    assert "CONSTRAINT fk_child_parent_id_parent FOREIGN KEY" in ddl
    (index,) = child.indexes
    assert "INDEX ix_child_parent_id ON child" in str(CreateIndex(index).compile())
