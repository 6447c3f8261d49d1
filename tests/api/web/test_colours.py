"""WCAG contrast and the ink the widget picks for a partner's colour."""

import pytest

from api.web.colours import contrast, ink_on_white, readable_on


def test_contrast_runs_from_one_to_twenty_one_whatever_the_order() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast("#1d4e89", "#1d4e89") == pytest.approx(1.0)


def test_text_on_a_background_is_black_or_white_whichever_reads_better() -> None:
    assert readable_on("#000000") == "#ffffff"
    assert readable_on("#ffffff") == "#000000"
    assert readable_on("#f0b429") == "#000000"  # a yellow: black reads better


@pytest.mark.parametrize("colour", ["#ffff00", "#f0b429", "#77c0ff", "#1d4e89"])
def test_a_link_colour_is_darkened_just_enough_for_white(colour: str) -> None:
    ink = ink_on_white(colour)
    assert contrast(ink, "#ffffff") >= 4.5
    if contrast(colour, "#ffffff") >= 4.5:
        assert ink == colour  # already readable: left as the partner chose it
    else:
        assert ink != colour
