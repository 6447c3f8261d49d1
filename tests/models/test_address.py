"""models/address.py: the BAN address row and the geocoder's frozen records of it."""

import dataclasses

import pytest
from sqlmodel import Session, SQLModel, select

from models.address import Address, AddressRecord, CommuneRecord
from seed.ban_addresses import read_ban_addresses
from seed.loader import COMMUNES_FILE, read_seed_file
from tests.data_files import fixture


def sample_records() -> list[AddressRecord]:
    """The 52 addresses of tests/fixtures/ban-dijon-sample.csv, as the BAN reader gives them."""
    return list(read_ban_addresses(fixture("ban-dijon-sample.csv")))


def record_of(street: str) -> AddressRecord:
    return next(r for r in sample_records() if r.street == street)


def test_record_gives_back_every_field_of_the_row() -> None:
    record = record_of("Rue Camille Claudel")
    row = Address(**dataclasses.asdict(record))
    assert row.record() == record
    assert (row.record().housenumber, row.record().insee_code) == ("14", "21231")


def test_record_keeps_the_repetition_index() -> None:
    record = record_of("Place Granville")
    assert (record.housenumber, record.rep) == ("10", "bis")
    assert Address(**dataclasses.asdict(record)).record().rep == "bis"


def test_rep_defaults_to_empty_text_not_none() -> None:
    row = Address(
        housenumber="1",
        street="Rue d'essai",
        postcode="21000",
        insee_code="21231",
        commune="Dijon",
        latitude=47.0,
        longitude=5.0,
    )
    assert row.rep == ""
    assert row.record().rep == ""


def test_every_sample_address_round_trips_through_the_table(session: Session) -> None:
    records = sample_records()
    assert len(records) == 52
    session.add_all(Address(**dataclasses.asdict(r)) for r in records)
    session.commit()
    rows = session.exec(select(Address).order_by(Address.id)).all()  # type: ignore[arg-type]
    assert [row.record() for row in rows] == records


def test_rows_of_one_commune_are_found_by_insee_code(session: Session) -> None:
    records = sample_records()
    session.add_all(Address(**dataclasses.asdict(r)) for r in records)
    session.commit()
    chenove = session.exec(select(Address).where(Address.insee_code == "21166")).all()
    assert chenove
    assert {row.commune for row in chenove} == {"Chenôve"}
    assert len(chenove) == sum(r.insee_code == "21166" for r in records)


def test_insee_code_is_indexed_for_the_per_commune_replace() -> None:
    table = SQLModel.metadata.tables["address"]
    assert {index.name for index in table.indexes} == {"ix_address_insee_code"}
    assert table.c.postcode.type.length == 5
    assert not table.c.rep.nullable


def test_address_record_is_frozen_and_hashable() -> None:
    record = record_of("Rue Camille Claudel")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.street = "Rue d'essai"  # type: ignore[misc]
    assert len({record, dataclasses.replace(record)}) == 1
    assert not hasattr(record, "__dict__")  # slots: many thousands are held in memory


def test_commune_record_defaults_to_no_former_names_nor_extra_postcodes() -> None:
    ahuy = read_seed_file(COMMUNES_FILE)["communes"][0]
    record = CommuneRecord(
        ahuy["insee_code"], ahuy["name"], ahuy["postcode"], ahuy["latitude"], ahuy["longitude"]
    )
    assert (record.name, record.former_names, record.postcodes) == ("Ahuy", (), ())


def test_commune_record_keeps_former_names_of_a_merged_commune() -> None:
    communes = read_seed_file(COMMUNES_FILE)["communes"]
    merged = next(c for c in communes if c["former_names"])
    record = CommuneRecord(
        merged["insee_code"],
        merged["name"],
        merged["postcode"],
        merged["latitude"],
        merged["longitude"],
        former_names=tuple(merged["former_names"]),
    )
    assert record.name == "Neuilly-Crimolois"
    assert record.former_names == ("Neuilly-lès-Dijon", "Crimolois")
    assert hash(record) == hash(dataclasses.replace(record))
