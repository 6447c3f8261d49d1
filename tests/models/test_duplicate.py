"""models.duplicate: the decisions' vocabulary and their two tables."""

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models.duplicate import DECISION_FR, Decision, DuplicateDecision


def test_decisions_and_their_french_words() -> None:
    assert [d.value for d in Decision] == ["confirm", "split"]
    assert DECISION_FR == {Decision.CONFIRM: "même lieu", Decision.SPLIT: "lieux différents"}


def test_one_row_per_pair(session: Session) -> None:
    pair = {"a_source": "a", "a_source_id": "1", "b_source": "b", "b_source_id": "2"}
    session.add(DuplicateDecision(**pair, decision=Decision.SPLIT, decided_by="x"))
    session.commit()
    session.add(DuplicateDecision(**pair, decision=Decision.CONFIRM, decided_by="y"))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
    else:
        raise AssertionError("a second row for one pair was stored")
