"""Tracebacks fit for the server log: exception types and stack frames, never a message.

An exception's message may carry what a client sent: pydantic's ValidationError quotes the
input (a booking's name and phone), a database error quotes its SQL, a URL error its path
(a steward's token). A frame's locals would too. So the log keeps, for each exception of the
chain, its type and its frames (file, line, function, source line), and nothing else.
"""

import contextlib
import logging
import traceback

# Uvicorn logs "Exception in ASGI application" with the traceback of every error the app
# re-raises (Starlette's ServerErrorMiddleware does, after answering the 500).
SERVER_LOGGERS = ("uvicorn.error",)
# Set on an exception once api.http.errors has logged it: the server's copy is then one line.
LOGGED = "_panda_logged_as"
SILENT = ""
_MAX_CHAIN = 10


def safe_trace(exc: BaseException) -> str:
    """The exception's chain as types and frames, most recent last, like Python's own."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(chain) < _MAX_CHAIN:
        chain.append(current)
        seen.add(id(current))
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    parts = [_one(error) for error in reversed(chain)]
    return "\n\nPuis, en la traitant :\n".join(parts)


def _one(exc: BaseException) -> str:
    """One exception: `Traceback` with its frames, then its type alone."""
    lines = ["Traceback (most recent call last):"]
    for frame in traceback.extract_tb(exc.__traceback__):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    name = type(exc).__qualname__
    module = type(exc).__module__
    lines.append(name if module == "builtins" else f"{module}.{name}")
    return "\n".join(lines)


class SafeTracebacks(logging.Filter):
    """Rewrite a record that carries a traceback: its frames and types, not the messages."""

    def filter(self, record: logging.LogRecord) -> bool:
        """The record, its exception told safely, as one line if logged, or none if counted."""
        if not record.exc_info or record.exc_info[1] is None:
            return True
        exc = record.exc_info[1]
        logged_as = getattr(exc, LOGGED, None)
        if logged_as == SILENT:
            return False
        told = (
            f"{type(exc).__name__}, déjà journalisée (request_id={logged_as})"
            if logged_as
            else safe_trace(exc)
        )
        record.msg = f"{record.getMessage().rstrip()}\n{told}"
        record.args = None
        record.exc_info = None
        record.exc_text = None
        return True


def install_safe_tracebacks() -> None:
    """Filter the server's own loggers (once, whatever the number of apps built)."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SafeTracebacks) for f in logger.filters):
            logger.addFilter(SafeTracebacks())


def mark_logged(exc: BaseException, request_id: str | None) -> None:
    """Remember that this exception is in the log under `request_id`, or (None) that it was
    counted in an incident logged once (api.http.database_errors) and needs no line of its own."""
    # An exception type without a __dict__ is then logged twice, safely both times.
    with contextlib.suppress(AttributeError):
        setattr(exc, LOGGED, SILENT if request_id is None else request_id)
