"""Change-feed cursors (api/feed/cursor.py): a position in the log, written as text."""

import pytest

from api.feed.cursor import START, WHOLE, Position, read_cursor


@pytest.mark.parametrize(
    ("text", "position"),
    [("0", START), ("12", Position(12)), ("12-7", Position(12, 7)), ("3-99999999999", Position(3))],
)
def test_a_cursor_names_a_position(text: str, position: Position) -> None:
    assert read_cursor(text) == position


@pytest.mark.parametrize("position", [START, Position(12), Position(12, 7), Position(5, WHOLE)])
def test_a_position_reads_back_from_its_text(position: Position) -> None:
    assert read_cursor(position.text()) == position


def test_positions_order_by_version_then_place() -> None:
    assert Position(3, 9) < Position(3) < Position(4, 1)


@pytest.mark.parametrize("text", ["", "a", "-1", "1-", "1-2-3", "1234567890123", " 1"])
def test_anything_else_is_no_cursor(text: str) -> None:
    with pytest.raises(ValueError):
        read_cursor(text)
