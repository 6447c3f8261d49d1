"""A database that is busy or gone: 503 with Retry-After, and one log line per incident.

`database_busy`: SQLite's write lock held past PANDA_SQLITE_BUSY_TIMEOUT_S (an import, say),
a PostgreSQL lock timeout, deadlock or serialisation failure, or no pooled connection free.
`database_unavailable`: the server refused or dropped the connection, or its database is
gone. Either way the client is told when to retry, and the log says once that the incident
began and once that it ended (after QUIET_S seconds without one), with the number of
requests refused: a database down for an hour is two lines, not a traceback per request.
"""

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from fastapi import FastAPI, Request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from api.http.error_handlers import error_response, internal_error
from api.http.errors import ServiceUnavailable
from api.http.language import Text, language_of
from api.http.responses import JSONBytes
from api.ops.access_log import route_of
from api.ops.safe_log import mark_logged, safe_trace

log = logging.getLogger(__name__)

QUIET_S = 30.0
# PostgreSQL: lock_not_available, query_canceled (lock or statement timeout), deadlock,
# serialisation failure; all pass once the other transaction ends.
_PG_BUSY = frozenset({"55P03", "57014", "40P01", "40001"})
# admin_shutdown, crash_shutdown, cannot_connect_now, invalid_catalog_name (database dropped).
_PG_GONE = frozenset({"57P01", "57P02", "57P03", "3D000"})
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")
_SQLITE_GONE = ("unable to open database file", "disk i/o error")


class DatabaseBusy(ServiceUnavailable):
    """Another writer holds the database; retry after `Retry-After` seconds."""

    kind = "database_busy"
    retry_after_s = 5


class DatabaseUnavailable(ServiceUnavailable):
    """The database does not answer; retry after `Retry-After` seconds."""

    kind = "database_unavailable"
    retry_after_s = 15


BUSY = Text(
    "la base de données est occupée par une autre écriture (un import, par exemple) ; "
    "réessayez dans quelques secondes",
    "the database is busy with another write (an import, say); retry in a few seconds",
)
GONE = Text(
    "la base de données ne répond pas ; réessayez dans un moment",
    "the database does not answer; retry in a while",
)
REFUSALS: dict[type[ServiceUnavailable], Text] = {DatabaseBusy: BUSY, DatabaseUnavailable: GONE}


def trouble(exc: BaseException) -> type[DatabaseBusy] | type[DatabaseUnavailable] | None:
    """Which 503 an exception from the database calls for; None when it is not one."""
    if isinstance(exc, PoolTimeout):
        return DatabaseBusy
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return DatabaseUnavailable
        return _driver_trouble(exc.orig)
    return _driver_trouble(exc)


def _driver_trouble(
    error: BaseException | None,
) -> type[DatabaseBusy] | type[DatabaseUnavailable] | None:
    if isinstance(error, sqlite3.OperationalError):
        text = str(error).lower()
        if text.startswith(_SQLITE_BUSY):
            return DatabaseBusy
        return DatabaseUnavailable if text.startswith(_SQLITE_GONE) else None
    if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        state = getattr(error, "sqlstate", None)
        if state in _PG_BUSY:
            return DatabaseBusy
        # No SQLSTATE: the connection itself failed (refused, reset, closed).
        if state is None or state.startswith("08") or state in _PG_GONE:
            return DatabaseUnavailable
    return None


@dataclass
class _Incident:
    began: float
    last: float
    refused: int


class Incidents:
    """Logs an incident of each kind once when it begins and once when it has ended."""

    def __init__(
        self, quiet_s: float = QUIET_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.quiet_s = quiet_s
        self.clock = clock
        self._open: dict[str, _Incident] = {}
        self._lock = threading.Lock()

    def note(self, kind: str, error: BaseException, where: str) -> None:
        """One more request refused; the first of an incident is logged."""
        now = self.clock()
        with self._lock:
            self._close_quiet(now)
            incident = self._open.get(kind)
            if incident is not None:
                incident.last, incident.refused = now, incident.refused + 1
                return
            self._open[kind] = _Incident(now, now, 1)
        # The error's type and the route's template; never its message (SQL, values).
        log.warning(
            "incident base de données : %s (%s), d'abord vu par %s ; une ligne à sa fin",
            kind,
            type(getattr(error, "orig", None) or error).__name__,
            where,
        )
        self._watch(kind)

    def _watch(self, kind: str) -> None:
        """Check for the incident's end once it has been quiet long enough."""
        timer = threading.Timer(self.quiet_s, self._check, args=(kind,))
        timer.daemon = True
        timer.start()

    def _check(self, kind: str) -> None:
        with self._lock:
            incident = self._open.get(kind)
            if incident is None:
                return
            wait = incident.last + self.quiet_s - self.clock()
            if wait <= 0:
                self._end(kind)
                return
        timer = threading.Timer(wait, self._check, args=(kind,))
        timer.daemon = True
        timer.start()

    def _close_quiet(self, now: float) -> None:
        for kind, incident in list(self._open.items()):
            if now - incident.last >= self.quiet_s:
                self._end(kind)

    def _end(self, kind: str) -> None:
        incident = self._open.pop(kind)
        log.warning(
            "fin de l'incident base de données %s : %d requête(s) refusée(s) en 503 en %.1f s",
            kind,
            incident.refused,
            incident.last - incident.began,
        )


# The background tasks of the process (read model, session board, change listener), which
# fail every few seconds for as long as the database is gone.
BACKGROUND = Incidents()


def log_background_failure(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """A background task's failure: counted in an incident when the database is busy or
    gone, else logged with its safe traceback (api.ops.safe_log)."""
    refusal = trouble(exc)
    if refusal is not None:
        BACKGROUND.note(refusal.kind, exc, what)
        return
    logger.error("%s\n%s", what, safe_trace(exc))


def install_database_errors(app: FastAPI) -> None:
    """Answer 503 with Retry-After for a busy or gone database, wherever it is raised."""
    incidents = Incidents()
    app.state.database_incidents = incidents

    async def _unavailable(request: Request, exc: Exception) -> JSONBytes:
        refusal = trouble(exc)
        if refusal is None:
            return await internal_error(request, exc)
        incidents.note(refusal.kind, exc, f"{request.method} {route_of(request.scope)}")
        # Counted in the incident: the server's own copy of a re-raised one is dropped too.
        mark_logged(exc, None)
        headers = {"Retry-After": str(refusal.retry_after_s)}
        language = language_of(request.scope)
        return error_response(refusal.kind, REFUSALS[refusal], 503, language, headers)

    for raised in (DBAPIError, PoolTimeout, sqlite3.OperationalError, psycopg.Error):
        app.add_exception_handler(raised, _unavailable)
    # Raised in a middleware (a rate limit counted in the database): Starlette's last resort.
    app.add_exception_handler(Exception, _unavailable)
