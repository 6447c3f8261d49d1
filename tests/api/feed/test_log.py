"""Reading the change feed (api/feed/log.py): entries in commit order, tombstones, limits."""

import pytest
from sqlalchemy import delete
from sqlmodel import Session

from api.feed.cursor import START, Position
from api.feed.log import Ahead, Expired, read_page
from models.access_point import AccessPoint
from seed.change_log import LOG
from seed.upsert import bump_data_version, upsert_access_points
from tests.conftest import make_access_point


def created(session: Session, *source_ids: str) -> list[int]:
    """Places stored in one version (as an import stores them); their ids."""
    report = upsert_access_points(
        session, [make_access_point(source="essai", source_id=s) for s in source_ids]
    )
    bump_data_version(session)
    session.commit()
    return report.ids


def test_an_empty_database_has_no_change_and_stays_at_zero(session: Session) -> None:
    page = read_page(session, START, 10)
    assert (page.entries, page.next, page.full, page.version) == ([], Position(0), False, 0)


def test_entries_come_by_version_then_place_with_their_state(session: Session) -> None:
    first = created(session, "a", "b")
    second = created(session, "c")
    page = read_page(session, START, 10)
    assert [(e.at.version, e.place_id, e.source_id) for e in page.entries] == [
        (1, first[0], "a"),
        (1, first[1], "b"),
        (2, second[0], "c"),
    ]
    assert all(e.place is not None and e.place.id == e.place_id for e in page.entries)
    assert (page.next, page.full) == (Position(2), False)
    assert read_page(session, page.next, 10).entries == []


def test_a_full_page_stops_inside_a_version_and_the_next_goes_on_from_there(
    session: Session,
) -> None:
    ids = created(session, "a", "b", "c")
    page = read_page(session, START, 2)
    assert ([e.place_id for e in page.entries], page.next, page.full) == (
        ids[:2],
        Position(1, ids[1]),
        True,
    )
    rest = read_page(session, page.next, 2)
    assert ([e.place_id for e in rest.entries], rest.full) == (ids[2:], False)


def test_a_deleted_place_is_a_tombstone_naming_its_source(session: Session) -> None:
    (place_id,) = created(session, "gone")
    stored = session.get(AccessPoint, place_id)
    bump_data_version(session, places=[place_id])  # logged before the row goes, as writes do
    session.delete(stored)
    session.commit()
    entries = read_page(session, Position(1), 10).entries
    assert [(e.place_id, e.source, e.source_id, e.place) for e in entries] == [
        (place_id, "essai", "gone", None)
    ]
    # Its earlier entry is answered as it is now: gone too.
    assert read_page(session, START, 1).entries[0].place is None


def test_a_cursor_older_than_the_log_is_expired(session: Session) -> None:
    created(session, "a")
    created(session, "b")
    session.execute(delete(LOG).where(LOG.c.version <= 1))  # as the trim does
    session.commit()
    with pytest.raises(Expired) as expired:
        read_page(session, START, 10)
    assert expired.value.horizon == 1
    assert [e.source_id for e in read_page(session, Position(1), 10).entries] == ["b"]


def test_a_log_emptied_by_the_upgrade_starts_at_the_current_version(session: Session) -> None:
    created(session, "a")
    session.execute(delete(LOG))
    session.commit()
    with pytest.raises(Expired):
        read_page(session, START, 10)
    assert read_page(session, Position(1), 10).entries == []


def test_a_cursor_past_the_database_is_ahead(session: Session) -> None:
    created(session, "a")
    with pytest.raises(Ahead) as ahead:
        read_page(session, Position(2), 10)
    assert ahead.value.version == 1
