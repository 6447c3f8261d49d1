"""The cartographie nationale's merge rule, as we read it, to compare our scores with.

Two places in the same commune are merged when the mean of a name similarity, an address
similarity and a distance score is above 83 for records of two sources (90 within one
source). Our reading, since only the rule is published: name and address similarity are
rapidfuzz's `ratio` (0-100) on the folded texts; the distance score falls linearly from 100
at 0 m to 0 at DISTANCE_ZERO_M.
"""

from rapidfuzz import fuzz

from api.duplicates.geometry import distance_m
from api.duplicates.names import organisation_words
from api.duplicates.records import DuplicateRecord

ACROSS_SOURCES = 83.0
WITHIN_SOURCE = 90.0
DISTANCE_ZERO_M = 1000.0


def national_mean(a: DuplicateRecord, b: DuplicateRecord) -> float:
    """The mean of name similarity, address similarity and distance score (0-100)."""
    name = fuzz.ratio(organisation_words(a.name), organisation_words(b.name))
    address = fuzz.ratio(organisation_words(a.address), organisation_words(b.address))
    metres = distance_m(a.latitude, a.longitude, b.latitude, b.longitude)
    near = max(0.0, 100.0 * (1 - metres / DISTANCE_ZERO_M))
    return (name + address + near) / 3


def national_merges(a: DuplicateRecord, b: DuplicateRecord) -> bool:
    """Whether the rule merges the pair: same commune, mean above its source's threshold."""
    if a.commune_key != b.commune_key:
        return False
    threshold = WITHIN_SOURCE if a.source == b.source else ACROSS_SOURCES
    return national_mean(a, b) > threshold
