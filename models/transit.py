"""The imported public-transport feed (GTFS): one feed, its stops, lines and who serves what.

Only what answers need is kept: stop_times (a million rows in a city network) are read once at
import to learn which lines serve which stop, and for a line without shapes the stop sequence
of its longest trip; they are not stored.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel


class TransitFeed(SQLModel, table=True):
    """The feed in use (at most one row): its name, calendar span and where it came from."""

    __tablename__ = "transit_feed"

    id: int = Field(default=1, primary_key=True)
    name: str = Field(max_length=300)
    start_date: date
    end_date: date
    imported_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    # SHA-256 of the imported zip: tells a new import of the same file apart from another file.
    sha256: str = Field(max_length=64)
    stop_times: int = Field(ge=0)


class TransitStop(SQLModel, table=True):
    """A stop as a person sees it: the platforms of one station (or one name nearby) merged."""

    __tablename__ = "transit_stop"

    position: int = Field(primary_key=True, ge=0)
    stop_id: str = Field(max_length=300)
    name: str = Field(max_length=300)
    latitude: float
    longitude: float


class TransitLine(SQLModel, table=True):
    """A GTFS route: its names, mode (from route_type), colours and drawn path."""

    __tablename__ = "transit_line"

    position: int = Field(primary_key=True, ge=0)
    route_id: str = Field(max_length=300)
    short_name: str = Field(max_length=300)
    long_name: str = Field(max_length=500)
    mode: str = Field(max_length=20)
    color: str | None = Field(default=None, max_length=7)
    text_color: str | None = Field(default=None, max_length=7)
    # [[[lon, lat], ...], ...]: one list per shape (or one from a trip's stops).
    geometry: list[list[list[float]]] = Field(sa_column=Column(JSON, nullable=False))


class TransitStopLine(SQLModel, table=True):
    """A line serves a stop (a trip of the line stops there)."""

    __tablename__ = "transit_stop_line"

    stop: int = Field(primary_key=True, ge=0)
    line: int = Field(primary_key=True, ge=0)
