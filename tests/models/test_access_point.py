"""models/access_point.py: what a place accepts and refuses, what the public form derives
(equipment status, facts date), the PATCH model built from the base, and the stored row."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models.access_point import (
    MAX_EQUIPMENT_COUNT,
    OPENING_HOURS_FORMAT,
    AccessPoint,
    AccessPointCreate,
    AccessPointPublic,
    AccessPointUpdate,
)
from models.vocabulary import Equipment
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

ENTRIES = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
# PANDA Grésilles, as the bundled seed states it.
GRESILLES: dict[str, Any] = next(e for e in ENTRIES if e["name"] == "PANDA Grésilles")


def public_fields(**overrides: Any) -> dict[str, Any]:
    return GRESILLES | {"id": 2, "updated_at": "2025-01-01T00:00:00+00:00"} | overrides


def field_of(exc: ValidationError) -> str:
    return str(exc.errors()[0]["loc"][0])


def test_every_seed_entry_is_a_valid_place() -> None:
    places = [AccessPointCreate.model_validate(e) for e in ENTRIES]
    assert len({(p.source, p.source_id) for p in places}) == len(ENTRIES)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("postcode", "2100"),
        ("postcode", "21 000"),
        ("insee_code", "20001"),  # Corsica is 2A / 2B
        ("insee_code", "2C001"),
        ("latitude", 90.5),
        ("longitude", -180.1),
        ("phone", "0380488414"),
        ("phone", "+4930123456"),
        ("websites", ["ftp://example.org"]),
        ("websites", ["https://exa mple.org"]),
        ("emails", ["contact@localhost"]),
        ("emails", ["a@b@c.fr"]),
        ("name", "   "),
        ("name", "x" * 301),
        ("name", "PANDA\x00Grésilles"),
        ("pivot", "123"),
        ("typology", ["bib"]),
        ("equipment", {"computer": -1}),
        ("equipment", {"computer": MAX_EQUIPMENT_COUNT + 1}),
        ("equipment", {"teleporter": 1}),
        ("opening_hours", "Mo-Fr 25:00-26:00 nonsense"),
        ("location_precision", "rooftop"),
        ("source_id", ""),
        ("unknown_field", 1),
    ],
)
def test_a_place_refuses(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        AccessPointCreate.model_validate(GRESILLES | {field: value})
    assert field_of(caught.value) == field


@pytest.mark.parametrize("code", ["2A004", "2B033", "97411", "21231"])
def test_a_place_takes_corsican_and_overseas_insee_codes(code: str) -> None:
    assert AccessPointCreate.model_validate(GRESILLES | {"insee_code": code}).insee_code == code


def test_text_is_trimmed_and_hours_are_normalised() -> None:
    place = AccessPointCreate.model_validate(
        GRESILLES | {"name": "  PANDA Grésilles ", "opening_hours": "Mo-Fr   09:00-12:00"}
    )
    assert place.name == "PANDA Grésilles"
    assert place.opening_hours == "Mo-Fr 09:00-12:00"


def test_equipment_counts_are_keyed_by_the_vocabulary() -> None:
    place = AccessPointCreate.model_validate(
        GRESILLES | {"equipment": {"computer": MAX_EQUIPMENT_COUNT, "printer": None}}
    )
    assert place.equipment == {
        Equipment("computer"): MAX_EQUIPMENT_COUNT,
        Equipment("printer"): None,
    }


def test_a_closure_may_not_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="closed_until is before closed_from"):
        AccessPointCreate.model_validate(
            GRESILLES | {"closed_from": "2025-08-01", "closed_until": "2025-07-31"}
        )
    one_day = AccessPointCreate.model_validate(
        GRESILLES | {"closed_from": "2025-08-01", "closed_until": "2025-08-01"}
    )
    assert one_day.closed_until == date(2025, 8, 1)


@pytest.mark.parametrize(
    ("equipment", "status"), [(None, "unknown"), ({}, "stated"), ({"computer": 3}, "stated")]
)
def test_public_equipment_status_says_whether_a_source_lists_equipment(
    equipment: dict[str, int] | None, status: str
) -> None:
    place = AccessPointPublic.model_validate(public_fields(equipment=equipment))
    assert place.equipment_status == status


def test_public_equipment_status_cannot_be_claimed_by_the_input() -> None:
    place = AccessPointPublic.model_validate(
        public_fields(equipment=None, equipment_status="stated")
    )
    assert place.equipment_status == "unknown"


def test_public_facts_date_is_the_later_of_source_and_steward() -> None:
    source = AccessPointPublic.model_validate(public_fields())
    assert (source.facts_date, source.facts_date_basis) == (date(2021, 3, 5), "source")
    confirmed = AccessPointPublic.model_validate(public_fields(confirmed_on="2025-06-01"))
    assert (confirmed.facts_date, confirmed.facts_date_basis) == (date(2025, 6, 1), "steward")
    older = AccessPointPublic.model_validate(public_fields(confirmed_on="2020-01-01"))
    assert (older.facts_date, older.facts_date_basis) == (date(2021, 3, 5), "source")


def test_public_facts_date_falls_back_on_the_publication_for_undated_places_only() -> None:
    publication = {"facts_date": "2022-12-30", "facts_date_basis": "publication"}
    undated = AccessPointPublic.model_validate(public_fields(source_updated_on=None) | publication)
    assert (undated.facts_date, undated.facts_date_basis) == (date(2022, 12, 30), "publication")
    dated = AccessPointPublic.model_validate(public_fields() | publication)
    assert (dated.facts_date, dated.facts_date_basis) == (date(2021, 3, 5), "source")
    # A facts date sent without the publication basis is not taken: it is derived.
    claimed = AccessPointPublic.model_validate(
        public_fields(source_updated_on=None, facts_date="2025-01-01")
    )
    assert (claimed.facts_date, claimed.facts_date_basis) == (None, None)


def test_public_updated_at_without_zone_is_utc() -> None:
    place = AccessPointPublic.model_validate(public_fields(updated_at="2025-01-01T10:00:00"))
    assert place.updated_at == datetime(2025, 1, 1, 10, 0, tzinfo=UTC)


def test_update_takes_any_subset_and_keeps_each_fields_checks() -> None:
    update = AccessPointUpdate.model_validate({"phone": "+33380488414", "summary": None})
    assert update.model_dump(exclude_unset=True) == {"phone": "+33380488414", "summary": None}
    for field, value in [("postcode", "2100"), ("name", "  "), ("opening_hours", "never ever")]:
        with pytest.raises(ValidationError) as caught:
            AccessPointUpdate.model_validate({field: value})
        assert field_of(caught.value) == field
    with pytest.raises(ValidationError, match="extra"):
        AccessPointUpdate.model_validate({"id": 3})


def test_update_covers_every_writable_field() -> None:
    assert set(AccessPointUpdate.model_fields) == set(AccessPointCreate.model_fields)


def test_a_stored_place_round_trips_its_lists_and_equipment(session: Session) -> None:
    fields = GRESILLES | {"equipment": {"computer": 4, "printer": None}}
    stored = AccessPoint.model_validate(AccessPointCreate.model_validate(fields))
    session.add(stored)
    session.commit()
    place_id = stored.id
    session.expunge_all()
    read = session.get(AccessPoint, place_id)
    assert read is not None
    assert read.networks == ["PANDA", "Réseau Dijon métropole"]
    assert read.equipment == {"computer": 4, "printer": None}
    assert read.confirmed_on is None
    assert read.updated_at is not None


def test_a_deleted_places_id_is_never_given_again(session: Session) -> None:
    first, second = (AccessPointCreate.model_validate(e) for e in ENTRIES[:2])
    stored = AccessPoint.model_validate(first)
    session.add(stored)
    session.commit()
    deleted_id = stored.id
    session.delete(stored)
    session.commit()
    again = AccessPoint.model_validate(second)
    session.add(again)
    session.commit()
    assert deleted_id is not None and again.id == deleted_id + 1


def test_source_and_source_id_identify_a_place(session: Session) -> None:
    session.add(AccessPoint.model_validate(AccessPointCreate.model_validate(GRESILLES)))
    session.commit()
    twin = GRESILLES | {"name": "Autre nom"}
    session.add(AccessPoint.model_validate(AccessPointCreate.model_validate(twin)))
    with pytest.raises(IntegrityError):
        session.commit()


def test_opening_hours_are_a_format_of_their_own_in_the_document() -> None:
    # No regular expression states the OpenStreetMap syntax: a pattern would promise what the
    # parser refuses (a blank, random text), so the document names the format instead.
    for model in (AccessPointCreate, AccessPointUpdate):
        [text, _null] = model.model_json_schema()["properties"]["opening_hours"]["anyOf"]
        assert text["format"] == OPENING_HOURS_FORMAT and "pattern" not in text
        assert text["maxLength"] == 1000 and "422" in text["description"]


@pytest.mark.parametrize("hours", ["", "   ", "0", "Lieu\x00 ouvert"])
def test_opening_hours_outside_the_syntax_are_refused(hours: str) -> None:
    with pytest.raises(ValidationError):
        AccessPointUpdate.model_validate({"opening_hours": hours})


def test_the_order_of_the_closure_dates_is_documented() -> None:
    closed_until = AccessPointCreate.model_json_schema()["properties"]["closed_until"]
    assert "On or after closed_from" in closed_until["description"]


def test_the_patch_document_lists_null_only_where_a_place_may_hold_it() -> None:
    # A list or a required field left out stays; null is refused once merged (422).
    properties = AccessPointUpdate.model_json_schema()["properties"]
    for name in ("emails", "name", "services", "status", "latitude"):
        assert "anyOf" not in properties[name] and "default" not in properties[name], name
    assert {"type": "null"} in properties["summary"]["anyOf"]
    assert {"type": "null"} in properties["closed_until"]["anyOf"]
