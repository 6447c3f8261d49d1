"""Writing places: validate, check the version, store, audit, bump the data version, publish."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import object_session
from sqlmodel import Session

from api.http.error_handlers import describe_validation
from api.http.errors import (
    Conflict,
    InvalidBody,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from api.http.etag import check_if_match, etag_of, matches_strongly
from api.outbox.enqueue import enqueue_event
from api.read_model.holder import ReadModel
from api.read_model.queries import source_fields
from models.access_point import AccessPoint, AccessPointCreate, AccessPointPublic
from models.data_source import DataSource
from models.outbox import Event
from models.vocabulary import PlaceStatus
from seed import audit
from seed.locking import begin_write
from seed.upsert import bump_data_version, place_json, version_json


def require_if_match(if_match: str | None, place_id: int) -> str:
    """The If-Match header: 428 when missing (a blind write could undo another's), 400 if bad."""
    if if_match is None:
        raise PreconditionRequired(
            "cette écriture demande un en-tête If-Match : envoyez l'ETag de "
            f"GET /v1/access-points/{place_id} (ou `*` pour remplacer la version actuelle)",
            en="this write needs an If-Match header: send the ETag of "
            f"GET /v1/access-points/{place_id} (or `*` to replace whatever version is current)",
        )
    return check_if_match(if_match)


def load_for_write(session: Session, place_id: int, if_match: str) -> AccessPoint:
    """The stored place, locked until this transaction ends, if If-Match names its version.

    The lock makes the comparison and the write one step: a concurrent writer waits, then
    compares against what this one committed (SELECT ... FOR UPDATE on PostgreSQL, the
    database's write lock on SQLite). NotFound or PreconditionFailed otherwise.
    """
    begin_write(session)
    place = session.get(AccessPoint, place_id, with_for_update=True, populate_existing=True)
    if place is None:
        raise NotFound(
            f"aucun lieu n'a l'identifiant {place_id}", en=f"no access point with id {place_id}"
        )
    current = etag_of(version_json(place))
    if not matches_strongly(if_match, current):
        raise PreconditionFailed(
            f"Ce lieu a été modifié entre-temps (ETag actuel {current}) : relisez-le et "
            "refaites votre modification",
            headers={"ETag": current},
            en=f"the place changed since you read it (current ETag {current}); "
            "fetch it again and re-apply your change",
        )
    return place


def validated(fields: dict[str, Any]) -> AccessPointCreate:
    """A full place from fields, or InvalidBody naming each bad field."""
    try:
        return AccessPointCreate.model_validate(fields)
    except ValidationError as exc:
        raise InvalidBody(describe_validation(exc.errors())) from exc


def create(
    session: Session,
    place: AccessPointCreate,
    actor: str,
    read_model: ReadModel,
    before_commit: Callable[[AccessPoint], None] | None = None,
) -> AccessPoint:
    """Store a new place; Conflict when its (source, source_id) exists. `before_commit` sees
    the place as stored, in the transaction (an Idempotency-Key keeps its answer there)."""
    stored = AccessPoint.model_validate(place)
    session.add(stored)
    _flush(session, place)
    audit.record(session, stored.id or 0, actor, "create", audit.diff({}, place_json(stored)))
    if before_commit is not None:
        session.refresh(stored)
        before_commit(stored)
    return _commit(session, stored, read_model, "created")


def replace(
    session: Session,
    stored: AccessPoint,
    place: AccessPointCreate,
    actor: str,
    read_model: ReadModel,
) -> AccessPoint:
    """Overwrite every writable field of a place."""
    before = place_json(stored)
    changes = audit.diff(before, place.model_dump(mode="json"))
    if not changes:
        return stored
    stored.sqlmodel_update(place.model_dump())
    stored.updated_at = datetime.now(UTC)
    session.add(stored)
    _flush(session, place)
    audit.record(session, stored.id or 0, actor, "update", changes)
    return _commit(session, stored, read_model, "updated")


def close(session: Session, stored: AccessPoint, actor: str, read_model: ReadModel) -> AccessPoint:
    """Mark a place closed (the soft delete): it stays, with its history."""
    fields = place_json(stored) | {"status": PlaceStatus.CLOSED.value}
    return replace(session, stored, validated(fields), actor, read_model)


def delete(session: Session, stored: AccessPoint, actor: str, read_model: ReadModel) -> None:
    """Remove a place for good; its audit trail stays."""
    audit.record(session, stored.id or 0, actor, "delete", audit.diff(place_json(stored), {}))
    # Logged while its row is there: the feed's tombstone names its source and source_id.
    version = bump_data_version(session, places=[stored.id or 0])
    session.delete(stored)
    _tell_subscribers(session, stored.id or 0, version, "deleted")
    session.commit()
    read_model.publish()


def _tell_subscribers(session: Session, place_id: int, version: int, change: str) -> None:
    """`place.changed` to the webhook subscriptions that chose it, in the write's transaction
    (api/outbox/): the place's id, the data version and the kind of change."""
    payload: dict[str, object] = {"place_id": place_id, "version": version, "change": change}
    key = f"place:{place_id}:v{version}"
    enqueue_event(session, event=Event.PLACE_CHANGED, payload=payload, dedupe_key=key)


def public(place: AccessPoint) -> AccessPointPublic:
    """The API form of a stored place, with its source's credit and publication date.

    The same fields as the readers' snapshot (api.read_model.queries), so that a write's
    answer tells the facts date a GET will tell: an undated row stands on its source's
    publication date.
    """
    session = object_session(place)
    stored = session.get(DataSource, place.source) if session is not None else None
    columns = AccessPoint.__table__.columns  # type: ignore[attr-defined]
    fields = {column.key: getattr(place, column.key) for column in columns}
    fields |= source_fields(place.source, stored)
    return AccessPointPublic.model_validate(fields)


def _flush(session: Session, place: AccessPointCreate) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(
            f"un lieu de source « {place.source} » et d'identifiant source_id "
            f"« {place.source_id} » existe déjà : modifiez-le plutôt (PUT ou PATCH)",
            en=f"a place with source {place.source!r} and source_id {place.source_id!r} exists",
        ) from exc


def _commit(
    session: Session, stored: AccessPoint, read_model: ReadModel, change: str
) -> AccessPoint:
    version = bump_data_version(session, places=[stored.id or 0])
    _tell_subscribers(session, stored.id or 0, version, change)
    session.commit()
    session.refresh(stored)
    # Writers read their own writes: this process's read model takes the change now (other
    # processes hear it through the change listener or the poller).
    read_model.publish()
    return stored
