"""A place's history as it is shown: a steward's change says « intendant du lieu », never a name."""

from typing import Any

from pydantic import TypeAdapter
from sqlmodel import Field, Session, select

from api.stewards import links as stewards
from models.audit import AuditEntry, AuditEntryPublic


class AuditEntryForCity(AuditEntryPublic):
    """An entry as the city team reads it: a steward's change also carries an opaque id."""

    actor_id: str | None = Field(
        default=None,
        description="For a steward's change, the `actor_id` `GET /v1/stewards` gives their "
        "link (`steward:` and 16 hex digits); null otherwise.",
    )


_PUBLIC = TypeAdapter(list[AuditEntryPublic])
_FOR_CITY = TypeAdapter(list[AuditEntryForCity])


def shown_actor(recorded: str) -> str:
    """The actor as a history shows it: a key's or the CLI's name, or the steward's role."""
    return stewards.SHOWN_AS if stewards.is_steward(recorded) else recorded


def public_json(session: Session, place_id: int) -> bytes:
    """Every change to a place, oldest first, as JSON for anyone: no steward's name."""
    return _PUBLIC.dump_json(_PUBLIC.validate_python(_shown(session, place_id, False)))


def for_city(session: Session, place_id: int) -> list[AuditEntryForCity]:
    """Every change to a place, oldest first, each steward's change with its opaque id."""
    return _FOR_CITY.validate_python(_shown(session, place_id, True))


def _shown(session: Session, place_id: int, with_ids: bool) -> list[dict[str, Any]]:
    # The stored records stay as they were written; only what is shown of them changes.
    query = select(AuditEntry).where(AuditEntry.access_point_id == place_id)
    shown = []
    for entry in session.exec(query.order_by(AuditEntry.id)):  # type: ignore[arg-type]
        fields = entry.model_dump() | {"actor": shown_actor(entry.actor)}
        if with_ids and stewards.is_steward(entry.actor):
            fields["actor_id"] = stewards.opaque_id(entry.actor)
        shown.append(fields)
    return shown
