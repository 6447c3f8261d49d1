"""What the review API answers for a stored place."""

from sqlmodel import Session

from api.reviews.answers import stored_answer
from models.access_point import AccessPoint


def test_stored_answer_reads_the_due_days(session: Session, places: dict[str, int]) -> None:
    place = session.get(AccessPoint, places["Avec"])
    assert place is not None
    answer = stored_answer(place)
    assert (str(answer.review_due_on), str(answer.review_overdue_on)) == (
        "2026-09-01",
        "2026-10-01",
    )
