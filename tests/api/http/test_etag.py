"""Entity tags of places (api/http/etag.py): what changes them, and If-None-Match / If-Match."""

import re
from typing import Any

import pytest

from api.http.etag import (
    IF_MATCH_PATTERN,
    InvalidIfMatch,
    check_if_match,
    etag_of,
    matches,
    matches_strongly,
)
from tests.conftest import make_access_point


def place_json(**changes: Any) -> dict[str, Any]:
    """PANDA Grésilles as the API writes it, with an id and the steward's confirmation."""
    place = make_access_point(source_id="test-etag").model_dump(mode="json")
    return place | {"id": 1, "confirmed_on": None, "updated_at": "2025-07-01T00:00:00Z"} | changes


def test_a_tag_is_a_strong_quoted_hash() -> None:
    assert re.fullmatch(r'"[0-9a-f]{24}"', etag_of(place_json()))


def test_the_same_facts_give_the_same_tag_in_any_key_order() -> None:
    reordered = dict(reversed(list(place_json().items())))
    assert etag_of(reordered) == etag_of(place_json())


@pytest.mark.parametrize(
    "change",
    [
        {"name": "PANDA Grésilles (Maison de quartier)"},
        {"phone": "+33380488415"},
        {"latitude": 47.32969},
        {"equipment": {"computer": 4}},
        {"confirmed_on": "2025-07-01"},
        {"reported_closed_on": "2026-12-08"},
        {"review_period_months": 12},
    ],
)
def test_a_stated_fact_or_a_confirmation_changes_the_tag(change: dict[str, Any]) -> None:
    assert etag_of(place_json(**change)) != etag_of(place_json())


@pytest.mark.parametrize(
    "change",
    [{"id": 2}, {"updated_at": "2026-01-01T00:00:00Z"}, {"opening_status": {"state": "open"}}],
)
def test_what_is_not_a_stated_fact_leaves_the_tag(change: dict[str, Any]) -> None:
    assert etag_of(place_json(**change)) == etag_of(place_json())


def test_a_missing_field_counts_as_null() -> None:
    without = {k: v for k, v in place_json().items() if k != "confirmed_on"}
    assert etag_of(without) == etag_of(place_json())


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('"abc"', True),
        ('W/"abc"', True),
        ('"x", W/"abc" , "y"', True),
        ("*", True),
        ('"abcd"', False),
        ('"x", "y"', False),
        ("abc", False),
    ],
)
def test_if_none_match_compares_weakly(header: str, expected: bool) -> None:
    assert matches(header, '"abc"') is expected


@pytest.mark.parametrize(
    "header",
    ['"abc"', 'W/"abc"', "*", " \t* ", '"a", "b"', ', "a",, "b" ,', '""', '"a\x80\xff"'],
)
def test_if_match_in_rfc_9110_grammar_is_kept_as_sent(header: str) -> None:
    assert check_if_match(header) == header


@pytest.mark.parametrize(
    "header",
    ["", "abc", '"a", *', '*, "a"', "**", '"a"b"', '"a" "b"', 'w/"a"', '"a\x7f"', '"a'],
)
def test_if_match_outside_the_grammar_is_a_400(header: str) -> None:
    with pytest.raises(InvalidIfMatch) as refused:
        check_if_match(header)
    assert (refused.value.status_code, refused.value.kind) == (400, "invalid_if_match")
    assert refused.value.text.en.startswith("malformed If-Match header")


def test_the_documented_pattern_is_the_one_checked() -> None:
    assert re.fullmatch(IF_MATCH_PATTERN, '"a", "b"')
    assert not re.fullmatch(IF_MATCH_PATTERN, '"a", *')


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('"abc"', True),
        ('"x", "abc"', True),
        ("*", True),
        (' "abc" ', True),
        ('W/"abc"', False),  # a weak tag never allows a write
        ('"x", W/"abc"', False),
        ('"abcd"', False),
    ],
)
def test_if_match_compares_strongly(header: str, expected: bool) -> None:
    assert matches_strongly(header, '"abc"') is expected


def test_if_match_is_checked_before_it_is_compared() -> None:
    with pytest.raises(InvalidIfMatch):
        matches_strongly('"abc", *', '"abc"')


def test_the_tag_a_read_gives_allows_a_write_with_it() -> None:
    current = etag_of(place_json())
    assert matches(current, current) and matches_strongly(current, current)
    assert not matches_strongly(current, etag_of(place_json(name="Autre nom")))
