"""The transit tables (models/transit.py) hold what an import stores, in every database."""

from datetime import UTC, date, datetime

from sqlmodel import Session

from models.transit import TransitFeed, TransitLine, TransitStop, TransitStopLine


def test_a_feed_its_stop_and_line_round_trip(session: Session) -> None:
    session.add(
        TransitFeed(
            name="Divia",
            start_date=date(2026, 1, 1),
            end_date=date(2030, 12, 31),
            imported_at=datetime(2026, 12, 8, tzinfo=UTC),
            sha256="0" * 64,
            stop_times=2,
        )
    )
    session.add(TransitStop(position=0, stop_id="S", name="Giroud", latitude=47.36, longitude=5.04))
    geometry = [[[5.04, 47.36], [5.05, 47.37]]]
    session.add(
        TransitLine(
            position=0,
            route_id="T2",
            short_name="T2",
            long_name="Valmy - Chenôve",
            mode="tram",
            color="#C5007A",
            geometry=geometry,
        )
    )
    session.add(TransitStopLine(stop=0, line=0))
    session.commit()
    assert session.get(TransitLine, 0).geometry == geometry  # type: ignore[union-attr]
    assert session.get(TransitFeed, 1).name == "Divia"  # type: ignore[union-attr]
    assert session.get(TransitStopLine, (0, 0)) is not None
