"""Review periods and due places as the API answers them."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.places.writes import public
from api.reviews.due import DuePlace
from models.access_point import AccessPoint, AccessPointPublic

Period = Literal[1, 3, 6, 12]


class PeriodChange(BaseModel):
    """A new review period: 1, 3, 6 or 12 months, or null for never."""

    model_config = ConfigDict(extra="forbid")

    review_period_months: Period | None = Field(
        description="Months between checks of the place's facts; null: never."
    )


class PeriodAnswer(BaseModel):
    """A place's review period once stored, and its due day."""

    access_point_id: int
    review_period_months: int | None
    review_due_on: date | None
    review_overdue_on: date | None


class DueEntry(BaseModel):
    """A place due for a check."""

    access_point_id: int
    name: str
    commune: str
    facts_date: date | None
    review_period_months: int | None
    review_due_on: date | None
    review_overdue_on: date | None
    overdue: bool = Field(description="A month past due, nobody having confirmed.")
    active_stewards: int = Field(description="Steward links neither revoked nor expired.")
    reachable_stewards: int = Field(description="Those with an e-mail address for reminders.")


def period_answer(place: AccessPointPublic) -> PeriodAnswer:
    """What a period change answers."""
    return PeriodAnswer(
        access_point_id=place.id,
        review_period_months=place.review_period_months,
        review_due_on=place.review_due_on,
        review_overdue_on=place.review_overdue_on,
    )


def due_entry(due: DuePlace) -> DueEntry:
    """One line of the city team's list."""
    place = due.place
    return DueEntry(
        access_point_id=place.id,
        name=place.name,
        commune=place.commune,
        facts_date=place.facts_date,
        review_period_months=place.review_period_months,
        review_due_on=place.review_due_on,
        review_overdue_on=place.review_overdue_on,
        overdue=due.overdue,
        active_stewards=len(due.stewards),
        reachable_stewards=len(due.reachable),
    )


def stored_answer(place: AccessPoint) -> PeriodAnswer:
    """The answer for a stored place (its facts date read as readers read it)."""
    return period_answer(public(place))
