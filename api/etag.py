"""Entity tags for places: a hash of their stated facts, the same from snapshot or database."""

import hashlib
from typing import Any

import orjson

from models.access_point import AccessPointCreate

# The writable fields, and the steward's confirmation date: a confirmation changes no field but
# changes what readers are told (the facts date), so it must change the tag they revalidate.
VERSIONED_FIELDS = (*AccessPointCreate.model_fields, "confirmed_on")


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


def matches_strongly(if_match: str, current: str) -> bool:
    """True when an If-Match header names the current tag, or is `*` (any current version).

    Strong comparison, as RFC 9110 (13.1.1) asks for If-Match: a weak tag `W/"..."` names
    a version that may differ in its bytes, so it never allows a write.
    """
    tags = [tag.strip() for tag in if_match.split(",")]
    return "*" in tags or current in tags
