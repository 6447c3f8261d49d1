"""POST /v1/imports: the import engine over HTTP, for scripts with an `import` key."""

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.auth.keys import require
from api.deps import RuntimeDep
from api.http.body_limit import spool_body
from api.http.errors import AppError, InvalidBody, InvalidParameter, responses
from api.http.responses import GEOJSON, JSONBytes
from api.import_export import importing
from api.runtime import Runtime
from models.api_key import ApiKey, Scope
from seed.formats.base import FormatError
from seed.formats.registry import FORMATS, shipped_mapping, shipped_mappings
from seed.importer import ImportOptions, ImportReport
from seed.place_limit import TooManyPlaces

router = APIRouter(prefix="/v1/imports", tags=["imports"])
# The body is read raw (any size up to the limit), so FastAPI cannot document it itself.
_FILE_BODY = {
    "required": True,
    "description": "The file: the national standard's CSV or JSON, GeoJSON, or a CSV to map.",
    "content": {
        media_type: {"schema": {"type": "string", "format": "binary"}}
        for media_type in ("text/csv", "application/json", GEOJSON, "application/octet-stream")
    },
}
_REPORT_OR_ERROR = {
    "anyOf": [
        {"$ref": "#/components/schemas/ErrorBody"},
        {"type": "object", "required": ["rows", "errors"], "description": "The import report."},
    ]
}
Importer = Annotated[ApiKey, Depends(require(Scope.IMPORT))]


class PlaceLimitReached(AppError):
    """The import would store more places than PANDA_MAX_PLACES allows."""

    status_code = 409
    kind = "too_many_places"


@router.post(
    "",
    operation_id="importFile",
    responses={
        200: {"description": "The report: created, updated, unchanged, rejected rows."},
        **responses(401, 403, 413, 409, s409="It would store more places than PANDA_MAX_PLACES."),
        422: {
            "description": "Rejected rows (the report; nothing written), an unreadable file "
            "or an invalid parameter (an ErrorBody).",
            "content": {"application/json": {"schema": _REPORT_OR_ERROR}},
        },
    },
    openapi_extra={"requestBody": _FILE_BODY},
)
async def import_file(
    request: Request,
    key: Importer,
    runtime: RuntimeDep,
    format: Annotated[
        str | None,
        Query(
            max_length=30,
            description="Guessed from the file when absent; `mapped` needs `mapping`.",
            json_schema_extra={"enum": list(FORMATS)},
        ),
    ] = None,
    source: Annotated[str | None, Query(max_length=100, description="Source key.")] = None,
    mapping: Annotated[
        str | None,
        Query(
            max_length=60,
            pattern=r"^[a-z0-9_-]+$",
            description="A mapping shipped with the service; implies `format=mapped` when "
            "`format` is absent.",
            json_schema_extra={"enum": shipped_mappings()},
        ),
    ] = None,
    dry_run: bool = False,
    prune: bool = False,
    skip_invalid: bool = False,
) -> Response:
    """Import the body (the national standard's CSV or JSON, GeoJSON, or a mapped CSV)."""
    options = ImportOptions(
        dry_run, prune, skip_invalid, actor=key.name, max_places=runtime.settings.max_places
    )
    try:
        mapping_file = shipped_mapping(mapping) if mapping is not None else None
    except FormatError as exc:
        raise InvalidParameter(f"mapping : {exc}", en=f"mapping: {exc.en or exc}") from None

    report = await _imported(request, runtime, options, format, mapping_file, source)
    await run_in_threadpool(importing.release_memory)
    failed = bool(report.errors) and not skip_invalid
    return JSONBytes(report.as_dict(), status_code=422 if failed else 200)


async def _imported(
    request: Request,
    runtime: Runtime,
    options: ImportOptions,
    fmt: str | None,
    mapping_file: Path | None,
    source: str | None,
) -> ImportReport:
    """Spool the body, run the import off the event loop, and say its refusals as errors."""
    # Spooled, not held: BodyLimit bounds it (PANDA_IMPORT_MAX_BYTES); the CSV is then read
    # from the file row by row.
    body = await spool_body(request)
    try:
        return await run_in_threadpool(
            importing.import_file,
            runtime.engine,
            body,
            options,
            fmt,
            None,
            mapping_file,
            source,
            runtime.locate,
            None,
            None,
            runtime.read_model,
        )
    except FormatError as exc:
        raise InvalidBody(str(exc), en=getattr(exc, "en", None)) from exc
    except TooManyPlaces as exc:
        extra = {"stored": exc.stored, "new": exc.new, "max_places": exc.limit}
        raise PlaceLimitReached(str(exc), extra=extra, en=exc.en) from exc
    finally:
        body.close()
