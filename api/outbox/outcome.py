"""How one delivery went, told without personal data (the log and `panda outbox list` show it)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """Delivered, or why not; `permanent` failures are parked at once rather than retried."""

    delivered: bool
    error: str = ""
    permanent: bool = False


DELIVERED = Outcome(delivered=True)


def failed(error: str, permanent: bool = False) -> Outcome:
    """A failed try, in French, never quoting what a server answered (it may name a person)."""
    return Outcome(delivered=False, error=error, permanent=permanent)
