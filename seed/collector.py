"""Pausing Python's cyclic garbage collector during bulk work that makes no cycles."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (when it runs) while many objects are built.

    Rows and places make no reference cycles, so it frees nothing; but each time the heap has
    grown by a quarter it rescans every object, those already built included: more than half
    the time of a 100,000-row read or import. Reference counting still frees as usual.
    """
    if not gc.isenabled():  # paused already, by a caller or a concurrent read
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
