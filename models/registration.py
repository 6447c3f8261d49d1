"""A seat booked for a job seeker: the least personal data that works, kept a short while."""

import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

import phonenumbers
from pydantic import ConfigDict, StringConstraints, field_validator
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from models.text_types import ONE_LINE
from models.workshop import Refusal, as_utc, utc_column

FirstName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), ONE_LINE
]
Initial = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^\W\d_]\.?$")]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), ONE_LINE
]
_MOBILE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
# The layouts of a French mobile `french_mobile` takes (06/07 ranges of the numbering plan,
# +33 or 0033 or 0, pairs apart by a space, dot or hyphen), or a blank for none.
MOBILE_PATTERN = (
    r"^\s*$|^ *(?:(?:\+33|0033)[ .-]?|0)"
    r"(?:6[ .-]?(?:[0-24-8][0-9]|3[0-8]|9[589])|7[ .-]?[3-9][0-9])(?:[ .-]?[0-9]{2}){3} *$"
)


# One address, or a blank for none: no space or control character, one @, a dotted domain.
EMAIL_PATTERN = r"^\s*$|^ *[^\s@<>,;\x00-\x1f]{1,64}@[^\s@<>,;\x00-\x1f]+\.[^\s@<>,;\x00-\x1f]+ *$"


class RegistrationStatus(StrEnum):
    """A seat held, a place in the queue, or given up."""

    REGISTERED = "registered"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class Attendance(StrEnum):
    """Whether the person came; marked after the session."""

    PRESENT = "present"
    ABSENT = "absent"


class Registration(SQLModel, table=True):
    """One person booked on one session, by one counsellor's key."""

    __tablename__ = "registration"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(
        sa_column=Column(Integer, ForeignKey("workshop_session.id"), nullable=False, index=True)
    )
    first_name: str = Field(max_length=50)
    last_initial: str = Field(max_length=2)
    phone: str | None = Field(default=None, max_length=16)
    # For the session's notices only (api/workshops/notices.py); deleted with the row.
    email: str | None = Field(default=None, max_length=254)
    counsellor_name: str = Field(max_length=100)
    counsellor_agency: str = Field(max_length=100)
    consent: bool
    status: RegistrationStatus = Field(sa_type=String(20))
    waiting_position: int | None = None
    attendance: Attendance | None = Field(default=None, sa_type=String(20))
    # No foreign key: a revoked key's bookings stay until they are purged.
    booking_key_id: int = Field(index=True)
    created_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), sa_column=utc_column(False)
    )


class RegistrationCreate(SQLModel):
    """What a counsellor gives to book a seat."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    first_name: FirstName = Field(description="First name.")
    last_initial: Initial = Field(description="The last name's initial only.")
    phone: str | None = Field(
        default=None,
        max_length=20,
        schema_extra={"json_schema_extra": {"pattern": MOBILE_PATTERN}},
        description="A French mobile, for the reminder (06 12 34 56 78, +33 6 12 34 56 78).",
    )
    email: str | None = Field(
        default=None,
        max_length=254,
        schema_extra={"json_schema_extra": {"pattern": EMAIL_PATTERN}},
        description="Optional: the person's e-mail, to be told if the session changes.",
    )
    counsellor_name: Name = Field(description="Who books.")
    counsellor_agency: Name = Field(description="Their agency.")
    consent: bool = Field(
        description="The person agreed to these data being kept; must be true.",
        schema_extra={"json_schema_extra": {"const": True}},
    )

    @field_validator("last_initial")
    @classmethod
    def _initial(cls, value: str) -> str:
        return value[0].upper()

    @field_validator("consent")
    @classmethod
    def _consented(cls, value: bool) -> bool:
        if value is not True:
            raise Refusal(
                "consent must be true",
                "la personne doit avoir donné son accord (consent doit valoir true)",
            )
        return value

    @field_validator("phone")
    @classmethod
    def _mobile(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else french_mobile(value)

    @field_validator("email")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.fullmatch(EMAIL_PATTERN, value):
            raise Refusal(
                "not an e-mail address",
                f"adresse e-mail invalide : « {value[:40]} » (exemple : nadia@exemple.fr)",
            )
        return value.strip()


def french_mobile(text: str) -> str:
    """A French mobile number in E.164 (+336…, +337…); ValueError in French otherwise."""
    problem = Refusal(
        "not a French mobile number",
        f"numéro de mobile invalide : « {text[:20]} » (exemple : 06 12 34 56 78)",
    )
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException as exc:
        raise problem from exc
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _MOBILE:
        raise problem
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class RegistrationPublic(SQLModel):
    """A registration as its booking key and the admins read it."""

    id: int
    session_id: int
    first_name: str
    last_initial: str
    phone: str | None
    email: str | None = None
    counsellor_name: str
    counsellor_agency: str
    status: RegistrationStatus
    waiting_position: int | None
    attendance: Attendance | None
    created_at: datetime

    @field_validator("created_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return as_utc(value)


class RegistrationListRead(SQLModel, table=True):
    """One read of a session's registrations: who read them, when."""

    __tablename__ = "registration_list_read"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(index=True)
    reader: str = Field(max_length=120, description="`key:<id>:<name>` or `cli:<user>`.")
    at: datetime = Field(default_factory=lambda: datetime.now(UTC), sa_column=utc_column(False))
