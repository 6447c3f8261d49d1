"""Word completion: a sorted word list searched with bisect."""

from api.geocoding.prefixes import COMPLETION_WEIGHT, PrefixIndex, completion_score

INDEX = PrefixIndex([("camille", 0), ("claudel", 0), ("camus", 1), ("albert", 1), ("1", 2)])


def test_prefixes_complete_from_the_third_character() -> None:
    assert INDEX.complete(["cam"]) == {0, 1}
    assert INDEX.complete(["cami"]) == {0}
    assert INDEX.complete(["ca"]) == set()


def test_prefixes_need_every_word() -> None:
    assert INDEX.complete(["cam", "cla"]) == {0}
    assert INDEX.complete(["cam", "zzz"]) == set()


def test_prefixes_short_words_count_only_whole() -> None:
    assert INDEX.complete(["1", "zzz"]) == set()
    assert INDEX.complete(["1", "cam"]) == set()
    assert PrefixIndex([("1", 2), ("mai", 2)]).complete(["1", "mai"]) == {2}


def test_prefixes_of_nothing_and_in_an_empty_index() -> None:
    assert INDEX.complete([]) == set()
    assert PrefixIndex([]).complete(["cam"]) == set()


def test_completion_score_grows_with_the_typed_share_and_stays_a_guess() -> None:
    assert completion_score("cam", "camille claudel") < completion_score("camille", "camille")
    assert completion_score("camille", "camille") == COMPLETION_WEIGHT < 0.5
