"""seed.change_log: the places a data version touched, logged in the writer's transaction."""

from sqlmodel import Session, select

from models.access_point import AccessPoint
from models.place_change import PlaceChange
from seed.change_log import KEPT_VERSIONS, LOG, note_changed, record
from tests.conftest import make_access_point


def logged(session: Session) -> list[tuple[int, int | None]]:
    """(version, place_id) of every log row, in insertion order."""
    rows = session.exec(select(PlaceChange).order_by(PlaceChange.id)).all()  # type: ignore[arg-type]
    return [(row.version, row.place_id) for row in rows]


def test_places_are_logged_once_each_in_id_order(session: Session) -> None:
    record(session, 3, [42, 7, 42, 19])
    session.commit()
    assert logged(session) == [(3, 7), (3, 19), (3, 42)]


def test_none_logs_one_row_meaning_everything(session: Session) -> None:
    record(session, 4, None)
    session.commit()
    assert logged(session) == [(4, None)]


def test_no_place_at_all_logs_everything_rather_than_nothing(session: Session) -> None:
    record(session, 5, [])
    session.commit()
    assert logged(session) == [(5, None)]


def test_accepts_any_iterable_of_ids(session: Session) -> None:
    record(session, 6, (n for n in (3, 1, 2)))
    session.commit()
    assert logged(session) == [(6, 1), (6, 2), (6, 3)]


def test_rolled_back_write_leaves_no_log(session: Session) -> None:
    record(session, 8, [1])
    session.rollback()
    assert logged(session) == []


def test_every_hundredth_version_trims_versions_too_far_behind(session: Session) -> None:
    for version in (50, 100, 150):
        record(session, version, [version])
    record(session, 100 + KEPT_VERSIONS, [1])
    session.commit()
    # 100 + KEPT - KEPT = 100: versions up to 100 are gone, 150 is kept.
    assert logged(session) == [(150, 150), (100 + KEPT_VERSIONS, 1)]


def test_other_versions_trim_nothing(session: Session) -> None:
    record(session, 50, [50])
    record(session, 101 + KEPT_VERSIONS, [1])
    session.commit()
    assert logged(session) == [(50, 50), (101 + KEPT_VERSIONS, 1)]


def test_a_place_is_logged_with_its_source_and_id_while_its_row_is_there(
    session: Session,
) -> None:
    place = AccessPoint.model_validate(make_access_point(source="essai", source_id="x-1"))
    session.add(place)
    session.flush()
    record(session, 4, [place.id or 0, 999])
    session.commit()
    rows = session.execute(select(LOG.c.place_id, LOG.c.source, LOG.c.source_id)).all()
    assert sorted(rows, key=lambda r: r[0]) == [(place.id, "essai", "x-1"), (999, None, None)]


def test_places_noted_by_a_bulk_write_are_logged_beside_everything(session: Session) -> None:
    note_changed(session, [3, 1])
    record(session, 5, None)
    session.commit()
    assert logged(session) == [(5, 1), (5, 3), (5, None)]
    record(session, 6, [2])  # the note was taken once
    session.commit()
    assert logged(session)[-1] == (6, 2)
