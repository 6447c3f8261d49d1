"""A counter bumped by every write, so readers know when their snapshot is stale."""

from sqlmodel import Field, SQLModel


class DataVersion(SQLModel, table=True):
    """One row (id 1) whose `version` grows with each committed change to the places."""

    __tablename__ = "data_version"

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0, ge=0)
    # Bumped with `version` when the address table changes: the geocoder is rebuilt only then.
    addresses_version: int = Field(default=0, ge=0)
