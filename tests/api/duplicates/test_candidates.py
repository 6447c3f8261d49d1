"""api.duplicates.candidates: radius and inverted-index pairs, and one record's neighbours."""

from api.duplicates.candidates import CandidateIndex, positions_to_ids
from tests.api.duplicates.factory import record


def test_pairs_within_radius_only() -> None:
    near = record(id=1, name="A", phone=None, address="1 rue A", latitude=47.3297, longitude=5.069)
    close = record(id=2, name="B", phone=None, address="2 rue B", latitude=47.331, longitude=5.07)
    far = record(id=3, name="C", phone=None, address="3 rue C", latitude=47.36, longitude=5.0)
    index = CandidateIndex([near, close, far])
    assert positions_to_ids(index, index.pairs()) == {(1, 2)}


def test_pairs_same_phone_in_one_commune_beyond_radius() -> None:
    a = record(id=1, name="La Boussole", phone="+33386716450", address="5 rue de la Louée")
    b = record(id=2, name="Mission Locale", phone="+33386716450", address="1 rue Basse",
               latitude=47.36)  # fmt: skip
    index = CandidateIndex([a, b])
    assert positions_to_ids(index, index.pairs()) == {(1, 2)}


def test_pairs_same_address_in_one_commune_beyond_radius() -> None:
    a = record(id=1, name="MSAP Semur", phone=None, address="1 avenue Pasteur", latitude=47.49)
    b = record(id=2, name="Centre social", phone=None, address="1 av Pasteur", latitude=47.495)
    index = CandidateIndex([a, b])
    assert positions_to_ids(index, index.pairs()) == {(1, 2)}


def test_pairs_same_phone_far_away_not_paired() -> None:
    a = record(id=1, name="Onlineformapro Dijon", phone="+33373275157", latitude=47.36)
    b = record(id=2, name="Onlineformapro Nevers", phone="+33373275157", commune="Nevers",
               postcode="58000", latitude=46.99, longitude=3.16)  # fmt: skip
    index = CandidateIndex([a, b])
    assert index.pairs() == set()


def test_neighbours_of_one_record_excludes_itself() -> None:
    a = record(id=1, name="A", phone=None, address="1 rue A")
    b = record(id=2, name="B", phone=None, address="2 rue B")
    c = record(id=3, name="C", phone=None, address="3 rue C", latitude=47.40)
    index = CandidateIndex([a, b, c])
    assert {index.records[p].id for p in index.neighbours(a)} == {2}


def test_empty_index() -> None:
    index = CandidateIndex([])
    assert index.pairs() == set()
    assert index.neighbours(record(id=9)) == set()
