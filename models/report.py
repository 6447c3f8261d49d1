"""Reports of an error on a place: what is wrong, sent by anyone, decided by the city team."""

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime, String
from sqlmodel import Field, SQLModel

MAX_TEXT_LENGTH = 1000
MAX_CONTACT_LENGTH = 200
MAX_ANSWER_LENGTH = 2000


class ReportKind(StrEnum):
    """What is wrong, as the form offers it."""

    CLOSED_FOR_GOOD = "closed_for_good"
    HOURS = "hours"
    ADDRESS = "address"
    PHONE = "phone"
    EQUIPMENT = "equipment"
    OTHER = "other"


KIND_FR: dict[ReportKind, str] = {
    ReportKind.CLOSED_FOR_GOOD: "Fermé définitivement",
    ReportKind.HOURS: "Horaires",
    ReportKind.ADDRESS: "Adresse",
    ReportKind.PHONE: "Téléphone",
    ReportKind.EQUIPMENT: "Équipements",
    ReportKind.OTHER: "Autre",
}


class ReportOutcome(StrEnum):
    """What the city team decided when closing a report."""

    CORRECTED = "corrected"  # the place's facts were fixed
    PLACE_CLOSED = "place_closed"  # it is closed for good: the place is marked closed
    NO_ERROR = "no_error"  # checked: the facts were right
    SPAM = "spam"  # not a report


OUTCOME_FR: dict[ReportOutcome, str] = {
    ReportOutcome.CORRECTED: "corrigé",
    ReportOutcome.PLACE_CLOSED: "lieu fermé",
    ReportOutcome.NO_ERROR: "pas d'erreur",
    ReportOutcome.SPAM: "sans objet",
}


def reported_closed_label(day: date | None) -> str | None:
    """What a card says of a place with an open « fermé définitivement » report."""
    return None if day is None else f"Signalé fermé le {day:%d/%m/%Y} — à vérifier"


def _utc_column(nullable: bool) -> "Column[datetime]":
    return Column(DateTime(timezone=True), nullable=nullable)


class PlaceReport(SQLModel, table=True):
    """One report on one place; `contact` is personal and only the city team reads it."""

    __tablename__ = "place_report"

    id: int | None = Field(default=None, primary_key=True)
    # No foreign key, as in the audit trail: a hard-deleted place keeps its reports.
    access_point_id: int = Field(index=True)
    kind: ReportKind = Field(sa_type=String(20))
    text: str | None = Field(default=None, max_length=MAX_TEXT_LENGTH)
    contact: str | None = Field(default=None, max_length=MAX_CONTACT_LENGTH)
    status: str = Field(default="open", max_length=10, index=True)
    created_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), sa_column=_utc_column(False)
    )
    answer: str | None = Field(default=None, max_length=MAX_ANSWER_LENGTH)
    answered_at: datetime | None = Field(default=None, sa_column=_utc_column(True))
    outcome: ReportOutcome | None = Field(default=None, sa_type=String(20))
    closed_at: datetime | None = Field(default=None, sa_column=_utc_column(True))
    closed_by: str | None = Field(default=None, max_length=100)
