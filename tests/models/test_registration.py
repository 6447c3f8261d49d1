"""models/registration.py: the least personal data of a booked seat (phone and consent rules)."""

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from models.registration import (
    Attendance,
    Registration,
    RegistrationCreate,
    RegistrationListRead,
    RegistrationPublic,
    RegistrationStatus,
    french_mobile,
)
from models.workshop import Refusal
from seed.loader import ACCESS_POINTS_FILE, read_seed_file


def seed_phone_as_dialled() -> str:
    """PANDA Grésilles' published number, a fixed line, as people write it: 03 80 48 84 14."""
    records = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    e164 = next(r for r in records if r["name"] == "PANDA Grésilles")["phone"]
    number = phonenumbers.parse(e164)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def booking(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "first_name": "Prénom",
        "last_initial": "E",
        "phone": "06 12 34 56 78",
        "counsellor_name": "Conseillère d'essai",
        "counsellor_agency": "Agence d'essai",
        "consent": True,
    }
    return fields | overrides


def refusal_of(error: ValidationError) -> Refusal:
    (detail,) = error.errors()
    refusal = detail["ctx"]["error"]
    assert isinstance(refusal, Refusal)
    return refusal


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("07 81 23 45 67", "+33781234567"),
        ("0612345678", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        (" 06 12 34 56 78 ", "+33612345678"),
    ],
)
def test_french_mobiles_are_given_in_e164(text: str, e164: str) -> None:
    assert french_mobile(text) == e164


@pytest.mark.parametrize(
    "text",
    [
        "03 80 48 84 14",  # a fixed line
        "01 23 45 67 89",
        "07 12 34 56 78",  # 07 1x is not allotted to mobiles
        "06 12 34 56",  # too short
        "06 12 34 56 78 9",  # too long
        "12345",
        "numéro",
    ],
)
def test_what_is_not_a_french_mobile_is_refused(text: str) -> None:
    with pytest.raises(Refusal, match="not a French mobile number"):
        french_mobile(text)


def test_a_published_fixed_line_is_refused_in_french_with_an_example() -> None:
    text = seed_phone_as_dialled()
    assert text == "03 80 48 84 14"
    with pytest.raises(Refusal) as caught:
        french_mobile(text)
    assert isinstance(caught.value, ValueError)
    assert caught.value.fr == (
        "numéro de mobile invalide : « 03 80 48 84 14 » (exemple : 06 12 34 56 78)"
    )


def test_the_refusal_quotes_at_most_20_characters() -> None:
    with pytest.raises(Refusal) as caught:
        french_mobile("x" * 500)
    assert "« " + "x" * 20 + " »" in caught.value.fr
    assert "x" * 21 not in caught.value.fr
    assert isinstance(caught.value.__cause__, phonenumbers.NumberParseException)


def test_a_booking_stores_the_mobile_in_e164() -> None:
    created = RegistrationCreate.model_validate(booking(phone="06 12 34 56 78"))
    assert created.phone == "+33612345678"
    assert len(created.phone) <= SQLModel.metadata.tables["registration"].c.phone.type.length


@pytest.mark.parametrize("phone", [None, "", "   "])
def test_the_phone_is_optional_and_blank_means_none(phone: str | None) -> None:
    assert RegistrationCreate.model_validate(booking(phone=phone)).phone is None


def test_a_booking_with_a_fixed_line_is_refused_on_the_phone_field() -> None:
    with pytest.raises(ValidationError) as caught:
        RegistrationCreate.model_validate(booking(phone=seed_phone_as_dialled()))
    assert caught.value.errors()[0]["loc"] == ("phone",)
    assert refusal_of(caught.value).fr.startswith("numéro de mobile invalide")


def test_an_overlong_phone_is_refused_before_parsing() -> None:
    with pytest.raises(ValidationError, match="at most 20 characters"):
        RegistrationCreate.model_validate(booking(phone="0" * 21))


def test_consent_must_be_given() -> None:
    with pytest.raises(ValidationError) as caught:
        RegistrationCreate.model_validate(booking(consent=False))
    assert caught.value.errors()[0]["loc"] == ("consent",)
    assert refusal_of(caught.value).fr == (
        "la personne doit avoir donné son accord (consent doit valoir true)"
    )


def test_consent_cannot_be_left_out() -> None:
    fields = booking()
    del fields["consent"]
    with pytest.raises(ValidationError, match="consent"):
        RegistrationCreate.model_validate(fields)


@pytest.mark.parametrize(("given", "kept"), [("e", "E"), ("E.", "E"), ("é", "É"), (" d ", "D")])
def test_only_the_initial_of_the_last_name_is_kept(given: str, kept: str) -> None:
    assert RegistrationCreate.model_validate(booking(last_initial=given)).last_initial == kept


@pytest.mark.parametrize("given", ["Essai", "Ed", "1", "_", "", "E.."])
def test_a_last_name_or_a_non_letter_is_refused_as_initial(given: str) -> None:
    with pytest.raises(ValidationError, match="last_initial"):
        RegistrationCreate.model_validate(booking(last_initial=given))


def test_unknown_fields_are_refused_rather_than_kept() -> None:
    # Less personal data: a date of birth sent by mistake is refused, not silently stored.
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        RegistrationCreate.model_validate(booking(birth_date="1990-01-01"))


@pytest.mark.parametrize("field", ["first_name", "counsellor_name", "counsellor_agency"])
def test_names_are_stripped_and_must_not_be_blank(field: str) -> None:
    assert getattr(RegistrationCreate.model_validate(booking(**{field: "  Essai  "})), field) == (
        "Essai"
    )
    with pytest.raises(ValidationError, match=field):
        RegistrationCreate.model_validate(booking(**{field: "   "}))


def test_public_registration_answers_in_utc() -> None:
    fields = {
        "id": 1,
        "session_id": 2,
        "first_name": "Prénom",
        "last_initial": "E",
        "phone": None,
        "counsellor_name": "Conseillère d'essai",
        "counsellor_agency": "Agence d'essai",
        "status": "waiting",
        "waiting_position": 3,
        "attendance": None,
    }
    naive = RegistrationPublic.model_validate({**fields, "created_at": datetime(2030, 3, 1, 8)})
    paris = RegistrationPublic.model_validate(
        {**fields, "created_at": datetime(2030, 3, 1, 10, tzinfo=ZoneInfo("Europe/Paris"))}
    )
    assert naive.created_at == datetime(2030, 3, 1, 8, tzinfo=UTC)
    assert naive.created_at.tzinfo is UTC
    assert (paris.created_at.tzinfo, paris.created_at.hour) == (UTC, 9)
    assert naive.status is RegistrationStatus.WAITING


def test_status_and_attendance_values_are_what_is_stored() -> None:
    assert [s.value for s in RegistrationStatus] == ["registered", "waiting", "cancelled"]
    assert [a.value for a in Attendance] == ["present", "absent"]
    table = SQLModel.metadata.tables["registration"]
    longest = max(len(v) for v in [*RegistrationStatus, *Attendance])
    assert table.c.status.type.length == table.c.attendance.type.length == 20 >= longest


def test_a_registration_needs_an_existing_session(session: Session) -> None:
    session.add(
        Registration(
            session_id=404,
            first_name="Prénom",
            last_initial="E",
            counsellor_name="Conseillère d'essai",
            counsellor_agency="Agence d'essai",
            consent=True,
            status=RegistrationStatus.REGISTERED,
            booking_key_id=1,
        )
    )
    with pytest.raises(IntegrityError):
        session.commit()


def test_bookings_outlive_their_key_but_not_their_session() -> None:
    table = SQLModel.metadata.tables["registration"]
    targets = {fk.parent.name: fk.target_fullname for fk in table.foreign_keys}
    assert targets == {"session_id": "workshop_session.id"}
    assert {i.name for i in table.indexes} == {
        "ix_registration_session_id",
        "ix_registration_booking_key_id",
    }


def test_a_list_read_is_recorded_with_its_reader_and_time(session: Session) -> None:
    before = datetime.now(UTC)
    session.add(RegistrationListRead(session_id=404, reader="key:1:test-key"))
    session.commit()
    session.expire_all()
    read = session.exec(select(RegistrationListRead)).one()
    at = read.at if read.at.tzinfo else read.at.replace(tzinfo=UTC)
    assert (read.session_id, read.reader) == (404, "key:1:test-key")
    assert before - timedelta(seconds=1) <= at <= datetime.now(UTC)


def test_registration_create_takes_an_optional_email_and_refuses_a_bad_one() -> None:
    from pydantic import ValidationError

    from models.registration import RegistrationCreate

    base = {
        "first_name": "Nadia",
        "last_initial": "B",
        "counsellor_name": "Claire Martin",
        "counsellor_agency": "France Travail Dijon Ouest",
        "consent": True,
    }
    assert RegistrationCreate.model_validate(base | {"email": " nadia@exemple.fr "}).email == (
        "nadia@exemple.fr"
    )
    assert RegistrationCreate.model_validate(base | {"email": ""}).email is None
    for bad in ("nadia", "nadia@exemple", "a b@exemple.fr", "a@exemple.fr\nBcc: b@exemple.fr"):
        with pytest.raises(ValidationError, match="not an e-mail address"):
            RegistrationCreate.model_validate(base | {"email": bad})
