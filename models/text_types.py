"""Free text from outside, under one rule: no control character and no lone UTF-16 surrogate.

Every text a client or a file gives (names, addresses, descriptions, identifiers) carries
`ONE_LINE` or `MULTI_LINE` in its `Annotated` type. NUL is refused by PostgreSQL and breaks
our own CSV export; ESC, BEL and CR drive the terminals that list places; a lone surrogate
cannot even be encoded. C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F) are refused, as the
query string's cleaning refuses them (api.http.clean_input). Long text allows a line break (LF,
or CRLF, stored as LF) and a tab, which are layout and drive nothing.
"""

import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

# The controls, written once for both readers: the OpenAPI document's ECMA-262 and Python's `re`.
_LINE_CONTROLS = r"\x00-\x1f\x7f-\x9f"
# Tab and LF allowed; CR is allowed only before LF, so it is left out here and handled below.
_LONG_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
LINE_PATTERN = rf"^[^{_LINE_CONTROLS}]*$"
# CR only as the first half of CRLF: an alternation, so that no reader needs a lookahead.
LONG_PATTERN = rf"^(?:[^{_LONG_CONTROLS}\r]|\r\n)*$"
# Lone surrogates are refused by the check, not by the patterns: a JSON Schema string is Unicode
# text (I-JSON, RFC 7493 §2.1, has no lone surrogate), so validators whose strings are UTF-8
# (jsonschema-rs, hence schemathesis) cannot compile a pattern naming them and drop it whole.
# INPUT_RULE says it in the document, beside each pattern.
_SURROGATES = r"\ud800-\udfff"
_ANY_FORBIDDEN = re.compile(rf"[{_LINE_CONTROLS}{_SURROGATES}]")
_LONG_REFUSED = re.compile(rf"[{_LONG_CONTROLS}{_SURROGATES}]|\r(?!\n)")
INPUT_RULE = "No control character (pattern) and no lone UTF-16 surrogate (RFC 7493 I-JSON): 422."
# What stripping takes off besides the controls (Unicode White_Space): a text trimmed and then
# required to hold a character must hold one of none of these.
_BLANKS = r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
FILLED_LINE_PATTERN = rf"^[^{_LINE_CONTROLS}]*[^{_LINE_CONTROLS}{_BLANKS}][^{_LINE_CONTROLS}]*$"


class TextRefused(ValueError):
    """A text holding a forbidden character; `fr` is what the API and import reports say."""

    def __init__(self, character: str) -> None:
        code = f"U+{ord(character):04X}"
        if 0xD800 <= ord(character) <= 0xDFFF:
            super().__init__(f"unpaired UTF-16 surrogate {code} not allowed")
            self.fr = f"demi-caractère UTF-16 isolé {code} interdit (texte mal encodé)"
        else:
            super().__init__(f"control character {code} not allowed")
            self.fr = f"caractère de contrôle {code} interdit"


@dataclass(frozen=True)
class NoControl:
    """`Annotated` metadata: refuse forbidden characters before any other check, and say so
    in the JSON schema as a `pattern`."""

    multiline: bool

    def check(self, value: Any) -> Any:
        """The value unchanged (CRLF as LF in long text); TextRefused naming the character."""
        if not isinstance(value, str):
            return value  # the string check that follows says what is wrong
        found = (_LONG_REFUSED if self.multiline else _ANY_FORBIDDEN).search(value)
        if found:
            raise TextRefused(found.group()[0])
        return value.replace("\r\n", "\n") if self.multiline else value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Run `check` before the rest of the type's schema."""
        return core_schema.no_info_before_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The inner schema with the rule as its pattern."""
        json_schema = handler(schema)
        json_schema["pattern"] = LONG_PATTERN if self.multiline else LINE_PATTERN
        inner = schema.get("schema", {})
        if not self.multiline and inner.get("strip_whitespace") and inner.get("min_length"):
            json_schema["pattern"] = FILLED_LINE_PATTERN  # blanks alone are stripped to nothing
        json_schema["$comment"] = INPUT_RULE
        return json_schema


ONE_LINE = NoControl(multiline=False)
MULTI_LINE = NoControl(multiline=True)


def forbidden_character(text: str) -> str | None:
    """The first character of `text` that no one-line text may hold, or None."""
    found = _ANY_FORBIDDEN.search(text)
    return found.group() if found else None


def printable(text: str) -> str:
    """`text` with each forbidden character written `<U+001B>`: safe to echo to a terminal,
    a log or an encoder (a report quoting a refused value)."""
    return _ANY_FORBIDDEN.sub(lambda found: f"<U+{ord(found.group()):04X}>", text)


def printable_value(value: Any) -> Any:
    """`printable` applied to the texts of a value as a file gave it (lists, objects)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list | tuple):
        return type(value)(printable_value(item) for item in value)
    if isinstance(value, dict):
        return {printable(str(key)): printable_value(item) for key, item in value.items()}
    return value
