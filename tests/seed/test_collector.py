"""seed.collector: the cyclic garbage collector paused for bulk work, and restored after."""

import gc
import weakref
from collections.abc import Iterator

import pytest

from seed.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Whatever a test does, the collector ends as it started."""
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_paused_inside_and_running_again_after() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_running_again_after_an_error() -> None:
    gc.enable()
    with pytest.raises(RuntimeError, match="ligne 3"), collector_paused():
        raise RuntimeError("ligne 3")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_nested_pauses_restore_only_at_the_outer_end() -> None:
    gc.enable()
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()  # the inner pause did not restart it
    assert gc.isenabled()


def test_reference_counting_still_frees_objects() -> None:
    gc.enable()

    class Row:
        pass

    freed: list[str] = []
    with collector_paused():
        row = Row()
        weakref.finalize(row, freed.append, "freed")
        del row
        assert freed == ["freed"]
