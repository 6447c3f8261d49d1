"""api/read_model/changes.py: what changed since a data version, read from the change log:
the places written (in their current state) and the ids gone, or "everything" when the log
cannot tell place by place."""

from sqlalchemy import delete
from sqlmodel import Session

from api.read_model.changes import read_changes
from models.access_point import AccessPoint
from models.data_version import DataVersion
from models.place_change import PlaceChange
from seed.change_log import KEPT_VERSIONS
from seed.data_sources import all_data_sources
from seed.upsert import bump_data_version

LIMIT = 2_000


def edit_hours(session: Session, place_id: int, hours: str) -> int:
    """Change one place's hours as a write does; the new data version."""
    stored = session.get(AccessPoint, place_id)
    assert stored is not None
    stored.opening_hours = hours
    session.add(stored)
    version = bump_data_version(session, places=[place_id])
    session.commit()
    return version


def test_nothing_since_the_current_version_is_none(seeded_session: Session) -> None:
    session = seeded_session
    version = session.get(DataVersion, 1).version  # type: ignore[union-attr]
    sources = all_data_sources(session)
    assert read_changes(session, version, sources, LIMIT) is None
    assert read_changes(session, version + 3, sources, LIMIT) is None


def test_an_edit_gives_the_place_as_it_is_now(seeded_session: Session) -> None:
    session = seeded_session
    since = session.get(DataVersion, 1).version  # type: ignore[union-attr]
    version = edit_hours(session, 2, "Mo 10:00-12:00")
    changes = read_changes(session, since, all_data_sources(session), LIMIT)
    assert changes is not None
    assert (changes.since, changes.version, changes.everything) == (since, version, False)
    assert [(p.id, p.opening_hours) for p in changes.places] == [(2, "Mo 10:00-12:00")]
    assert changes.removed == frozenset()
    # Read with the source's credit, as the loader reads every place.
    assert changes.places[0].source_attribution == "MedNum BFC (multi-coop/data-bfc-ternum)"


def test_several_versions_are_read_together_each_place_once(seeded_session: Session) -> None:
    session = seeded_session
    since = session.get(DataVersion, 1).version  # type: ignore[union-attr]
    edit_hours(session, 3, "Mo 10:00-12:00")
    edit_hours(session, 5, "Tu 10:00-12:00")
    version = edit_hours(session, 3, "We 10:00-12:00")
    changes = read_changes(session, since, all_data_sources(session), LIMIT)
    assert changes is not None and changes.version == version == since + 3
    assert [(p.id, p.opening_hours) for p in changes.places] == [
        (3, "We 10:00-12:00"),
        (5, "Tu 10:00-12:00"),
    ]
    # From a later version only the later changes are read.
    later = read_changes(session, since + 2, all_data_sources(session), LIMIT)
    assert later is not None and [p.id for p in later.places] == [3]


def test_a_deleted_place_is_among_the_removed(seeded_session: Session) -> None:
    session = seeded_session
    since = session.get(DataVersion, 1).version  # type: ignore[union-attr]
    session.delete(session.get(AccessPoint, 4))
    bump_data_version(session, places=[4])
    session.commit()
    changes = read_changes(session, since, all_data_sources(session), LIMIT)
    assert changes is not None and not changes.everything
    assert (changes.places, changes.removed) == ((), frozenset({4}))


def test_a_bulk_change_is_everything(seeded_session: Session) -> None:
    session = seeded_session
    since = session.get(DataVersion, 1).version  # type: ignore[union-attr]
    edit_hours(session, 2, "Mo 10:00-12:00")
    version = bump_data_version(session)  # an import: no places named
    session.commit()
    changes = read_changes(session, since, all_data_sources(session), LIMIT)
    assert changes is not None
    assert (changes.version, changes.everything, changes.places) == (version, True, ())


def test_more_places_than_the_limit_is_everything(seeded_session: Session) -> None:
    session = seeded_session
    since = session.get(DataVersion, 1).version  # type: ignore[union-attr]
    for place_id in (2, 3, 4):
        edit_hours(session, place_id, "Fr 09:00-10:00")
    assert read_changes(session, since, all_data_sources(session), 2).everything  # type: ignore[union-attr]
    exact = read_changes(session, since, all_data_sources(session), 3)
    assert exact is not None and not exact.everything and len(exact.places) == 3


def test_a_gap_in_the_log_is_everything(seeded_session: Session) -> None:
    session = seeded_session
    since = session.get(DataVersion, 1).version  # type: ignore[union-attr]
    gap = edit_hours(session, 2, "Mo 10:00-12:00")
    edit_hours(session, 3, "Tu 10:00-12:00")
    table = PlaceChange.__table__  # type: ignore[attr-defined]
    session.execute(delete(table).where(table.c.version == gap))
    session.commit()
    changes = read_changes(session, since, all_data_sources(session), LIMIT)
    assert changes is not None and changes.everything
    # Past the gap the log is whole again.
    after = read_changes(session, gap, all_data_sources(session), LIMIT)
    assert after is not None and not after.everything and [p.id for p in after.places] == [3]


def test_a_reader_further_behind_than_the_log_keeps_reloads_everything(
    seeded_session: Session,
) -> None:
    session = seeded_session
    row = session.get(DataVersion, 1)
    assert row is not None
    since = row.version
    row.version = since + KEPT_VERSIONS  # as if that many writes had passed
    session.add(row)
    session.commit()
    version = edit_hours(session, 2, "Mo 10:00-12:00")
    changes = read_changes(session, since, all_data_sources(session), LIMIT)
    assert changes is not None and (changes.version, changes.everything) == (version, True)
    recent = read_changes(session, version - 1, all_data_sources(session), LIMIT)
    assert recent is not None and [p.id for p in recent.places] == [2]
