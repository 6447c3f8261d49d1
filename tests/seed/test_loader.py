"""Loading the bundled seed: complete, idempotent, all-or-nothing."""

import pytest
from sqlmodel import Session, func, select

from models.access_point import AccessPoint
from models.commune import Commune
from seed.loader import ACCESS_POINTS_FILE, COMMUNES_FILE, SeedError, load_seed, read_seed_file


def count(session: Session, table: type) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def test_load_seed_creates_places_and_communes(session: Session) -> None:
    report = load_seed(session)
    assert (report.access_points.created, report.communes.created) == (68, 23)
    assert (count(session, AccessPoint), count(session, Commune)) == (68, 23)


def test_load_seed_twice_changes_nothing(session: Session) -> None:
    load_seed(session)
    report = load_seed(session)
    assert (report.access_points.unchanged, report.access_points.created) == (68, 0)
    assert count(session, AccessPoint) == 68


def test_load_seed_bad_entry_stops_with_position_and_writes_nothing(session: Session) -> None:
    data = {name: read_seed_file(name) for name in (COMMUNES_FILE, ACCESS_POINTS_FILE)}
    data[ACCESS_POINTS_FILE]["access_points"][4]["opening_hours"] = "lundi 9h"
    with pytest.raises(SeedError, match=r"entry 5 \(mednumBFC_TL_\w+\): opening_hours: "):
        load_seed(session, data)
    assert (count(session, AccessPoint), count(session, Commune)) == (0, 0)


def test_load_seed_keeps_source_and_update_date(session: Session) -> None:
    load_seed(session)
    place = session.exec(select(AccessPoint).where(AccessPoint.name == "PANDA Grésilles")).one()
    assert (place.source, place.source_id, place.phone) == (
        "mednum-bfc",
        "mednumBFC_TL_2_",
        "+33380488414",
    )
    assert place.source_updated_on is not None
