"""Idempotent upserts keyed by (source, source_id), the audit trail, the data-version bump.

Places are written with bulk Core statements (not one ORM object per row): imports of
100,000 rows must stay fast, and every change still gets its audit entry.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlmodel import Session

from models.access_point import AccessPoint, AccessPointCreate
from models.audit import AuditEntry
from models.commune import Commune, CommuneBase
from models.data_version import DataVersion
from models.vocabulary import PlaceStatus
from seed import audit, change_log
from seed.locking import begin_write

PLACES: Table = AccessPoint.__table__  # type: ignore[attr-defined]
AUDIT: Table = AuditEntry.__table__  # type: ignore[attr-defined]
WRITABLE = tuple(AccessPointCreate.model_fields)
BATCH = 2_000


@dataclass
class UpsertReport:
    """How many records a load created, updated, found unchanged or closed (pruned)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    ids: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when anything was written."""
        return bool(self.created or self.updated or self.closed)


def place_json(place: AccessPoint | AccessPointCreate) -> dict[str, Any]:
    """The writable fields of a place as JSON values (table models skip validation)."""
    fields = {name: getattr(place, name) for name in WRITABLE}
    return AccessPointCreate.model_validate(fields).model_dump(mode="json")


def version_json(place: AccessPoint) -> dict[str, Any]:
    """A stored place's writable fields, confirmation and closed-report dates and review period:
    what its ETag covers."""
    confirmed, reported = place.confirmed_on, place.reported_closed_on
    return place_json(place) | {
        "confirmed_on": confirmed.isoformat() if confirmed else None,
        "reported_closed_on": reported.isoformat() if reported else None,
        "review_period_months": place.review_period_months,
    }


def upsert_access_points(
    session: Session, places: list[AccessPointCreate], actor: str = "seed"
) -> UpsertReport:
    """Create or update each place by (source, source_id); nothing is deleted. No commit.

    The rows it changes are read again under a write lock, so each audit entry's `before` is
    the state it replaced even when a PATCH commits meanwhile.
    """
    report = UpsertReport()
    whole_database = begin_write(session)
    dumped = [place.model_dump() for place in places]
    existing = _existing(session, [(p.source, p.source_id) for p in places])
    if not whole_database:
        existing = _locked_changes(session, existing, dumped)
    now = datetime.now(UTC)
    creates: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    created_json: list[dict[str, Any]] = []
    for place, values in zip(places, dumped, strict=True):
        stored = existing.get((place.source, place.source_id))
        if stored is None:
            creates.append(values | {"updated_at": now})
            created_json.append(place.model_dump(mode="json"))
        elif not _differs(stored, values):
            report.unchanged += 1
            report.ids.append(stored["id"])
        else:
            changes = audit.diff(_json_row(stored), place.model_dump(mode="json"))
            updates.append({**values, "updated_at": now, "b_id": stored["id"]})
            audits.append(_audit_row(stored["id"], actor, "import", changes, now))
            report.ids.append(stored["id"])
    report.updated = len(updates)
    _update(session, updates)
    created_ids = _insert(session, creates)
    for place_id, values in zip(created_ids, created_json, strict=True):
        audits.append(_audit_row(place_id, actor, "create", _created(values), now))
    report.created = len(created_ids)
    report.ids.extend(created_ids)
    change_log.note_changed(session, [row["b_id"] for row in updates] + created_ids)
    _insert_audit(session, audits)
    return report


def close_missing(session: Session, source: str, kept: set[str], actor: str) -> int:
    """Mark closed the places of `source` whose source_id is not in `kept`. No commit."""
    now = datetime.now(UTC)
    whole_database = begin_write(session)
    columns = (PLACES.c.id, PLACES.c.source_id, PLACES.c.status, PLACES.c.closure_reason)
    ours = PLACES.c.source == source
    rows = list(session.execute(select(*columns).where(ours)).mappings())
    if not whole_database:
        missing = [r["id"] for r in rows if r["source_id"] not in kept]
        rows = _lock_rows(session, missing, columns, ours)
    reason = "no longer listed by its source"
    gone = [r for r in rows if r["source_id"] not in kept and r["status"] != PlaceStatus.CLOSED]
    changes = [
        {
            "b_id": r["id"],
            "status": PlaceStatus.CLOSED.value,
            "closure_reason": reason,
            "updated_at": now,
        }
        for r in gone
    ]
    if changes:
        statement = update(PLACES).where(PLACES.c.id == bindparam("b_id"))
        session.connection().execute(statement, changes)
    _insert_audit(session, [_audit_row(r["id"], actor, "close", _closing(r), now) for r in gone])
    change_log.note_changed(session, [r["id"] for r in gone])
    return len(gone)


def _closing(row: Any) -> dict[str, Any]:
    return {
        "status": {"before": row["status"], "after": PlaceStatus.CLOSED.value},
        "closure_reason": {
            "before": row["closure_reason"],
            "after": "no longer listed by its source",
        },
    }


def _existing(
    session: Session, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """The stored rows of these (source, source_id), BATCH at a time (never a whole source)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for source, ids in _by_source(keys):
        statement = select(PLACES).where(PLACES.c.source == source, PLACES.c.source_id.in_(ids))
        for row in session.execute(statement).mappings():
            found[(row["source"], row["source_id"])] = dict(row)
    return found


def _by_source(keys: Iterable[tuple[str, str]]) -> Iterator[tuple[str, list[str]]]:
    """(source, up to BATCH of its ids) for these keys."""
    ids: dict[str, list[str]] = {}
    for source, source_id in keys:
        ids.setdefault(source, []).append(source_id)
    for source in sorted(ids):
        listed = ids[source]
        for start in range(0, len(listed), BATCH):
            yield source, listed[start : start + BATCH]


def _differs(stored: dict[str, Any], values: dict[str, Any]) -> bool:
    return any(stored[name] != values[name] for name in WRITABLE)


def _locked_changes(
    session: Session,
    existing: dict[tuple[str, str], dict[str, Any]],
    places: list[dict[str, Any]],
) -> dict[tuple[str, str], dict[str, Any]]:
    """`existing` with the rows to change read again under FOR UPDATE (PostgreSQL).

    Only rows that differ are locked: unchanged ones cost nothing. A row deleted meanwhile
    drops out (its place is created again); one edited meanwhile is compared as it is now.
    """
    stale = {
        key: row["id"]
        for values in places
        if (row := existing.get(key := (values["source"], values["source_id"]))) is not None
        and _differs(row, values)
    }
    if not stale:
        return existing
    fresh = {
        (row["source"], row["source_id"]): dict(row)
        for row in _lock_rows(session, list(stale.values()), (PLACES,))
    }
    kept = {key: row for key, row in existing.items() if key not in stale}
    return kept | fresh


def _lock_rows(
    session: Session, ids: list[int], columns: tuple[Any, ...], *where: Any
) -> list[Any]:
    """Rows by id, locked until commit (in id order, so that two loads seldom deadlock)."""
    rows: list[Any] = []
    ids = sorted(ids)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        statement = select(*columns).where(PLACES.c.id.in_(batch), *where)
        locked = statement.order_by(PLACES.c.id).with_for_update()
        rows.extend(session.execute(locked).mappings())
    return rows


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    return {name: _jsonable(row[name]) for name in WRITABLE}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _created(values: dict[str, Any]) -> dict[str, Any]:
    return {name: {"before": None, "after": value} for name, value in values.items()}


def _audit_row(
    place_id: int, actor: str, action: str, changes: dict[str, Any], at: datetime
) -> dict[str, Any]:
    return {
        "access_point_id": place_id,
        "actor": actor,
        "action": action,
        "at": at,
        "changes": changes,
    }


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _insert(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert places, returning their new ids in the rows' order."""
    if not rows:
        return []
    # A plain executemany, then one select for the ids: INSERT ... RETURNING over many rows
    # made psycopg build huge statements, five times slower than this on PostgreSQL.
    for batch in _batches(rows):
        session.connection().execute(insert(PLACES), batch)
    ids: dict[tuple[str, str], int] = {}
    columns = (PLACES.c.id, PLACES.c.source, PLACES.c.source_id)
    for source, listed in _by_source((row["source"], row["source_id"]) for row in rows):
        ours = (PLACES.c.source == source, PLACES.c.source_id.in_(listed))
        for place_id, _source, source_id in session.execute(select(*columns).where(*ours)):
            ids[(source, source_id)] = place_id
    return [ids[(row["source"], row["source_id"])] for row in rows]


def _update(session: Session, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns: dict[str, Any] = {name: bindparam(name) for name in (*WRITABLE, "updated_at")}
    statement = update(PLACES).where(PLACES.c.id == bindparam("b_id")).values(columns)
    for batch in _batches(rows):
        session.connection().execute(statement, batch)


def _insert_audit(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    for batch in _batches(list(rows)):
        if batch:
            session.connection().execute(insert(AUDIT), batch)


def upsert_communes(session: Session, communes: list[CommuneBase]) -> UpsertReport:
    """Create or update communes by INSEE code. No commit."""
    report = UpsertReport()
    for commune in communes:
        stored = session.get(Commune, commune.insee_code)
        if stored is None:
            session.add(Commune.model_validate(commune))
            report.created += 1
        elif stored.model_dump() != commune.model_dump():
            stored.sqlmodel_update(commune.model_dump())
            session.add(stored)
            report.updated += 1
        else:
            report.unchanged += 1
    session.flush()
    return report


def bump_data_version(
    session: Session, addresses: bool = False, places: Iterable[int] | None = None
) -> int:
    """Increase the data version in the current transaction and log what changed.

    `places` names the places written (readers then apply just those); None means the change
    cannot be told place by place, and readers reload everything. Either way the places noted
    by bulk writes (change_log.note_changed) are logged one by one for the change feed.
    """
    # Locked on PostgreSQL: two concurrent writers must not both write version + 1.
    row = session.get(DataVersion, 1, with_for_update=True, populate_existing=True)
    if row is None:
        row = DataVersion(id=1, version=0)
    row.version += 1
    if addresses:
        row.addresses_version += 1
    session.add(row)
    session.flush()
    change_log.record(session, row.version, places)
    return row.version
