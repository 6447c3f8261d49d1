"""models/geocode_cache.py: the national address service's answers, one row per query."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from api.geocoding.ban_cache import storage_key
from models.geocode_cache import KEY_MAX_LENGTH, GeocodeCacheEntry
from seed.loader import ACCESS_POINTS_FILE, read_seed_file


def candidate() -> dict[str, object]:
    """A candidate as cached, with PANDA Grésilles' published address and position."""
    place = next(
        p
        for p in read_seed_file(ACCESS_POINTS_FILE)["access_points"]
        if p["name"] == "PANDA Grésilles"
    )
    return {
        "label": f"{place['address']} {place['postcode']} {place['commune']}",
        "latitude": place["latitude"],
        "longitude": place["longitude"],
        "score": 0.97,
        "postcode": place["postcode"],
        "insee_code": place["insee_code"],
        "precision": "housenumber",
    }


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def test_a_new_entry_is_stamped_now_and_answers_nothing() -> None:
    before = datetime.now(UTC)
    entry = GeocodeCacheEntry(key="ban:5:essai")
    assert entry.payload == []
    assert entry.created_at.tzinfo is UTC and before <= entry.created_at <= datetime.now(UTC)


def test_candidates_round_trip_in_their_order(session: Session) -> None:
    first = candidate()
    second = {**first, "label": "Rue Camille Claudel 21000 Dijon", "score": 0.5}
    key = storage_key("ban", ("14 rue camille claudel dijon", 5))
    stamped = datetime(2025, 7, 15, 8, 30, tzinfo=UTC)
    session.add(GeocodeCacheEntry(key=key, payload=[first, second], created_at=stamped))
    session.commit()
    session.expire_all()
    stored = session.get(GeocodeCacheEntry, key)
    assert stored is not None
    assert stored.payload == [first, second]
    assert stored.payload[0]["latitude"] == 47.32968
    assert as_utc(stored.created_at) == stamped


def test_a_query_that_found_nothing_is_cached_as_an_empty_list(session: Session) -> None:
    # "Possibly none": an empty answer is worth keeping, it spares the quota too.
    session.add(GeocodeCacheEntry(key="ban:5:zzzz", payload=[]))
    session.commit()
    session.expire_all()
    stored = session.get(GeocodeCacheEntry, "ban:5:zzzz")
    assert stored is not None and stored.payload == []


def test_merge_replaces_the_answer_of_the_same_query(session: Session) -> None:
    # The cache writes with merge: one row per query, the newest answer wins.
    key = "ban:5:14 rue camille claudel dijon"
    old = datetime.now(UTC) - timedelta(days=40)
    session.add(GeocodeCacheEntry(key=key, payload=[], created_at=old))
    session.commit()
    session.merge(GeocodeCacheEntry(key=key, payload=[candidate()]))
    session.commit()
    session.expire_all()
    stored = session.get(GeocodeCacheEntry, key)
    assert stored is not None
    assert stored.payload == [candidate()]
    assert as_utc(stored.created_at) > old + timedelta(days=39)


def test_a_second_insert_of_one_query_is_refused(session: Session) -> None:
    session.add(GeocodeCacheEntry(key="ban:5:dijon"))
    session.commit()
    session.expunge_all()
    session.add(GeocodeCacheEntry(key="ban:5:dijon"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_an_overlong_query_still_makes_a_key_that_fits_the_column(session: Session) -> None:
    query = "place de la libération " * 20
    key = storage_key("ban", (query, 5))
    assert len(key) <= KEY_MAX_LENGTH < len(query)
    session.add(GeocodeCacheEntry(key=key, payload=[candidate()]))
    session.commit()
    assert session.get(GeocodeCacheEntry, key) is not None


def test_table_key_length_is_the_constant_callers_fit_to() -> None:
    table = SQLModel.metadata.tables["geocode_cache"]
    assert [c.name for c in table.primary_key.columns] == ["key"]
    assert table.c.key.type.length == KEY_MAX_LENGTH == 300
    assert not table.c.payload.nullable and not table.c.created_at.nullable
    assert table.c.created_at.type.timezone
