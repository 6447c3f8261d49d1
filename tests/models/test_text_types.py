"""The one rule for free text (models/text_types.py): its check and its pattern agree."""

import re
from typing import Annotated

import pytest
from pydantic import BaseModel, StringConstraints, ValidationError

from models.text_types import (
    FILLED_LINE_PATTERN,
    LINE_PATTERN,
    LONG_PATTERN,
    MULTI_LINE,
    ONE_LINE,
    TextRefused,
    printable,
    printable_value,
)


class Form(BaseModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20), ONE_LINE]
    notes: Annotated[str, StringConstraints(max_length=50), MULTI_LINE] | None = None


# Every C0 and C1 control, DEL, the characters around the surrogates, and others.
CHARACTERS = [chr(code) for code in (*range(0x00, 0xA2), 0xD7FF, 0xE000)]
CHARACTERS += ["é", "€", "😀", "\u2028"]
# Both ends of the surrogates: refused by the check, named by no pattern (see text_types).
SURROGATES = [chr(code) for code in (0xD800, 0xDBFF, 0xDC00, 0xDFFF)]


def refusal(field: str, value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        Form.model_validate({"name": "Lieu"} | {field: value})
    error = caught.value.errors()[0]
    assert isinstance(error["ctx"]["error"], TextRefused)
    return str(error["ctx"]["error"].fr)


def accepted(**fields: str) -> bool:
    try:
        Form.model_validate(fields)
    except ValidationError:
        return False
    return True


def test_one_line_check_refuses_exactly_what_its_pattern_refuses() -> None:
    disagree = [
        f"U+{ord(c):04X}"
        for c in CHARACTERS
        if accepted(name=f"a{c}b") != bool(re.fullmatch(LINE_PATTERN, f"a{c}b"))
    ]
    assert disagree == []


def test_multi_line_check_refuses_exactly_what_its_pattern_refuses() -> None:
    disagree = [
        f"U+{ord(c):04X}"
        for c in CHARACTERS
        if accepted(name="Lieu", notes=f"a{c}b") != bool(re.fullmatch(LONG_PATTERN, f"a{c}b"))
    ]
    assert disagree == []


def test_the_patterns_refuse_every_control_but_layout_in_long_text() -> None:
    refused = [c for c in CHARACTERS if not re.fullmatch(LINE_PATTERN, c)]
    assert len(refused) == 0x20 + 1 + 0x20  # C0, DEL, C1
    assert [c for c in refused if re.fullmatch(LONG_PATTERN, c)] == ["\t", "\n"]


class Named(BaseModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), ONE_LINE]


BLANKS = [" ", "\u00a0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u3000"]


def test_a_trimmed_text_that_must_hold_something_refuses_exactly_what_its_pattern_does() -> None:
    assert Named.model_json_schema()["properties"]["name"]["pattern"] == FILLED_LINE_PATTERN
    disagree = []
    for text in [*CHARACTERS, *BLANKS, *(f" {c}\u3000" for c in CHARACTERS), "\ufeff", "  "]:
        try:
            Named.model_validate({"name": text})
            taken = True
        except ValidationError:
            taken = False
        if taken != bool(re.fullmatch(FILLED_LINE_PATTERN, text)):
            disagree.append(repr(text))
    assert disagree == []


def test_one_line_refuses_nul_esc_bel_and_line_breaks_by_code() -> None:
    assert refusal("name", "Lieu\x00NUL") == "caractère de contrôle U+0000 interdit"
    assert refusal("name", "\x1b[31mLieu") == "caractère de contrôle U+001B interdit"
    assert refusal("name", "Lieu\x07") == "caractère de contrôle U+0007 interdit"
    assert refusal("name", "Lieu\nbis") == "caractère de contrôle U+000A interdit"
    assert refusal("name", "Lieu\x85") == "caractère de contrôle U+0085 interdit"


def test_both_checks_refuse_every_lone_surrogate() -> None:
    assert [c for c in SURROGATES if accepted(name=f"a{c}b")] == []
    assert [c for c in SURROGATES if accepted(name="Lieu", notes=f"a{c}b")] == []


def test_the_patterns_compile_where_strings_are_utf8() -> None:
    # jsonschema-rs (schemathesis's validator) drops a pattern naming surrogates; the
    # document then says the rule in words.
    assert "\\ud800" not in LINE_PATTERN + LONG_PATTERN
    assert "lone UTF-16 surrogate" in Form.model_json_schema()["properties"]["name"]["$comment"]


def test_one_line_refuses_a_lone_surrogate_by_code() -> None:
    assert refusal("name", "a\ud800b") == "demi-caractère UTF-16 isolé U+D800 interdit " + (
        "(texte mal encodé)"
    )


def test_multi_line_keeps_line_feeds_and_tabs_and_stores_crlf_as_lf() -> None:
    form = Form(name="Lieu", notes="ligne 1\r\nligne 2\n\tretrait")
    assert form.notes == "ligne 1\nligne 2\n\tretrait"


def test_multi_line_refuses_a_carriage_return_alone() -> None:
    assert refusal("notes", "ligne 1\rligne 2") == "caractère de contrôle U+000D interdit"


def test_one_line_type_says_its_rule_in_the_json_schema() -> None:
    schema = Form.model_json_schema()["properties"]
    assert schema["name"]["pattern"] == LINE_PATTERN
    assert schema["notes"]["anyOf"][0]["pattern"] == LONG_PATTERN


def test_printable_names_what_it_hides() -> None:
    assert printable("a\x1b[31m\ud800b") == "a<U+001B>[31m<U+D800>b"
    assert printable_value({"k\x00": ["x\x07", 3], "n": ("\x9f",)}) == {
        "k<U+0000>": ["x<U+0007>", 3],
        "n": ("<U+009F>",),
    }
