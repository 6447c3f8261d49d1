"""E-mail over SMTP (api/outbox/email_delivery.py) to a real aiosmtpd server on 127.0.0.1:
STARTTLS and implicit TLS with credentials, a plain relay, refusals told without the address."""

import asyncio
import ssl
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from api.outbox.email_delivery import message_for, send_email
from api.outbox.store import Delivery
from api.settings import Settings
from models.outbox import Channel
from tests.api.outbox.receivers import smtp_server
from tests.live_server import free_port

DELIVERY = Delivery(
    id=7,
    channel=Channel.EMAIL,
    kind="session.cancelled",
    event=None,
    idempotency_key="0123456789abcdef0123456789abcdef",
    attempts=0,
    recipient="camille@example.org",
    subject="Séance annulée : Je recherche, je me connecte",
    body="Bonjour,\nla séance est annulée.",
)


def authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    """Accepts only relay / s3cret."""
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        b"relay",
        b"s3cret",
    )
    return AuthResult(success=ok)


def tls_files(tmp_path: Path) -> tuple[trustme.CA, Path]:
    """A certificate authority of the test's own, and its PEM for PANDA_SMTP_CA_FILE."""
    ca = trustme.CA()
    pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    return ca, pem


def settings(port: int, **overrides: Any) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_timeout_s=5, **overrides)


def test_message_for_carries_the_idempotency_key_and_no_reply() -> None:
    message = message_for(DELIVERY, "PANDA <ne-pas-repondre@dijon.fr>")
    assert message["Message-ID"] == "<0123456789abcdef0123456789abcdef@panda-finder>"
    assert message["Idempotency-Key"] == DELIVERY.idempotency_key
    assert (message["To"], message["From"]) == (
        "camille@example.org",
        "PANDA <ne-pas-repondre@dijon.fr>",
    )
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content() == "Bonjour,\nla séance est annulée.\n"


def test_send_email_over_starttls_with_credentials(tmp_path: Path) -> None:
    ca, pem = tls_files(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    options = {
        "tls_context": context,
        "require_starttls": True,
        "authenticator": authenticator,
        "auth_required": True,
    }
    with smtp_server(**options) as (port, box):
        chosen = settings(
            port,
            smtp_security="starttls",
            smtp_username="relay",
            smtp_password="s3cret",
            smtp_ca_file=str(pem),
        )
        outcome = asyncio.run(send_email(DELIVERY, chosen))
    assert outcome.delivered, outcome
    assert [m["Subject"] for m in box.messages] == [DELIVERY.subject]


def test_send_email_over_implicit_tls(tmp_path: Path) -> None:
    ca, pem = tls_files(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    with smtp_server(ssl_context=context) as (port, box):
        outcome = asyncio.run(
            send_email(DELIVERY, settings(port, smtp_security="tls", smtp_ca_file=str(pem)))
        )
    assert outcome.delivered and len(box.messages) == 1


def test_send_email_says_a_refusal_without_the_address() -> None:
    class Refusing:
        async def handle_RCPT(
            self, server: Any, session: Any, envelope: Any, address: str, options: Any
        ) -> str:
            return "550 5.1.1 <camille@example.org>: no such user"

    port = free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        outcome = asyncio.run(send_email(DELIVERY, settings(port, smtp_security="none")))
    finally:
        controller.stop()
    assert (outcome.delivered, outcome.permanent) == (False, True)
    assert "camille" not in outcome.error


def test_send_email_to_nobody_listening_is_retried() -> None:
    outcome = asyncio.run(send_email(DELIVERY, settings(free_port(), smtp_security="none")))
    assert (outcome.delivered, outcome.permanent) == (False, False)
    assert outcome.error.startswith("SMTP")
