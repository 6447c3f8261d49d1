"""Real receivers on 127.0.0.1 for the outbox's tests: an HTTP server taking webhooks and an
SMTP server (aiosmtpd), each recording what it got."""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from tests.live_server import free_port


@dataclass
class Received:
    """One POST as the receiver got it."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    """A webhook endpoint; `answer` decides the status of each call (hang: sleep first)."""

    port: int = field(default_factory=free_port)
    calls: list[Received] = field(default_factory=list)
    status: int = 200
    hang_s: float = 0.0
    # Record the call at once, then take this long to answer (a sender may die meanwhile).
    slow_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> None:
        """Listen (again) on the same port."""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                if receiver.hang_s:
                    time.sleep(receiver.hang_s)
                with receiver.lock:
                    status = receiver.status
                    if status < 300:
                        receiver.calls.append(Received(self.path, dict(self.headers), body))
                if receiver.slow_s:
                    time.sleep(receiver.slow_s)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop listening: calls are refused until `start`."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def unique_keys(self) -> list[str]:
        """The Idempotency-Keys received, each once, in order of first arrival."""
        seen: dict[str, None] = {}
        for call in self.calls:
            seen.setdefault(call.headers["Idempotency-Key"], None)
        return list(seen)


@contextmanager
def webhook_receiver(**options: Any) -> Iterator[WebhookReceiver]:
    """A started receiver, stopped afterwards."""
    receiver = WebhookReceiver(**options)
    receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()


class MailBox:
    """aiosmtpd's handler: every message it accepts, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(**options: Any) -> Iterator[tuple[int, MailBox]]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1; yields its port and its mailbox."""
    box = MailBox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port, box
    finally:
        controller.stop()


def wait_for(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    """Poll until `condition()` holds; fail after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.05)
