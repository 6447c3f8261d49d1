"""Where a change-feed follower stands: a position in the change log, written as text.

A cursor `V` means "every change up to data version V seen"; `V-P` means "version V seen up
to place id P" (a page that ended inside a bulk version). Clients treat it as opaque; its
pattern is published so that a malformed one is refused before anything is read.
"""

import re
from dataclasses import dataclass

PATTERN = r"^[0-9]{1,12}(?:-[0-9]{1,12})?$"
_PARTS = re.compile(PATTERN)
# Past every place id a database can hold (PostgreSQL's integer): the whole version seen.
WHOLE = 2**31 - 1


@dataclass(frozen=True, order=True)
class Position:
    """Changes at (version, place_id) and before are seen; the feed serves those after."""

    version: int
    place_id: int = WHOLE

    def text(self) -> str:
        """The cursor as sent to clients."""
        return str(self.version) if self.place_id >= WHOLE else f"{self.version}-{self.place_id}"


START = Position(0)


def read_cursor(text: str) -> Position:
    """The position a cursor names; ValueError when it is not one (the route checked first)."""
    if not _PARTS.match(text):
        raise ValueError(f"not a cursor: {text!r}")
    version, _, place = text.partition("-")
    return Position(int(version), min(int(place), WHOLE) if place else WHOLE)
