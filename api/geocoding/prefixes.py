"""Completion of words as they are typed: a sorted word list searched with bisect."""

from bisect import bisect_left
from collections.abc import Iterable

# A word is completed from its third character: "ca" could start a hundred names.
MIN_PREFIX = 3
# A completed prefix is a guess: it scores below the import threshold (0.5), and the more of
# the name is typed, the nearer it gets to that.
COMPLETION_WEIGHT = 0.45
_AFTER_ANY = "\U0010ffff"


def completion_score(typed: str, name: str) -> float:
    """0.225..0.45, growing with the share of `name` that `typed` covers."""
    share = min(1.0, len(typed) / len(name)) if name else 1.0
    return COMPLETION_WEIGHT * (0.5 + 0.5 * share)


class PrefixIndex:
    """Which entries (ids) hold a word starting with a prefix; read-only after construction."""

    def __init__(self, words: Iterable[tuple[str, int]]) -> None:
        pairs = sorted(set(words))
        self._words = [word for word, _ in pairs]
        self._owners = [owner for _, owner in pairs]

    def owners(self, prefix: str) -> set[int]:
        """Entries with a word starting with `prefix`."""
        start = bisect_left(self._words, prefix)
        end = bisect_left(self._words, prefix + _AFTER_ANY, start)
        return set(self._owners[start:end])

    def exact(self, word: str) -> set[int]:
        """Entries holding exactly `word`."""
        start = bisect_left(self._words, word)
        end = bisect_left(self._words, word + "\x00", start)
        return set(self._owners[start:end])

    def complete(self, tokens: list[str]) -> set[int]:
        """Entries holding every token: as a prefix from 3 characters, whole below that.

        Nothing when no token reaches 3 characters: two letters complete nothing.
        """
        if not any(len(t) >= MIN_PREFIX for t in tokens):
            return set()
        found: set[int] | None = None
        for token in sorted(tokens, key=len, reverse=True):
            hits = self.owners(token) if len(token) >= MIN_PREFIX else self.exact(token)
            found = hits if found is None else found & hits
            if not found:
                return set()
        return found or set()
