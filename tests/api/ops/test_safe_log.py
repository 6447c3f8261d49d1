"""Tracebacks fit for the log (api/ops/safe_log.py): types and frames, never a message."""

import io
import logging
import sys
from collections.abc import Iterator

import pytest

from api.ops.safe_log import (
    LOGGED,
    SERVER_LOGGERS,
    SafeTracebacks,
    install_safe_tracebacks,
    mark_logged,
    safe_trace,
)

SECRET = "Camille Martin 06 12 34 56 78"


class BookingRefused(Exception):
    """An exception of a module of ours, its message quoting what a client sent."""


def book(name: str) -> None:
    raise BookingRefused(f"refused: {name}")


def caught(action: object) -> BaseException:
    try:
        action()  # type: ignore[operator]
    except BaseException as exc:
        return exc
    raise AssertionError("no exception")


def test_a_trace_has_frames_and_the_qualified_type_never_the_message() -> None:
    trace = safe_trace(caught(lambda: book(SECRET)))
    lines = trace.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert f'File "{__file__}"' in trace and ", in book" in trace
    assert '    raise BookingRefused(f"refused: {name}")' in lines
    assert lines[-1] == f"{__name__}.BookingRefused"
    assert SECRET not in trace  # the source line is there, the message it made is not


def test_a_builtin_type_is_named_alone() -> None:
    assert safe_trace(caught(lambda: int(SECRET))).splitlines()[-1] == "ValueError"


def test_the_chain_is_told_cause_first() -> None:
    def convert() -> None:
        try:
            int(SECRET)
        except ValueError as exc:
            raise KeyError(SECRET) from exc

    parts = safe_trace(caught(convert)).split("\n\nPuis, en la traitant :\n")
    assert [part.splitlines()[-1] for part in parts] == ["ValueError", "KeyError"]
    assert SECRET not in "".join(parts)


def test_an_implicit_context_is_told_unless_suppressed() -> None:
    def during() -> None:
        try:
            int(SECRET)
        except ValueError:
            raise KeyError(SECRET)  # noqa: B904

    def hidden() -> None:
        try:
            int(SECRET)
        except ValueError:
            raise KeyError(SECRET) from None

    assert safe_trace(caught(during)).count("Traceback (most recent call last):") == 2
    assert safe_trace(caught(hidden)).count("Traceback (most recent call last):") == 1


def test_a_cycle_or_a_long_chain_ends() -> None:
    first, second = ValueError("a"), KeyError("b")
    first.__context__, second.__context__ = second, first
    assert safe_trace(first).count("Traceback") == 2
    chain: BaseException = ValueError("0")
    for i in range(1, 30):
        error = ValueError(str(i))
        error.__cause__ = chain
        chain = error
    assert safe_trace(chain).count("Traceback") == 10


def record_of(
    exc: BaseException | None, msg: str = "Exception in %s", *args: object
) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, msg, args, exc_info)


def test_the_filter_rewrites_a_record_with_a_traceback() -> None:
    exc = caught(lambda: book(SECRET))
    record = record_of(exc, "Exception in %s application  ", "ASGI")
    assert SafeTracebacks().filter(record) is True
    assert record.exc_info is None and record.args is None
    assert record.getMessage() == f"Exception in ASGI application\n{safe_trace(exc)}"
    assert SECRET not in logging.Formatter().format(record)


def test_a_record_without_traceback_is_left_alone() -> None:
    record = record_of(None, "Started server process [%d]", 42)
    assert SafeTracebacks().filter(record) is True
    assert (record.getMessage(), record.args) == ("Started server process [42]", (42,))


def test_an_exception_already_logged_is_one_line() -> None:
    exc = caught(lambda: book(SECRET))
    mark_logged(exc, "4f2a")
    assert getattr(exc, LOGGED) == "4f2a"
    record = record_of(exc, "Exception in ASGI application")
    assert SafeTracebacks().filter(record) is True
    assert record.getMessage() == (
        "Exception in ASGI application\nBookingRefused, déjà journalisée (request_id=4f2a)"
    )


def test_an_exception_counted_in_an_incident_is_dropped() -> None:
    exc = caught(lambda: book(SECRET))
    mark_logged(exc, None)
    assert SafeTracebacks().filter(record_of(exc)) is False


@pytest.fixture
def server_logger() -> Iterator[logging.Logger]:
    """uvicorn.error, its filters and handlers put back as they were after the test."""
    logger = logging.getLogger(SERVER_LOGGERS[0])
    filters, handlers, level = list(logger.filters), list(logger.handlers), logger.level
    for old in [f for f in logger.filters if isinstance(f, SafeTracebacks)]:
        logger.removeFilter(old)
    yield logger
    logger.filters[:] = filters
    logger.handlers[:] = handlers
    logger.setLevel(level)


def test_install_filters_the_server_logger_once(server_logger: logging.Logger) -> None:
    install_safe_tracebacks()
    install_safe_tracebacks()
    assert sum(isinstance(f, SafeTracebacks) for f in server_logger.filters) == 1
    stream = io.StringIO()
    server_logger.addHandler(logging.StreamHandler(stream))
    server_logger.setLevel(logging.ERROR)
    try:
        book(SECRET)
    except BookingRefused:
        server_logger.exception("Exception in ASGI application")
    written = stream.getvalue()
    assert written.startswith("Exception in ASGI application\nTraceback (most recent call last):")
    assert f"{__name__}.BookingRefused" in written and SECRET not in written
    assert sys.exc_info() == (None, None, None)
