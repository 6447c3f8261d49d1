"""api.duplicates.detect: scored pairs for all records, or for one after a write."""

from api.duplicates.candidates import CandidateIndex
from api.duplicates.detect import detect_all, detect_one
from tests.api.duplicates.factory import record


def _gresilles() -> list:
    where = {"address": "14 rue Camille Claudel", "phone": None}
    return [
        record(id=1, name="PANDA Grésilles", **where),
        record(id=2, name="Centre multimédia des grésilles", **where),
        record(id=3, name="Mairie de quartier des Grésilles", phone=None,
               address="6 avenue des Grésilles", latitude=47.3310, longitude=5.0720),
    ]  # fmt: skip


def test_detect_all_keeps_banded_pairs_smaller_id_first() -> None:
    pairs = detect_all(_gresilles())
    assert [(p.a.id, p.b.id, p.band) for p in pairs] == [(1, 2, "grouped")]


def test_detect_all_keep_below() -> None:
    pairs = detect_all(_gresilles(), keep_below=True)
    assert sorted((p.a.id, p.b.id) for p in pairs) == [(1, 2), (1, 3), (2, 3)]


def test_detect_one_scores_only_neighbours() -> None:
    records = _gresilles()
    index = CandidateIndex(records[1:])
    pairs = detect_one(index, records[0])
    assert [(p.a.id, p.b.id, p.band) for p in pairs] == [(1, 2, "grouped")]
