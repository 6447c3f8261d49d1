"""A data source as published: who to credit, under which licence, and when it was published."""

from datetime import date

from sqlmodel import Field, SQLModel


class DataSource(SQLModel, table=True):
    """One source named by places' `source`; its publication date stands in for undated rows."""

    __tablename__ = "data_source"

    name: str = Field(primary_key=True, max_length=100)
    attribution: str = Field(max_length=300)
    licence: str = Field(max_length=300)
    # The day the source last changed its data set, as it says; None when it does not say.
    published_on: date | None = None
