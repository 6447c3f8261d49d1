"""POST /v1/imports: the import engine over HTTP, for scripts with an `import` key."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.auth import require
from api.deps import RuntimeDep
from api.errors import ErrorBody, InvalidBody, PayloadTooLarge
from api.importing import import_bytes
from api.responses import JSONBytes
from models.api_key import ApiKey, Scope
from seed.formats.base import FormatError
from seed.formats.registry import FORMATS
from seed.importer import ImportOptions

router = APIRouter(prefix="/v1/imports", tags=["imports"])
Importer = Annotated[ApiKey, Depends(require(Scope.IMPORT))]


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the body is {declared} bytes; the limit is {limit}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"the body passes the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "",
    operation_id="importFile",
    responses={
        200: {"description": "The report: created, updated, unchanged, rejected rows."},
        401: {"model": ErrorBody},
        403: {"model": ErrorBody},
        413: {"model": ErrorBody, "description": "Body over the limit."},
        422: {"description": "Rejected rows (nothing written) or an unreadable file."},
    },
)
async def import_file(
    request: Request,
    key: Importer,
    runtime: RuntimeDep,
    format: Annotated[str | None, Query(max_length=30, description=f"One of {FORMATS}.")] = None,
    source: Annotated[str | None, Query(max_length=100, description="Source key.")] = None,
    mapping: Annotated[str | None, Query(max_length=60, description="Shipped mapping.")] = None,
    dry_run: bool = False,
    prune: bool = False,
    skip_invalid: bool = False,
) -> Response:
    """Import the body (the national standard's CSV or JSON, GeoJSON, or a mapped CSV)."""
    data = await read_limited(request, runtime.settings.import_max_bytes)
    options = ImportOptions(dry_run, prune, skip_invalid, actor=key.name)
    try:
        report = await run_in_threadpool(
            import_bytes,
            runtime.engine,
            data,
            options,
            format,
            None,
            mapping,
            source,
            runtime.locate,
        )
    except FormatError as exc:
        raise InvalidBody(str(exc)) from exc
    if report.written:
        await run_in_threadpool(runtime.snapshots.refresh)
    failed = bool(report.errors) and not skip_invalid
    return JSONBytes(report.as_dict(), status_code=422 if failed else 200)
