"""models/commune.py: a commune keyed by INSEE code, validated, stored and answered."""

import functools
import gzip
import json
from typing import Any

import pytest
from pydantic import ValidationError
from sqlmodel import Session, SQLModel, select

from models.commune import Commune, CommuneBase, CommunePublic
from seed.communes import bundled_path
from seed.loader import COMMUNES_FILE, read_seed_file


def metropole() -> list[dict[str, Any]]:
    """The 23 communes of Dijon Métropole, as the seed file gives them."""
    return read_seed_file(COMMUNES_FILE)["communes"]


def seed_commune(name: str) -> dict[str, Any]:
    return next(c for c in metropole() if c["name"] == name)


@functools.cache
def national_document() -> dict[str, Any]:
    with gzip.open(bundled_path(), "rt", encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def national(*codes: str) -> dict[str, dict[str, Any]]:
    """Rows of the bundled file of every commune of France, as CommuneBase fields."""
    document = national_document()
    rows = (dict(zip(document["columns"], row, strict=True)) for row in document["communes"])
    found = {row["insee_code"]: row for row in rows if row["insee_code"] in codes}
    return {code: {**row, "postcode": row["postcodes"][0]} for code, row in found.items()}


def test_every_seed_commune_validates_with_the_metropole_defaults() -> None:
    communes = [CommuneBase.model_validate(c) for c in metropole()]
    assert len(communes) == len({c.insee_code for c in communes}) == 23
    assert {c.time_zone for c in communes} == {"Europe/Paris"}
    # The seed gives one postcode each; the national facts add the full lists.
    assert all(c.postcodes == [] and c.epci is None for c in communes)


@pytest.mark.parametrize("code", ["21231", "2A004", "2B033", "97105", "01001"])
def test_insee_codes_of_corsica_and_overseas_are_accepted(code: str) -> None:
    fields = {**seed_commune("Dijon"), "insee_code": code}
    assert CommuneBase.model_validate(fields).insee_code == code


@pytest.mark.parametrize("code", ["20004", "2a004", "2C004", "2123", "212310", "21 231", ""])
def test_insee_codes_that_name_no_commune_are_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="insee_code"):
        CommuneBase.model_validate({**seed_commune("Dijon"), "insee_code": code})


@pytest.mark.parametrize("postcode", ["2100", "210000", "21 000", "2A000", ""])
def test_postcode_must_be_five_digits(postcode: str) -> None:
    with pytest.raises(ValidationError, match="postcode"):
        CommuneBase.model_validate({**seed_commune("Dijon"), "postcode": postcode})


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", 90.5), ("latitude", -91), ("longitude", 180.5), ("name", "")],
)
def test_out_of_range_centroid_and_empty_name_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError, match=field):
        CommuneBase.model_validate({**seed_commune("Ahuy"), field: value})


def test_national_facts_of_overseas_and_corsica_validate() -> None:
    rows = national("97105", "2A004", "75056")
    basse_terre = CommuneBase.model_validate(rows["97105"])
    ajaccio = CommuneBase.model_validate(rows["2A004"])
    paris = CommuneBase.model_validate(rows["75056"])
    assert (basse_terre.department, basse_terre.time_zone) == ("971", "America/Guadeloupe")
    assert (ajaccio.department, ajaccio.postcode) == ("2A", "20000")
    assert len(paris.postcodes) == 21 and paris.postcode == paris.postcodes[0] == "75001"


def test_a_commune_round_trips_with_its_lists_and_zone(session: Session) -> None:
    rows = national("21452", "75056", "97105")
    for row in rows.values():
        session.add(Commune.model_validate(row))
    session.commit()
    session.expire_all()
    for code, row in rows.items():
        stored = session.get(Commune, code)
        assert stored is not None
        answered = CommunePublic.model_validate(stored, from_attributes=True)
        assert answered == CommunePublic.model_validate(row)
    neuilly = session.get(Commune, "21452")
    assert neuilly is not None
    assert neuilly.former_names == ["Neuilly-lès-Dijon", "Crimolois"]
    assert session.get(Commune, "97105").time_zone == "America/Guadeloupe"  # type: ignore[union-attr]


def test_a_core_insert_without_lists_nor_zone_gets_the_defaults(session: Session) -> None:
    # seed/communes.py writes communes with Core inserts: the column defaults must apply there.
    ahuy = seed_commune("Ahuy")
    table = SQLModel.metadata.tables["commune"]
    session.execute(
        table.insert().values(
            insee_code=ahuy["insee_code"],
            name=ahuy["name"],
            postcode=ahuy["postcode"],
            latitude=ahuy["latitude"],
            longitude=ahuy["longitude"],
        )
    )
    session.commit()
    stored = session.exec(select(Commune)).one()
    assert (stored.former_names, stored.postcodes, stored.time_zone) == ([], [], "Europe/Paris")


def test_default_lists_are_not_shared_between_communes() -> None:
    first = CommuneBase.model_validate(seed_commune("Ahuy"))
    second = CommuneBase.model_validate(seed_commune("Dijon"))
    first.postcodes.append("21121")
    assert second.postcodes == []


def test_table_keys_on_insee_code_and_indexes_what_is_filtered() -> None:
    table = SQLModel.metadata.tables["commune"]
    assert [c.name for c in table.primary_key.columns] == ["insee_code"]
    assert {i.name for i in table.indexes} == {"ix_commune_department", "ix_commune_epci"}
    assert not table.c.time_zone.nullable and table.c.epci.nullable
    # SIREN of an EPCI: nine digits (Dijon Métropole is 242100410).
    assert table.c.epci.type.length == len("242100410")
