"""The FastAPI application: `create_app(settings)` and `app` for uvicorn."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlmodel import Session

from api.data_inclusion import routes_export as data_inclusion
from api.database import make_engine
from api.duplicates import routes as duplicates
from api.feed import routes as changes
from api.geocoding import routes as geocode
from api.geocoding.factory import import_locator, remote_geocoder
from api.geocoding.service import GeocodingService
from api.http.body_limit import BodyLimit
from api.http.clean_input import CleanInput
from api.http.database_errors import install_database_errors
from api.http.error_handlers import install_error_handlers
from api.http.head_requests import HeadAsGet
from api.http.openapi import install_openapi
from api.http.rate_limits import (
    RATE_LIMIT_HEADERS,
    RATE_LIMITED_RESPONSE,
    RateLimitMiddleware,
    RateLimits,
)
from api.http.repeated_params import RefuseRepeated
from api.import_export import routes_export as export
from api.import_export import routes_imports as imports
from api.maps import routes as map_outlines
from api.migrations.upgrade import MigrationError, upgrade_to_head
from api.ops import routes_health as health
from api.ops import routes_metrics as metrics
from api.ops.access_log import install_access_log
from api.ops.metrics import install_metrics
from api.outbox import routes as subscriptions
from api.outbox.sender import send_forever
from api.places import routes_communes as communes
from api.places import routes_read as access_points
from api.places import routes_search as search
from api.places import routes_sheet as place_sheet
from api.places import routes_stale as stale
from api.places import routes_write as access_points_write
from api.read_model import ReadModel
from api.read_model.listener import ChangeListener
from api.reports import routes as reports
from api.reports import routes_pages as report_pages
from api.reviews import routes as reviews
from api.reviews.task import review_periodically
from api.runtime import Runtime
from api.settings import Settings
from api.stewards import routes as stewards
from api.transit import routes as transit
from api.web import routes_docs as docs
from api.web import routes_embed as embed
from api.web import routes_pages as pages
from api.workshops import routes_read as workshops
from api.workshops import routes_registrations as registrations
from api.workshops import routes_write as workshops_write
from api.workshops.purge_task import purge_daily, purge_now
from api.workshops.session_board import board_of
from seed.communes import CommunesFileError, load_communes_file
from seed.loader import is_empty, load_seed

log = logging.getLogger(__name__)

DESCRIPTION = """Public digital access points (PANDA) of Dijon Métropole: where a job seeker
can use a computer, print, scan and get help with online procedures. Search by point or by
filters; every answer names its data sources."""


def prepare_database(settings: Settings) -> Runtime:
    """Upgrade the schema, load the seed into an empty database and take a first snapshot."""
    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_s)
    try:
        upgrade = upgrade_to_head(engine, settings.migration_lock_timeout_s)
    except MigrationError as exc:
        engine.dispose()
        log.error("démarrage refusé : %s", exc)
        raise
    log.info("database schema at revision %s", upgrade.after)
    if settings.load_seed_when_empty:
        with Session(engine) as session:
            if is_empty(session):
                report = load_seed(session)
                log.info("seed loaded: %s places", report.access_points.created)
    if settings.load_communes:
        # Every commune of France, when the table lacks some; a bad file refuses to start.
        try:
            with Session(engine) as session:
                loaded = load_communes_file(session, settings.communes_file)
        except CommunesFileError as exc:
            engine.dispose()
            log.error("démarrage refusé : %s", exc)
            raise
        log.info("communes: %s created, %s updated", loaded.created, loaded.updated)
    read_model = ReadModel(engine, settings.transit_radius_m)
    geocoding = GeocodingService(settings.geocoder, remote_geocoder(settings, engine))
    return Runtime(
        settings=settings,
        engine=engine,
        read_model=read_model,
        geocoding=geocoding,
        locate=import_locator(geocoding, lambda: read_model.current.geocoder),
    )


async def cancelled(task: "asyncio.Task[None]") -> None:
    """Cancel a background task and wait until it has stopped."""
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def listen_for_changes(runtime: Runtime) -> ChangeListener | None:
    """Start hearing other processes' writes (PostgreSQL only; SQLite has the poller)."""
    if runtime.engine.dialect.name != "postgresql":
        return None
    listener = ChangeListener(runtime.engine, runtime.read_model.refresh)
    listener.start()
    return listener


def lifespan_for(
    settings: Settings, rate_limits: RateLimits | None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """What runs from start-up to shutdown: the runtime, its listener and background tasks."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = await asyncio.to_thread(prepare_database, settings)
        app.state.runtime = runtime
        if rate_limits is not None:
            rate_limits.start(runtime.engine)
        poller = asyncio.create_task(runtime.read_model.poll(settings.snapshot_refresh_s))
        # On PostgreSQL a committed write is heard at once; the poller is the fallback.
        listener = listen_for_changes(runtime)
        tasks = await start_workshop_tasks(app, runtime, settings)
        tasks += start_outbox(runtime, settings)
        # Reminders and overdue places (api.reviews), every REVIEW_INTERVAL_S.
        review = asyncio.create_task(review_periodically(runtime.engine, settings))
        try:
            yield
        finally:
            for task in (*tasks, review, poller):
                await cancelled(task)
            if listener is not None:
                await asyncio.to_thread(listener.stop)
            if rate_limits is not None:
                rate_limits.stop()
            runtime.engine.dispose()

    return lifespan


async def start_workshop_tasks(
    app: FastAPI, runtime: Runtime, settings: Settings
) -> tuple["asyncio.Task[None]", ...]:
    """The registrations' purge and the session board: run once before serving, then kept on."""
    # Registrations go some days after their session (api.workshops.purge_task); the coming
    # sessions of each place are kept in memory (api.workshops.session_board).
    retention_days = settings.registration_retention_days
    await asyncio.to_thread(purge_now, runtime.engine, retention_days)
    await asyncio.to_thread(board_of(app).refresh, runtime.engine)
    purger = asyncio.create_task(purge_daily(runtime.engine, retention_days))
    board = asyncio.create_task(board_of(app).poll(runtime.engine, settings.snapshot_refresh_s))
    return purger, board


def start_outbox(runtime: Runtime, settings: Settings) -> tuple["asyncio.Task[None]", ...]:
    """The outbox's sender (api/outbox/sender.py), unless PANDA_OUTBOX_SENDER_ENABLED=false.

    Not on an in-memory SQLite database (tests): its one connection is shared by every
    thread, and a sender's transaction there would interleave with the requests'."""
    url = runtime.engine.url
    in_memory = url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
    if not settings.outbox_sender_enabled or in_memory:
        return ()
    return (asyncio.create_task(send_forever(runtime.engine, settings)),)


def install_middlewares(app: FastAPI, settings: Settings, rate_limits: RateLimits | None) -> None:
    """The middlewares, innermost first (the access log, outermost, comes last of all)."""
    # Bodies bounded while they stream in: 413 past the route's limit (innermost, so that
    # the others see the 413 it may put in place of the app's answer).
    app.add_middleware(
        BodyLimit,
        write_bytes=settings.write_max_bytes,
        limits={"/v1/imports": settings.import_max_bytes},
    )
    # A repeated query parameter its route does not combine: 422 (after CleanInput's check).
    app.add_middleware(RefuseRepeated)
    # Bad text (invalid UTF-8, control characters) in the query string or path: 422, early.
    app.add_middleware(CleanInput)
    # 429 past the limits per client address (api.http.rate_limits; per key: api.auth.keys).
    app.state.rate_limits = rate_limits
    if rate_limits is not None:
        app.add_middleware(RateLimitMiddleware, limits=rate_limits)
    # HEAD on every GET route (CORS advertises it), answered without the body.
    app.add_middleware(HeadAsGet)
    # Partner pages read from any origin (no cookies, no credentials); writes and imports
    # carry API keys from servers and scripts, so a browser preflight for them is refused.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "HEAD"],
        allow_headers=["Accept", "If-None-Match"],
        expose_headers=[
            "ETag",
            "Cache-Control",
            "Retry-After",
            "X-Changes-Cursor",
            *RATE_LIMIT_HEADERS,
        ],
        allow_credentials=False,
        max_age=3600,
    )


# search before access_points: /search must not be taken for an {id}.
ROUTERS = (
    search,
    access_points,
    place_sheet,
    access_points_write,
    geocode,
    imports,
    export,
    communes,
    health,
    pages,
    embed,
    docs,
    workshops,
    workshops_write,
    registrations,
    stewards,
    stale,
    data_inclusion,
    map_outlines,
    reports,
    report_pages,
    reviews,
    transit,
    subscriptions,
    duplicates,
    changes,
)


def install_routers(app: FastAPI, settings: Settings, rate_limits: RateLimits | None) -> None:
    """Every domain's routes; /metrics when enabled."""
    for module in ROUTERS:
        limited = rate_limits is not None and module is not health
        app.include_router(module.router, responses=RATE_LIMITED_RESPONSE if limited else None)
    if settings.metrics_enabled:
        install_metrics(app)
        app.include_router(metrics.router)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; resources live from start-up to shutdown of the lifespan."""
    settings = settings or Settings()
    rate_limits = RateLimits(settings) if settings.rate_limit_enabled else None
    app = FastAPI(
        title="PANDA finder",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan_for(settings, rate_limits),
        # /docs and /redoc come from api.web.routes_docs: same-origin bundles, strict CSP.
        docs_url=None,
        redoc_url=None,
    )
    install_middlewares(app, settings, rate_limits)
    install_error_handlers(app)
    install_database_errors(app)  # after: it takes the last-resort handler over
    install_openapi(app)
    install_routers(app, settings, rate_limits)
    if settings.access_log:
        install_access_log(app)  # last: outermost, it logs what every other layer answers
    return app


app = create_app()
