"""api.duplicates.state: pairs as they stand, decisions winning over scores, duplicates_of."""

from api.duplicates.decisions import pair_key
from api.duplicates.state import DuplicateState, groups
from models.duplicate import Decision
from tests.api.duplicates.factory import record

WHERE = {"address": "14 rue Camille Claudel", "phone": None}


def _records() -> list:
    return [
        record(id=1, name="PANDA Grésilles", source="s", source_id="1", **WHERE),
        record(id=2, name="Centre multimédia des grésilles", source="s", source_id="2", **WHERE),
        record(id=3, name="Mairie de quartier des Grésilles", source="s", source_id="3",
               phone=None, address="6 avenue des Grésilles", latitude=47.3310, longitude=5.0720),
        record(id=4, name="Kelle Fabrik", source="t", source_id="4", phone=None,
               address="2 rue des Corroyeurs", latitude=47.3170, longitude=5.0450),
    ]  # fmt: skip


def test_duplicates_of_lists_grouped_pairs_only_without_decisions() -> None:
    state = DuplicateState(_records(), {})
    [entry] = state.duplicates_of(1)
    assert entry == {"id": 2, "source": "s", "source_id": "2", "score": 97, "status": "grouped"}
    assert state.duplicates_of(3) == []
    assert state.duplicates_of(99) == []


def test_split_wins_over_the_score() -> None:
    state = DuplicateState(_records(), {pair_key(("s", "2"), ("s", "1")): Decision.SPLIT})
    assert [(e["id"], e["status"]) for e in state.duplicates_of(1)] == [(2, "distinct")]


def test_confirm_wins_even_far_apart() -> None:
    state = DuplicateState(_records(), {pair_key(("t", "4"), ("s", "1")): Decision.CONFIRM})
    listed = {e["id"]: e["status"] for e in state.duplicates_of(4)}
    assert listed == {1: "grouped"}
    assert {(p.a.id, p.b.id, p.status) for p in state.pairs()} == {
        (1, 2, "grouped"),
        (1, 4, "grouped"),
    }


def test_decision_on_a_record_gone_is_ignored() -> None:
    state = DuplicateState(_records(), {pair_key(("gone", "x"), ("s", "1")): Decision.CONFIRM})
    assert [e["id"] for e in state.duplicates_of(1)] == [2]


def test_groups_join_grouped_pairs() -> None:
    state = DuplicateState(_records(), {pair_key(("t", "4"), ("s", "2")): Decision.CONFIRM})
    assert groups(state.pairs()) == [[1, 2, 4]]
