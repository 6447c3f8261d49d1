"""Places due for a check and who can be reminded."""

from datetime import date, timedelta

from sqlmodel import Session

from api.reviews.due import due_places
from tests.api.reviews.conftest import NOW


def test_nothing_is_due_before_the_due_day(session: Session, places: dict[str, int]) -> None:
    assert due_places(session, date(2026, 8, 31), NOW) == []


def test_due_places_with_their_stewards(session: Session, places: dict[str, int]) -> None:
    due = {d.place.name: d for d in due_places(session, date(2026, 9, 1), NOW)}
    assert set(due) == {"Avec", "Sans e-mail", "Sans intendant"}
    assert [len(due[n].reachable) for n in ("Avec", "Sans e-mail", "Sans intendant")] == [1, 0, 0]
    assert [len(due[n].stewards) for n in ("Avec", "Sans e-mail", "Sans intendant")] == [1, 1, 0]
    assert not any(d.overdue for d in due.values())
    later = due_places(session, date(2026, 10, 1), NOW)
    assert all(d.overdue for d in later)


def test_expired_links_are_not_stewards(session: Session, places: dict[str, int]) -> None:
    far = NOW + timedelta(days=400)
    due = due_places(session, date(2027, 10, 20), far)
    assert all(d.stewards == [] for d in due)
