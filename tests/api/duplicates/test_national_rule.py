"""api.duplicates.national_rule: the cartographie nationale's mean and thresholds."""

from api.duplicates.national_rule import national_mean, national_merges
from tests.api.duplicates.factory import record


def test_national_mean_identical_records_is_100() -> None:
    a = record(name="PANDA Grésilles")
    assert national_mean(a, a) == 100.0


def test_national_merges_threshold_depends_on_sources() -> None:
    a = record(name="PANDA Grésilles", source="one")
    # 200 m north: a distance score of 80.
    b = record(name="PANDA des Grésilles", source="one", latitude=47.33148)
    c = record(name="PANDA des Grésilles", source="two", latitude=47.33148)
    mean = national_mean(a, b)
    assert 83 < mean <= 90
    assert not national_merges(a, b)
    assert national_merges(a, c)


def test_national_merges_needs_same_commune() -> None:
    a = record(name="PANDA Grésilles", source="one")
    b = record(name="PANDA Grésilles", source="two", commune="Talant")
    assert not national_merges(a, b)
