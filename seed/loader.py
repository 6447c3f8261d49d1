"""Load the bundled Dijon seed: validated whole, written in one transaction, idempotent."""

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, func, select

from models.access_point import AccessPoint, AccessPointCreate
from models.commune import CommuneBase
from seed.communes import with_national_facts
from seed.data_sources import SourceDeclaration, upsert_data_source
from seed.upsert import UpsertReport, bump_data_version, upsert_access_points, upsert_communes

ModelT = TypeVar("ModelT", bound=BaseModel)
ACCESS_POINTS_FILE = "dijon-access-points.json"
COMMUNES_FILE = "dijon-metropole-communes.json"


class SeedError(ValueError):
    """A seed entry failed validation; nothing was written."""


@dataclass
class SeedReport:
    """What loading the seed did."""

    access_points: UpsertReport
    communes: UpsertReport
    source_changed: bool = False


def read_seed_file(name: str) -> dict[str, Any]:
    """The parsed JSON of a bundled seed file."""
    text = resources.files("seed").joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def seed_source(header: dict[str, Any]) -> SourceDeclaration | None:
    """The seed file's header: its source, credit, licence and the day the source last changed."""
    if "source" not in header:
        return None
    changed = header.get("source_last_changed")
    return SourceDeclaration(
        name=header["source"],
        attribution=header.get("attribution"),
        licence=header.get("licence"),
        published_on=date.fromisoformat(changed) if changed else None,
    )


def validate_entries(name: str, entries: list[dict[str, Any]], model: type[ModelT]) -> list[ModelT]:
    """Validate every entry, stopping at the first bad one with its position and reason."""
    validated = []
    for position, entry in enumerate(entries, start=1):
        try:
            validated.append(model.model_validate(entry))
        except ValidationError as exc:
            key = entry.get("source_id") or entry.get("insee_code") or "?"
            reason = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise SeedError(f"{name}: entry {position} ({key}): {reason}") from exc
    return validated


def load_seed(session: Session, data: dict[str, dict[str, Any]] | None = None) -> SeedReport:
    """Upsert the seed's communes and places in one transaction; roll back on any error."""
    data = data or {name: read_seed_file(name) for name in (COMMUNES_FILE, ACCESS_POINTS_FILE)}
    try:
        communes = validate_entries(COMMUNES_FILE, data[COMMUNES_FILE]["communes"], CommuneBase)
        # With their EPCI, department and postcodes, as the national load stores them.
        communes = with_national_facts(communes)
        places = validate_entries(
            ACCESS_POINTS_FILE, data[ACCESS_POINTS_FILE]["access_points"], AccessPointCreate
        )
        report = SeedReport(
            upsert_access_points(session, places), upsert_communes(session, communes)
        )
        source = seed_source(data[ACCESS_POINTS_FILE])
        report.source_changed = source is not None and upsert_data_source(session, source)
        if (
            report.access_points.changed
            or report.communes.created
            or report.communes.updated
            or report.source_changed
        ):
            bump_data_version(session)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def is_empty(session: Session) -> bool:
    """True when no access point is stored."""
    return session.exec(select(func.count()).select_from(AccessPoint)).one() == 0
