"""seed.address_import: the address table replaced in one transaction, or left as it was."""

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from models.address import Address, AddressRecord
from models.data_version import DataVersion
from seed import address_import
from seed.address_import import replace_addresses
from seed.ban_addresses import read_ban_addresses
from tests.data_files import fixture

# The two look-alike Places de la Libération (Dijon 21231, Narbonne 11262).
LIBERATION = fixture("ban-liberation-dijon-aude.csv")
# PANDA Grésilles' address, as the BAN-shaped sample gives it.
CLAUDEL = AddressRecord(
    housenumber="14",
    rep="",
    street="Rue Camille Claudel",
    postcode="21000",
    insee_code="21231",
    commune="Dijon",
    latitude=47.329680,
    longitude=5.069047,
)


def stored(session: Session) -> list[tuple[str, str, str]]:
    """(insee_code, number, street) of every stored address, sorted."""
    rows = session.exec(select(Address)).all()
    return sorted((row.insee_code, row.housenumber, row.street) for row in rows)


def versions(session: Session) -> tuple[int, int]:
    """(data version, addresses version); (0, 0) before any write."""
    row = session.get(DataVersion, 1, populate_existing=True)
    return (row.version, row.addresses_version) if row else (0, 0)


@pytest.fixture
def liberation(session: Session) -> Session:
    """A session whose address table holds both Places de la Libération."""
    assert replace_addresses(session, read_ban_addresses(LIBERATION), None) == 2
    return session


def test_fills_the_table_and_bumps_both_versions(session: Session) -> None:
    count = replace_addresses(session, read_ban_addresses(fixture("ban-dijon-sample.csv")), None)
    assert count == 52
    assert len(stored(session)) == 52
    assert versions(session) == (1, 1)


def test_without_codes_or_department_replaces_everything(liberation: Session) -> None:
    assert replace_addresses(liberation, [CLAUDEL], None) == 1
    assert stored(liberation) == [("21231", "14", "Rue Camille Claudel")]


def test_insee_codes_replace_only_those_communes(liberation: Session) -> None:
    replace_addresses(liberation, [CLAUDEL], {"21231"})
    assert stored(liberation) == [
        ("11262", "1", "Place de la Libération"),
        ("21231", "14", "Rue Camille Claudel"),
    ]


def test_department_replaces_only_its_communes(liberation: Session) -> None:
    assert replace_addresses(liberation, [], None, department="11") == 0
    assert stored(liberation) == [("21231", "1", "Place de la Libération")]


def test_department_is_matched_literally_not_as_a_like_pattern(liberation: Session) -> None:
    # "_" is LIKE's any-character: unescaped, "2_" would delete Dijon's "21231".
    replace_addresses(liberation, [], None, department="2_")
    assert len(stored(liberation)) == 2


def test_insee_codes_win_over_department(liberation: Session) -> None:
    replace_addresses(liberation, [], {"11262"}, department="21")
    assert stored(liberation) == [("21231", "1", "Place de la Libération")]


def test_a_failing_read_rolls_everything_back(liberation: Session) -> None:
    def broken() -> Iterator[AddressRecord]:
        yield CLAUDEL
        raise ValueError("ligne 3 : fichier tronqué")

    with pytest.raises(ValueError, match="fichier tronqué"):
        replace_addresses(liberation, broken(), None)
    assert stored(liberation) == [
        ("11262", "1", "Place de la Libération"),
        ("21231", "1", "Place de la Libération"),
    ]
    assert versions(liberation) == (1, 1)


def test_progress_is_told_each_batch(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(address_import, "BATCH", 2)
    told: list[int] = []
    records = [
        AddressRecord(str(n), "", "Rue Camille Claudel", "21000", "21231", "Dijon", 47.33, 5.07)
        for n in range(1, 6)
    ]
    assert replace_addresses(session, records, None, progress=told.append) == 5
    assert told == [2, 2, 1]
    assert len(stored(session)) == 5


def test_empty_records_leave_an_empty_table_and_still_bump(liberation: Session) -> None:
    assert replace_addresses(liberation, [], None) == 0
    assert stored(liberation) == []
    assert versions(liberation) == (2, 2)
