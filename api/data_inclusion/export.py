"""The snapshot's places as data·inclusion structures and services, pre-serialised.

Every place not closed whose facts date is known, in (source, source_id) order, as the
national standard's CSV export orders them. A place's records depend on its answer (its
ETag), on whether its source was loaded (for its date) and on the day (for the score): they
are kept from one snapshot to the next while those stay the same, so a write re-maps one place.
"""

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

from api.data_inclusion.mapping import exportable, service_of, structure_of
from api.data_inclusion.score import score
from api.import_export.exporting import date_maj
from api.read_model import Snapshot
from models.vocabulary import PlaceStatus

KINDS = ("structures", "services")


@dataclass(frozen=True)
class Records:
    """One snapshot's records on one day: each kind's JSON objects, in export order."""

    snapshot: Snapshot
    today: date
    structures: list[bytes]
    services: list[bytes]

    def of(self, kind: str) -> list[bytes]:
        """The records of `kind` (structures or services)."""
        return self.structures if kind == "structures" else self.services


PlaceKey = tuple[str, bool, date]
_lock = threading.Lock()
_last: Records | None = None
_by_place: dict[PlaceKey, tuple[bytes, bytes] | None] = {}


def records_of(snapshot: Snapshot, today: date) -> Records:
    """The snapshot's records on `today` (Paris), built once per snapshot and day."""
    global _last, _by_place
    with _lock:
        if _last is not None and _last.snapshot is snapshot and _last.today == today:
            return _last
        kept: dict[PlaceKey, tuple[bytes, bytes] | None] = {}
        pairs: list[tuple[tuple[str, str], bytes, bytes]] = []
        for i, place in enumerate(snapshot.places):
            if place.status is PlaceStatus.CLOSED:
                continue
            key = (snapshot.etags[i], place.source in snapshot.sources, today)
            pair = _by_place[key] if key in _by_place else _encode(snapshot, i, today)
            kept[key] = pair
            if pair is not None:
                pairs.append(((place.source, place.source_id), *pair))
        pairs.sort(key=lambda item: item[0])
        _by_place = kept
        _last = Records(snapshot, today, [p[1] for p in pairs], [p[2] for p in pairs])
        return _last


def _encode(snapshot: Snapshot, index: int, today: date) -> tuple[bytes, bytes] | None:
    place = snapshot.places[index]
    day = date_maj(snapshot, place)
    if day is None or not exportable(place, day, today):
        return None
    structure, service = records_for(place, day, today)
    return orjson.dumps(structure), orjson.dumps(service)


def records_for(place: Any, day: date, today: date) -> tuple[dict[str, Any], dict[str, Any]]:
    """A place's structure and service with their `score_qualite` on `today`.

    The structure's score is the mean of its services' scores: here its one service's.
    """
    service = service_of(place, day)
    service["score_qualite"], _ = score(service, today)
    structure = structure_of(place, day) | {"score_qualite": service["score_qualite"]}
    return structure, service


def page_body(records: list[bytes], meta: dict[str, Any]) -> bytes:
    """`{"items": [...], **meta}` from pre-serialised items."""
    return b'{"items":[' + b",".join(records) + b"]," + orjson.dumps(meta)[1:]


def file_body(records: list[bytes]) -> bytes:
    """A JSON array of every record: the file the hub harvests."""
    return b"[" + b",".join(records) + b"]"
