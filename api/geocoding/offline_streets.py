"""Streets of the address base, grouped by (commune, normalised name), and fuzzy street search."""

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from api.geocoding.base import AddressRecord
from api.geocoding.normalise import STREET_TYPES, normalise_street, split_street_type
from api.geocoding.prefixes import PrefixIndex, completion_score

_SHORTLIST = 20
# Words that name no commune alone: "saint" in "Saint-Apollinaire" holds nothing.
_GLUE = frozenset({"saint", "sainte", "les", "lez", "sur", "sous", "pres", "aux"})
MIN_STREET_SIMILARITY = 0.7
_TYPES = sorted(STREET_TYPES)


@dataclass(frozen=True, slots=True, eq=False)
class Street:
    """Addresses sharing a commune and a normalised street name; `numbers` maps to indices."""

    key: str
    kind: str
    name: str
    label: str
    insee_code: str
    postcode: str
    commune: str
    numbers: dict[tuple[int, str], int]
    middle: int


def query_key(street: str) -> tuple[str, str]:
    """(type, name) of a queried street; a misspelt type ("bouelvard") still counts as one."""
    kind, name = split_street_type(street)
    first, _, rest = street.partition(" ")
    if not kind and len(first) >= 4 and rest:
        found = process.extractOne(first, _TYPES, scorer=fuzz.ratio, score_cutoff=85)
        if found:
            return found[0], split_street_type(f"{found[0]} {rest}")[1]
    return kind, name


def street_similarity(query: str, key: tuple[str, str], street: Street) -> float:
    """0..1; the type weighs heavily: "rue de la liberte" is far from "place de la liberation"."""
    if query == street.key:
        return 1.0
    kind, name = key
    # OSA counts a swap of two letters as one edit; sorted words forgive word order.
    similarity = max(
        OSA.normalized_similarity(name, street.name),
        OSA.normalized_similarity(_sorted_words(name), _sorted_words(street.name)),
    )
    if street.name and set(street.name.split()) <= set(name.split()):
        similarity = max(similarity, 0.85)  # every word of the street, plus a district name
    type_factor = _type_factor(kind, street)
    # Capped below 1.0 on purpose: an exact match always beats a fuzzy one.
    return 0.98 * similarity * type_factor


def street_match(typed: str, street: Street) -> float:
    """Share (0..1) of the typed name's words found in the street's name, whole or begun."""
    words = typed.split()
    if not words:
        return 0.0
    names = street.name.split()
    return sum(any(_same_word(w, n) for n in names) for w in words) / len(words)


def holds(words: str, street: Street) -> bool:
    """True when one of the words (long enough, one typo) is a word of the street's name.

    "rue Buffon" holds the village's name Buffon: the street, not the village, was typed.
    """
    names = street.key.split()
    return any(
        any(w == n or fuzz.ratio(w, n) >= 85 for n in names)
        for w in words.split()
        if len(w) >= 3 and w not in _GLUE
    )


def _same_word(typed: str, word: str) -> bool:
    """The word as typed, begun (from 3 letters) or with one typo."""
    if typed == word or (len(typed) >= 3 and word.startswith(typed)):
        return True
    return OSA.normalized_similarity(typed, word) >= 0.75


class StreetIndex:
    """Street choices for rapidfuzz, overall and per commune; read-only after construction."""

    def __init__(self, addresses: Sequence[AddressRecord], commune_name: Callable[[str, str], str]):
        self._addresses = addresses
        self._commune_name = commune_name
        self.streets = self._group()
        self._choices: dict[str | None, tuple[list[str], list[Street]]] = {None: ([], [])}
        for street in self.streets:
            for group in (None, street.insee_code):
                names, entries = self._choices.setdefault(group, ([], []))
                names.append(street.key)
                entries.append(street)
        self._prefixes = PrefixIndex(
            (word, i) for i, street in enumerate(self.streets) for word in street.name.split()
        )

    def match(self, street: str, communes: frozenset[str] | None) -> list[tuple[Street, float]]:
        """Streets similar enough to the query, from a shortlist, with their similarity."""
        names, entries = self._choices_for(communes)
        # Plain ratio: ~20x faster than WRatio over thousands of streets; the rescoring judges.
        hits = process.extract(
            street, names, scorer=fuzz.ratio, processor=None, limit=_SHORTLIST, score_cutoff=40
        )
        key = query_key(street)
        scored = [(entries[i], street_similarity(street, key, entries[i])) for _, _, i in hits]
        return [(s, sim) for s, sim in scored if sim >= MIN_STREET_SIMILARITY]

    def complete(self, street: str, communes: frozenset[str] | None) -> list[tuple[Street, float]]:
        """Streets whose words start with the query's words ("rue cam": Camille Claudel).

        The weight grows with the share of the name typed and falls with another street type.
        """
        kind, name = query_key(street)
        tokens = name.split()
        found = [self.streets[i] for i in self._prefixes.complete(tokens)]
        weighted = [
            (s, _type_factor(kind, s) * completion_score(name, s.name))
            for s in found
            if communes is None or s.insee_code in communes
        ]
        return sorted(weighted, key=lambda hit: (-hit[1], hit[0].label))[:_SHORTLIST]

    def closest(
        self, street: str, communes: frozenset[str] | None, limit: int
    ) -> list[tuple[Street, float]]:
        """The `limit` streets with the nearest names (0..1), best first, one per label.

        Names without type and articles are compared ("foch" with "jean jaures"), word order
        forgiven; the same type as asked wins a tie.
        """
        kind, name = query_key(street)
        entries = self._choices_for(communes)[1]
        hits = process.extract(
            name, [s.name for s in entries], scorer=fuzz.token_sort_ratio, processor=None,
            limit=limit * 3,
        )  # fmt: skip
        scored = sorted(
            ((entries[i], _type_factor(kind, entries[i]) * score / 100) for _, score, i in hits),
            key=lambda hit: (-hit[1], hit[0].label),
        )
        unique = {s.label.casefold(): (s, sim) for s, sim in reversed(scored)}
        return sorted(unique.values(), key=lambda hit: (-hit[1], hit[0].label))[:limit]

    def _choices_for(self, communes: frozenset[str] | None) -> tuple[list[str], list[Street]]:
        """Choices for a set of communes; shared-postcode sets are joined per call (cheap)."""
        if communes is None:
            return self._choices[None]
        names: list[str] = []
        entries: list[Street] = []
        for insee in sorted(communes):
            more_names, more_entries = self._choices.get(insee, ([], []))
            names += more_names
            entries += more_entries
        return names, entries

    def _group(self) -> list[Street]:
        """Group addresses by (commune, normalised street); normalise each distinct name once."""
        keys: dict[str, str] = {}
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, a in enumerate(self._addresses):
            if a.street not in keys:
                keys[a.street] = normalise_street(a.street)
            groups[(a.insee_code, keys[a.street])].append(i)
        return [self._street(insee, key, members) for (insee, key), members in groups.items()]

    def _street(self, insee: str, key: str, members: list[int]) -> Street:
        """One street: its numbers, usual postcode and middle address."""
        rows = [self._addresses[i] for i in members]
        lat = np.array([a.latitude for a in rows])
        lon = np.array([a.longitude for a in rows])
        # The member nearest the median point: on the street, even when the street bends.
        middle = int(np.argmin((lat - np.median(lat)) ** 2 + (lon - np.median(lon)) ** 2))
        kind, name = split_street_type(key)
        numbers: dict[tuple[int, str], int] = {}
        for a, i in zip(rows, members, strict=True):
            # The first record of a number wins: the address base comes before the places.
            numbers.setdefault((_number(a.housenumber), a.rep.casefold()), i)
        return Street(
            key=key, kind=kind, name=name, label=rows[0].street, insee_code=insee,
            postcode=Counter(a.postcode for a in rows).most_common(1)[0][0],
            commune=self._commune_name(insee, rows[0].commune), numbers=numbers,
            middle=members[middle],
        )  # fmt: skip


def _type_factor(kind: str, street: Street) -> float:
    """No type typed: a little doubt; another type than the street's: much doubt."""
    return 0.9 if not kind else 1.0 if kind == street.kind else 0.6


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def _number(text: str) -> int:
    """BAN numbers are digits; a stray non-digit value sorts as 0 rather than failing the index."""
    return int(text) if text.isdigit() else 0
