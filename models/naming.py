"""Stable constraint and index names, so a migration can name what it alters."""

from sqlmodel import SQLModel

# SQLAlchemy's recommended convention; `ix` is its default, so 0.1.0's index names stand.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Names are given when a table is defined: this module is imported by models/__init__.py,
# before any table model.
SQLModel.metadata.naming_convention = NAMING_CONVENTION
