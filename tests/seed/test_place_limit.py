"""seed.place_limit: an import that would store more places than PANDA_MAX_PLACES is refused."""

import pytest
from sqlmodel import Session, func, select

from models.access_point import AccessPoint
from seed import place_limit
from seed.place_limit import TooManyPlaces, check_place_limit
from seed.upsert import upsert_access_points
from tests.conftest import make_access_point

SOURCE = "test"


@pytest.fixture
def three_places(session: Session) -> Session:
    """A database holding three places of source `test`: p1, p2, p3."""
    places = [make_access_point(source_id=f"p{n}", name=f"Lieu d'essai {n}") for n in (1, 2, 3)]
    upsert_access_points(session, places)
    session.commit()
    assert session.exec(select(func.count()).select_from(AccessPoint)).one() == 3
    return session


def keys(*ids: str, source: str = SOURCE) -> list[tuple[str, str]]:
    return [(source, source_id) for source_id in ids]


def test_room_for_every_place_as_new_passes(three_places: Session) -> None:
    check_place_limit(three_places, keys("n1", "n2"), limit=5)


def test_new_places_past_the_limit_are_refused_with_the_counts(three_places: Session) -> None:
    with pytest.raises(TooManyPlaces) as caught:
        check_place_limit(three_places, keys("n1", "n2", "n3"), limit=5)
    refused = caught.value
    assert (refused.stored, refused.new, refused.limit) == (3, 3, 5)
    assert refused.code == "too_many_places"
    assert str(refused) == (
        "import refusé, rien n'a été écrit : il ajouterait 3 lieux aux 3 déjà enregistrés, "
        "soit 6, au-delà de la limite de 5 (PANDA_MAX_PLACES)"
    )
    assert refused.en == (
        "import refused, nothing written: it would add 3 places to the 3 stored, 6 in all, "
        "above the limit of 5 (PANDA_MAX_PLACES)"
    )


def test_places_already_stored_do_not_count_as_new(three_places: Session) -> None:
    # Five keys on a limit of 5 with 3 stored: only n1 and n2 are new, 3 + 2 = 5.
    check_place_limit(three_places, keys("p1", "p2", "p3", "n1", "n2"), limit=5)


def test_one_new_place_too_many_is_refused(three_places: Session) -> None:
    with pytest.raises(TooManyPlaces) as caught:
        check_place_limit(three_places, keys("p1", "p2", "p3", "n1", "n2", "n3"), limit=5)
    assert caught.value.new == 3


def test_same_id_from_another_source_is_a_new_place(three_places: Session) -> None:
    with pytest.raises(TooManyPlaces) as caught:
        check_place_limit(three_places, keys("p1", "p2", "p3", source="ville-exemple"), limit=5)
    assert caught.value.new == 3


def test_a_full_database_still_takes_updates_but_no_new_place(three_places: Session) -> None:
    check_place_limit(three_places, keys("p1", "p3"), limit=3)
    with pytest.raises(TooManyPlaces) as caught:
        check_place_limit(three_places, keys("p1", "n1"), limit=3)
    assert (caught.value.stored, caught.value.new) == (3, 1)


def test_stored_places_are_counted_batch_by_batch(
    three_places: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(place_limit, "_BATCH", 2)
    mixed = [*keys("p1", "n1", "p2", "p3"), *keys("p1", source="autre")]
    with pytest.raises(TooManyPlaces) as caught:
        check_place_limit(three_places, mixed, limit=4)
    assert caught.value.new == 2  # n1 and autre:p1


def test_an_empty_import_passes_on_a_full_database(three_places: Session) -> None:
    check_place_limit(three_places, [], limit=3)


def test_accepts_a_generator_of_keys(three_places: Session) -> None:
    with pytest.raises(TooManyPlaces) as caught:
        check_place_limit(three_places, ((SOURCE, f"n{n}") for n in range(3)), limit=4)
    assert (caught.value.stored, caught.value.new) == (3, 3)
