"""The change log: which places each data version touched, so readers apply just those."""

from sqlmodel import Field, SQLModel


class PlaceChange(SQLModel, table=True):
    """One place changed (or everything, when `place_id` is None) at one data version.

    `source` and `source_id` are the place's as the change left it (before it, for a
    deletion): what the change feed's tombstone names once the place is gone.
    """

    __tablename__ = "place_change"

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(index=True, ge=1)
    # None: the change cannot be told place by place (an import, a source, the communes).
    place_id: int | None = Field(default=None)
    source: str | None = Field(default=None, max_length=100)
    source_id: str | None = Field(default=None, max_length=200)
