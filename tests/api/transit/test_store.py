"""The feed in the database (api/transit/store.py): replaced whole, in one transaction."""

from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from api.transit.reader import read_feed
from api.transit.store import replace_feed, stored_feed
from models.data_version import DataVersion
from models.transit import TransitStop, TransitStopLine
from tests.transit_feed import divia_feed


def test_a_feed_replaces_the_previous_one_whole_and_bumps_the_data_version(
    session: Session, tmp_path: Path
) -> None:
    assert stored_feed(session) is None
    first = read_feed(divia_feed(tmp_path / "a.zip"))
    version = replace_feed(session, first)
    stored = stored_feed(session)
    assert stored is not None
    assert (stored.name, stored.stops, stored.lines, stored.stop_times) == (
        "Divia Mobilités",
        9,
        3,
        20,
    )
    # The second feed has no bus lines: nothing of the first's is left behind.
    routes = "route_id,agency_id,route_short_name,route_long_name,route_type\nT2,DIVIA,T2,T2,0\n"
    trips = "route_id,service_id,trip_id\nT2,SEMAINE,T2_SUD_1\n"
    second = read_feed(
        divia_feed(
            tmp_path / "b.zip",
            replace={
                "routes.txt": routes,
                "trips.txt": trips,
                "stop_times.txt": "trip_id,stop_id,stop_sequence\nT2_SUD_1,GIROUD,1\n"
                "T2_SUD_1,VALMY,2\n",
            },
        )
    )
    assert replace_feed(session, second) == version + 1
    stored = stored_feed(session)
    assert stored is not None and (stored.stops, stored.lines, stored.stop_times) == (2, 1, 2)
    serves = session.execute(select(func.count()).select_from(TransitStopLine)).scalar_one()
    assert serves == 2
    names = session.execute(select(TransitStop.name)).scalars().all()  # type: ignore[call-overload]
    assert sorted(names) == ["Giroud", "Valmy"]
    assert session.get(DataVersion, 1).version == version + 1  # type: ignore[union-attr]
