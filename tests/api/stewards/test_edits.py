"""A steward types a phone number as people do; it is stored in E.164 with its territory's code."""

import pytest

from api.stewards.edits import StewardRefused, normalised_phone


@pytest.mark.parametrize(
    ("typed", "department", "stored"),
    [
        ("03 80 48 84 14", "21", "+33380488414"),
        ("0596 12 34 56", "972", "+596596123456"),
        ("0590.12.34.56", "971", "+590590123456"),
        ("06 90 12 34 56", "971", "+590690123456"),
        ("", "21", None),
    ],
)
def test_phone_keeps_its_territory(typed: str, department: str, stored: str | None) -> None:
    assert normalised_phone(typed, department) == stored


def test_a_number_that_is_not_one_is_refused_in_french() -> None:
    with pytest.raises(StewardRefused, match="non reconnu"):
        normalised_phone("12", "21")
