"""The import engine: validate every row, geocode the ones without coordinates, upsert in one
transaction, or change nothing at all."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import ValidationError
from sqlmodel import Session

from models.access_point import AccessPointCreate
from seed.collector import collector_paused
from seed.formats.base import ParsedRow, ReadResult, RowError
from seed.upsert import bump_data_version, close_missing, upsert_access_points


class AddressLocator(Protocol):
    """Finds coordinates for an address: (latitude, longitude, precision) or None."""

    def __call__(self, address: str) -> tuple[float, float, str] | None: ...


@dataclass(frozen=True)
class ImportOptions:
    """How to apply a file."""

    dry_run: bool = False
    prune: bool = False
    skip_invalid: bool = False
    actor: str = "cli"


@dataclass
class ImportReport:
    """What an import did, or would do with --dry-run."""

    format: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    rejected: int = 0
    geocoded: int = 0
    written: bool = False
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """For JSON answers."""
        counts = ("format", "rows", "created", "updated", "unchanged", "closed", "rejected")
        body: dict[str, Any] = {name: getattr(self, name) for name in counts}
        body |= {"geocoded": self.geocoded, "written": self.written, "dry_run": self.dry_run}
        body["unknown_columns"] = self.unknown_columns
        body["errors"] = [error.as_dict() for error in self.errors]
        return body


def run_import(
    session: Session,
    result: ReadResult,
    options: ImportOptions,
    locate: AddressLocator | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Apply a read file; any rejected row aborts the whole file unless `skip_invalid`."""
    with collector_paused():
        return _apply(session, result, options, locate, progress)


def _apply(
    session: Session,
    result: ReadResult,
    options: ImportOptions,
    locate: AddressLocator | None,
    progress: Callable[[int], None] | None,
) -> ImportReport:
    report = ImportReport(format=result.format_name, rows=len(result.rows), dry_run=options.dry_run)
    report.unknown_columns = result.unknown_columns
    places = _validated_places(result.rows, report, locate, progress)
    if report.errors and not options.skip_invalid:
        return report
    try:
        upserted = upsert_access_points(session, places, actor=options.actor)
        report.created, report.updated = upserted.created, upserted.updated
        report.unchanged = upserted.unchanged
        if options.prune:
            report.closed = _prune(session, places, options.actor)
        if options.dry_run or not (report.created or report.updated or report.closed):
            session.rollback()
            return report
        bump_data_version(session)
        session.commit()
        report.written = True
    except Exception:
        session.rollback()
        raise
    return report


def _validated_places(
    rows: list[ParsedRow],
    report: ImportReport,
    locate: AddressLocator | None,
    progress: Callable[[int], None] | None,
) -> list[AccessPointCreate]:
    places: list[AccessPointCreate] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        place, errors = _place_of(row, locate, report)
        if place is not None:
            key = (place.source, place.source_id)
            if key in seen:
                reason = f"duplicate id: already on line {seen[key]}"
                errors = [RowError(row.line, row.columns.get("source_id", "id"), key[1], reason)]
                place = None
            else:
                seen[key] = row.line
        if errors:
            report.errors.extend(errors)
            report.rejected += 1
        elif place is not None:
            places.append(place)
        if progress:
            progress(1)
    return places


def _place_of(
    row: ParsedRow, locate: AddressLocator | None, report: ImportReport
) -> tuple[AccessPointCreate | None, list[RowError]]:
    if row.errors:
        return None, row.errors
    fields = dict(row.fields)
    if fields.get("latitude") is None or fields.get("longitude") is None:
        located = _locate(row, locate)
        if isinstance(located, RowError):
            return None, [located]
        fields["latitude"], fields["longitude"], fields["location_precision"] = located
        report.geocoded += 1
    try:
        return AccessPointCreate.model_validate(fields), []
    except ValidationError as exc:
        return None, [_row_error(row, error) for error in exc.errors()]


def _locate(row: ParsedRow, locate: AddressLocator | None) -> tuple[float, float, str] | RowError:
    fields = row.fields
    query = " ".join(str(fields.get(k) or "") for k in ("address", "postcode", "commune")).strip()
    column = row.columns.get("address", "address")
    if locate is None:
        return RowError(row.line, column, query, "no coordinates and no geocoder to find them")
    found = locate(query) if query else None
    if found is None:
        return RowError(row.line, column, query, "no coordinates, and the address was not found")
    return found


def _row_error(row: ParsedRow, error: Any) -> RowError:
    name = str(error["loc"][0]) if error["loc"] else "row"
    if error["type"] == "missing":
        return RowError(row.line, row.columns.get(name, name), None, "required, but empty")
    reason = str(error["msg"]).removeprefix("Value error, ")
    return RowError(row.line, row.columns.get(name, name), row.fields.get(name), reason)


def _prune(session: Session, places: list[AccessPointCreate], actor: str) -> int:
    closed = 0
    for source in sorted({place.source for place in places}):
        kept = {place.source_id for place in places if place.source == source}
        closed += close_missing(session, source, kept, actor)
    return closed
