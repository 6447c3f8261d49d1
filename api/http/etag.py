"""Entity tags for places: a hash of their stated facts, the same from snapshot or database."""

import hashlib
import re
from typing import Any

import orjson

from api.http.errors import AppError
from models.access_point import AccessPointCreate

# The writable fields, the steward's confirmation date and the date of an open closed-for-good
# report: neither changes a field but both change what readers are told (the facts date, « Signalé
# fermé »), so they must change the tag readers revalidate; so does the review period (the due
# day readers are told).
VERSIONED_FIELDS = (
    *AccessPointCreate.model_fields,
    "confirmed_on",
    "reported_closed_on",
    "review_period_months",
)


def etag_of(place_json: dict[str, Any]) -> str:
    """A strong ETag over the versioned fields of a place's JSON form."""
    fields = {name: place_json.get(name) for name in VERSIONED_FIELDS}
    digest = hashlib.sha256(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return f'"{digest[:24]}"'


def matches(if_none_match: str, current: str) -> bool:
    """True when an If-None-Match header names the current tag (or is `*`).

    Weak comparison, as RFC 9110 (13.1.2) asks for If-None-Match: `W/"x"` matches `"x"`.
    """
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or current in tags


# RFC 9110: If-Match = "*" / #entity-tag (13.1.1); entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE,
# etagc any visible character but DQUOTE, or obs-text (8.8.3). A list may hold empty elements
# (5.6.1.2); `*` stands alone, never in a list. The OpenAPI document shows this same pattern.
_ENTITY_TAG = r'(?:W/)?"[!#-~\x80-\xff]*"'
IF_MATCH_PATTERN = (
    rf"^[ \t]*(?:\*|(?:,[ \t]*)*{_ENTITY_TAG}(?:[ \t]*,(?:[ \t]*{_ENTITY_TAG})?)*)[ \t]*$"
)
_IF_MATCH = re.compile(IF_MATCH_PATTERN)
IF_MATCH_DOC = (
    "`*` alone, or a comma-separated list of quoted ETags (RFC 9110); anything else, `*` "
    "inside a list included, gets 400 `invalid_if_match`."
)


class InvalidIfMatch(AppError):
    """An If-Match header outside RFC 9110's grammar: no version can be said to match it."""

    status_code = 400
    kind = "invalid_if_match"


def check_if_match(if_match: str) -> str:
    """The header as sent if RFC 9110 allows it; InvalidIfMatch (400) otherwise."""
    if _IF_MATCH.fullmatch(if_match) is None:
        raise InvalidIfMatch(
            "en-tête If-Match mal formé : envoyez `*` seul, ou un ou plusieurs ETag entre "
            'guillemets séparés par des virgules (par exemple "a1b2c3")',
            en="malformed If-Match header: send `*` alone, or one or more quoted ETags "
            'separated by commas (for example "a1b2c3")',
        )
    return if_match


def matches_strongly(if_match: str, current: str) -> bool:
    """True when a well-formed If-Match header (check_if_match) names the current tag, or is `*`.

    Strong comparison, as RFC 9110 (13.1.1) asks for If-Match: a weak tag `W/"..."` names
    a version that may differ in its bytes, so it never allows a write.
    """
    check_if_match(if_match)
    if if_match.strip(" \t") == "*":
        return True
    return current in re.findall(_ENTITY_TAG, if_match)
