"""Duplicate records with Dijon defaults, built from a place as the read model holds it."""

from itertools import count
from typing import Any

from api.duplicates.records import DuplicateRecord, prepare
from tests.conftest import make_access_point

_ids = count(1)


def record(**overrides: Any) -> DuplicateRecord:
    """A prepared record (PANDA Grésilles' facts unless overridden), a fresh id each time."""
    record_id = overrides.pop("id", None) or next(_ids)
    overrides.setdefault("source_id", f"r-{record_id}")
    return prepare(make_access_point(**overrides), record_id)
