"""`panda import data-inclusion`'s engine against a fake hub on 127.0.0.1: the territory's
places imported through the import engine, or, when the hub fails part-way, nothing at all."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from api.data_inclusion.hub_client import ATTEMPTS, HubClient, HubUnavailable
from api.data_inclusion.pull import (
    Territory,
    UnknownTerritory,
    department,
    epci,
    fetch_rows,
    import_from_hub,
)
from models.access_point import AccessPoint
from models.audit import AuditEntry
from models.commune import Commune
from models.data_source import DataSource
from models.data_version import DataVersion
from seed.importer import ImportOptions
from tests.api.data_inclusion.fake_hub import TOKEN, FakeHub, serving

DIJON_METROPOLE = "242100410"


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with serving(FakeHub()) as served:
        yield served


def locate(address: str) -> tuple[float, float, str]:
    """Quetigny's place comes without coordinates: the geocoder's answer, here a fixed one."""
    return 47.3147, 5.1065, "housenumber"


def pull(engine: Engine, hub: FakeHub, territory: Territory | None = None, **options: bool):  # type: ignore[no-untyped-def]
    client = HubClient(hub.url, TOKEN, page_size=2, sleep=lambda _: None)
    territory = territory or department("21")
    return import_from_hub(engine, client, territory, ImportOptions(actor="hub", **options), locate)


def state(engine: Engine) -> tuple[list[tuple[str, str, str | None]], int]:
    with Session(engine) as session:
        places = session.exec(select(AccessPoint).order_by(AccessPoint.source_id)).all()  # type: ignore[arg-type]
        versions = session.exec(select(DataVersion)).all()
        rows = [(p.source, p.source_id, p.phone) for p in places]
        return rows, max((v.version for v in versions), default=0)


def test_the_territory_is_imported_as_any_file_is(engine: Engine, hub: FakeHub) -> None:
    report = pull(engine, hub)
    assert (report.format, report.rows, report.created, report.rejected) == (
        "data·inclusion v1",
        4,
        4,
        0,
    )
    assert (report.written, report.geocoded) == (True, 1)
    places, version = state(engine)
    assert [(s, i) for s, i, _ in places] == [
        ("data-inclusion:dora", "dora--pij-quetigny"),
        ("data-inclusion:mediation-numerique", "mediation-numerique--epn-chenove"),
        ("data-inclusion:mediation-numerique", "mediation-numerique--essai-beaune"),
        ("data-inclusion:mediation-numerique", "mediation-numerique--panda-gresilles"),
    ]
    assert version >= 1
    with Session(engine) as session:
        sources = {row.name for row in session.exec(select(DataSource))}
        actors = {entry.actor for entry in session.exec(select(AuditEntry))}
    assert sources == {"data-inclusion:dora", "data-inclusion:mediation-numerique"}
    assert actors == {"hub"}


def test_a_second_pull_changes_nothing(engine: Engine, hub: FakeHub) -> None:
    pull(engine, hub)
    report = pull(engine, hub)
    assert (report.unchanged, report.created, report.updated, report.written) == (4, 0, 0, False)


def test_a_500_in_the_middle_leaves_the_database_as_it_was(engine: Engine, hub: FakeHub) -> None:
    pull(engine, hub)
    hub.records["structures"][0]["telephone"] = "+33380000000"  # a change the pull would write
    before = state(engine)
    hub.faults[("services", 2)] = [(500, {}, b"")] * ATTEMPTS
    with pytest.raises(HubUnavailable, match="services, page 2 : le hub a répondu 500"):
        pull(engine, hub)
    assert state(engine) == before


def test_a_dry_run_writes_nothing(engine: Engine, hub: FakeHub) -> None:
    report = pull(engine, hub, dry_run=True)
    assert (report.created, report.written, report.dry_run) == (4, False, True)
    assert state(engine) == ([], 0)


def test_an_epci_is_asked_by_department_and_kept_to_its_communes(
    engine: Engine, hub: FakeHub
) -> None:
    with Session(engine) as session:
        for code, name, postcode in (("21231", "Dijon", "21000"), ("21166", "Chenôve", "21300")):
            session.add(
                Commune(
                    insee_code=code,
                    name=name,
                    postcode=postcode,
                    latitude=47.3,
                    longitude=5.0,
                    department="21",
                    epci=DIJON_METROPOLE,
                )
            )
        session.commit()
    territory = epci(engine, DIJON_METROPOLE)
    assert (territory.departments, territory.insee_codes) == (("21",), {"21231", "21166"})
    assert pull(engine, hub, territory).created == 2


def test_an_epci_unknown_to_the_database_is_read_from_the_bundled_communes(
    engine: Engine,
) -> None:
    territory = epci(engine, DIJON_METROPOLE)
    assert territory.departments == ("21",)
    assert territory.insee_codes is not None and len(territory.insee_codes) == 23
    with pytest.raises(
        UnknownTerritory, match="aucune commune connue n'appartient à l'EPCI 000000000"
    ):
        epci(engine, "000000000")


def test_every_page_is_fetched_before_the_rows_are_made(hub: FakeHub) -> None:
    client = HubClient(hub.url, TOKEN, page_size=1, sleep=lambda _: None)
    result = fetch_rows(client, department("21"))
    assert len(result.rows) == 4
    asked = [(path.rsplit("/", 1)[1], query.get("thematiques")) for path, query, _ in hub.requests]
    assert asked == [("structures", None)] * 5 + [("services", "numerique")] * 4
