"""The change feed's answers (api/feed/answers.py): cursors as text, tombstones marked."""

from api.feed.answers import entry_out, page_out
from api.feed.cursor import Position
from api.feed.log import Entry, Page


def test_a_tombstone_says_deleted_and_names_the_place() -> None:
    out = entry_out(Entry(Position(4, 9), 9, "essai", "x", None))
    assert out.model_dump() == {
        "cursor": "4-9",
        "version": 4,
        "id": 9,
        "source": "essai",
        "source_id": "x",
        "deleted": True,
        "place": None,
    }


def test_a_page_gives_the_next_cursor_and_whether_more_waits() -> None:
    answer = page_out(Page([], Position(7), False, 7))
    assert (answer.items, answer.next, answer.more, answer.version) == ([], "7", False, 7)
