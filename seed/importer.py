"""The import engine: validate every row, geocode the ones without coordinates, upsert in one
transaction, or change nothing at all."""

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from pydantic import ValidationError
from sqlmodel import Session

from models.access_point import AccessPointCreate
from seed.collector import collector_paused
from seed.data_sources import SourceDeclaration, upsert_data_source
from seed.formats.base import ParsedRow, ReadResult, RowError, RowStream
from seed.place_limit import DEFAULT_MAX_PLACES, check_place_limit
from seed.upsert import bump_data_version, close_missing, upsert_access_points
from seed.validation_text import example_of, explain

# Places validated, spilled and written together: memory holds one batch of rows and places
# (about 20 KB a place while it is written), never the file's.
BATCH = 500
# Rows shown for each kind of rejection in a report.
EXAMPLES = 3


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
    # The most places stored once the file is imported (PANDA_MAX_PLACES).
    max_places: int = DEFAULT_MAX_PLACES


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
    # When rows were rejected and nothing written: what --skip-invalid would have done
    # (created, updated, unchanged, closed).
    with_skip_invalid: dict[str, int] | None = None

    def error_groups(self) -> list[dict[str, Any]]:
        """Rejections by column and reason, most frequent first, with a few examples each."""
        groups: dict[tuple[str, str], dict[str, Any]] = {}
        for error in self.errors:
            group = groups.setdefault(
                (error.field, error.reason),
                {"field": error.field, "reason": error.reason, "count": 0, "examples": []},
            )
            group["count"] += 1
            if len(group["examples"]) < EXAMPLES:
                group["examples"].append({"line": error.line, "value": error.value})
        return sorted(groups.values(), key=lambda group: -group["count"])

    def as_dict(self) -> dict[str, Any]:
        """For JSON answers."""
        counts = ("format", "rows", "created", "updated", "unchanged", "closed", "rejected")
        body: dict[str, Any] = {name: getattr(self, name) for name in counts}
        body |= {"geocoded": self.geocoded, "written": self.written, "dry_run": self.dry_run}
        body["unknown_columns"] = self.unknown_columns
        body["with_skip_invalid"] = self.with_skip_invalid
        body["error_groups"] = self.error_groups()
        body["errors"] = [error.as_dict() for error in self.errors]
        return body


def run_import(
    session: Session,
    result: ReadResult | RowStream,
    options: ImportOptions,
    locate: AddressLocator | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Apply a read file; any rejected row aborts the whole file unless `skip_invalid`.

    The rows are validated first, as they are read, then written in batches in one
    transaction: nothing is written unless every row is valid (or `skip_invalid`).
    """
    with collector_paused():
        return _apply(session, result, options, locate, progress)


def _apply(
    session: Session,
    result: ReadResult | RowStream,
    options: ImportOptions,
    locate: AddressLocator | None,
    progress: Callable[[int], None] | None,
) -> ImportReport:
    report = ImportReport(format=result.format_name, dry_run=options.dry_run)
    report.unknown_columns = result.unknown_columns
    # Validated places wait on disk, a batch at a time, until the whole file is known valid:
    # memory holds one batch, never the file's rows or places.
    with tempfile.TemporaryFile(prefix="panda-import-") as spill:
        kept = _validate(result.rows, report, locate, progress, spill, result.allow_commune_only)
        try:
            check_place_limit(session, kept, options.max_places)
            if report.errors and not options.skip_invalid:
                # Written, counted, then undone: the report says what --skip-invalid would do.
                report.with_skip_invalid = _would_skip_invalid(session, spill, kept, options)
                session.rollback()
                return report
            changed = _write(session, spill, kept, options, report, result.declared_source)
            if options.dry_run or not changed:
                session.rollback()
                return report
            bump_data_version(session)
            session.commit()
            report.written = True
        except Exception:
            session.rollback()
            raise
    return report


def _write(
    session: Session,
    spill: IO[bytes],
    kept: dict[tuple[str, str], int],
    options: ImportOptions,
    report: ImportReport,
    declared: SourceDeclaration | None,
) -> bool:
    """Upsert the valid places (and prune), counting into `report`; True if anything changed.

    No commit.
    """
    for places in _spilled(spill):
        upserted = upsert_access_points(session, places, actor=options.actor)
        report.created += upserted.created
        report.updated += upserted.updated
        report.unchanged += upserted.unchanged
    if options.prune:
        report.closed = _prune(session, kept, options.actor)
    sources_changed = _register_sources(session, kept, declared)
    return bool(report.created or report.updated or report.closed or sources_changed)


def _would_skip_invalid(
    session: Session, spill: IO[bytes], kept: dict[tuple[str, str], int], options: ImportOptions
) -> dict[str, int]:
    """The counts of an import of the valid rows alone; the caller rolls back."""
    trial = ImportReport(format="")
    _write(session, spill, kept, options, trial, None)
    return {
        "created": trial.created,
        "updated": trial.updated,
        "unchanged": trial.unchanged,
        "closed": trial.closed,
    }


def _register_sources(
    session: Session, kept: dict[tuple[str, str], int], declared: SourceDeclaration | None
) -> bool:
    """Give each imported source its `data_source` row, with what the import declares of it.

    Every loaded source has a row: a place whose source has none was written by the API alone.
    """
    names = sorted({source for source, _ in kept})
    changed = False
    for name in names:
        said = declared if declared is not None and declared.name == name else None
        changed |= upsert_data_source(session, said or SourceDeclaration(name))
    return changed


def _validate(
    rows: Iterable[ParsedRow],
    report: ImportReport,
    locate: AddressLocator | None,
    progress: Callable[[int], None] | None,
    spill: IO[bytes],
    allow_commune_only: bool = False,
) -> dict[tuple[str, str], int]:
    """Validate every row, writing the valid places to `spill` in batches; count the rows.

    Returns the (source, source_id) of each valid place with its line.
    """
    places: list[AccessPointCreate] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        report.rows += 1
        place, errors = _place_of(row, locate, report, allow_commune_only)
        if place is not None:
            key = (place.source, place.source_id)
            if key in seen:
                reason = (
                    f"identifiant en double : déjà utilisé ligne {seen[key]} ; "
                    "chaque lieu a un identifiant unique"
                )
                errors = [RowError(row.line, row.columns.get("source_id", "id"), key[1], reason)]
                place = None
            else:
                seen[key] = row.line
        if errors:
            report.errors.extend(errors)
            report.rejected += 1
        elif place is not None:
            places.append(place)
            if len(places) == BATCH:
                pickle.dump(places, spill, pickle.HIGHEST_PROTOCOL)
                places = []
        if progress:
            progress(1)
    if places:
        pickle.dump(places, spill, pickle.HIGHEST_PROTOCOL)
    return seen


def _spilled(spill: IO[bytes]) -> Iterator[list[AccessPointCreate]]:
    """The batches `_validate` wrote, in order."""
    spill.seek(0)
    while True:
        try:
            places: list[AccessPointCreate] = pickle.load(spill)  # our own file, just written
        except EOFError:
            return
        yield places


def _place_of(
    row: ParsedRow,
    locate: AddressLocator | None,
    report: ImportReport,
    allow_commune_only: bool = False,
) -> tuple[AccessPointCreate | None, list[RowError]]:
    if row.errors:
        return None, row.errors
    fields = dict(row.fields)
    if fields.get("latitude") is None or fields.get("longitude") is None:
        located = _locate(row, locate, allow_commune_only)
        if isinstance(located, RowError):
            return None, [located]
        fields["latitude"], fields["longitude"], fields["location_precision"] = located
        report.geocoded += 1
    try:
        return AccessPointCreate.model_validate(fields), []
    except ValidationError as exc:
        return None, [_row_error(row, error) for error in exc.errors()]


def _locate(
    row: ParsedRow, locate: AddressLocator | None, allow_commune_only: bool = False
) -> tuple[float, float, str] | RowError:
    fields = row.fields
    query = " ".join(str(fields.get(k) or "") for k in ("address", "postcode", "commune")).strip()
    column = row.columns.get("address", "address")
    if locate is None:
        reason = "ni coordonnées ni géocodeur pour les trouver : donnez latitude et longitude"
        return RowError(row.line, column, query, reason)
    found = locate(query) if query else None
    if found is None:
        reason = (
            "pas de coordonnées, et l'adresse est introuvable : corrigez-la "
            "(exemple : 14 rue Camille Claudel) ou donnez latitude et longitude"
        )
        return RowError(row.line, column, query, reason)
    if found[2] == "municipality" and not allow_commune_only:
        return RowError(row.line, column, query, _commune_only(query))
    return found


def _commune_only(query: str) -> str:
    # The report already names the line and the column.
    return (
        f"l'adresse « {query} » n'a été trouvée qu'au niveau de sa commune "
        "(le lieu serait placé au centre de la commune) ; corrigez l'adresse, donnez latitude "
        "et longitude, ou acceptez ces lignes avec [location] allow_commune_only = true "
        "dans la correspondance"
    )


def _row_error(row: ParsedRow, error: Any) -> RowError:
    name = str(error["loc"][0]) if error["loc"] else "row"
    column = row.columns.get(name, name)
    if error["type"] == "missing":
        example = example_of(column) or example_of(name)

        hint = f" (exemple : {example})" if example else ""
        return RowError(row.line, column, None, f"obligatoire, mais vide{hint}")
    reason, _ = explain(error, name)
    return RowError(row.line, column, row.fields.get(name), reason)


def _prune(session: Session, kept: dict[tuple[str, str], int], actor: str) -> int:
    closed = 0
    for source in sorted({source for source, _ in kept}):
        listed = {source_id for key_source, source_id in kept if key_source == source}
        closed += close_missing(session, source, listed, actor)
    return closed
