"""PostgreSQL notices: every process hears of a committed write at once, then catches up."""

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import Engine

from api.http.database_errors import log_background_failure
from seed.change_log import CHANNEL

log = logging.getLogger(__name__)


class ChangeListener:
    """A thread holding one `LISTEN` connection; each notice calls `on_notice`.

    The poller stays on as the fallback: a lost connection is retried every `retry_s`, and
    whatever was committed meanwhile is caught up as soon as listening starts again.
    """

    def __init__(self, engine: Engine, on_notice: Callable[[], object], retry_s: float = 1.0):
        url = engine.url.set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._on_notice = on_notice
        self._retry_s = retry_s
        self._stopping = threading.Event()
        self.listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="panda-listen", daemon=True)

    def start(self) -> None:
        """Start listening in the background."""
        self._thread.start()

    def stop(self) -> None:
        """Stop listening and wait for the thread (it wakes at least twice a second)."""
        self._stopping.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._listen()
            except Exception as exc:  # a restart or a network blip: the poller covers the gap
                log_background_failure(log, "écoute des changements interrompue", exc)
            self.listening.clear()
            self._stopping.wait(self._retry_s)

    def _listen(self) -> None:
        with psycopg.connect(self._dsn, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            self.listening.set()
            self._catch_up()  # what was committed before LISTEN took effect
            while not self._stopping.is_set():
                # One notice is enough: catching up reads every change since the last one.
                for _ in connection.notifies(timeout=0.5, stop_after=1):
                    self._catch_up()

    def _catch_up(self) -> None:
        try:
            self._on_notice()
        except Exception as exc:  # keep listening; the poller retries too
            log_background_failure(log, "read model refresh failed", exc)
