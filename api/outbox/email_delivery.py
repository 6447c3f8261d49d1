"""E-mails over SMTP (aiosmtplib): STARTTLS, implicit TLS or a plain local relay.

Each message carries `Message-ID: <idempotency key@panda-finder>` and `Idempotency-Key`, so
a message sent again after a crash can be recognised by the mail system or the reader.
"""

from email.message import EmailMessage
from email.utils import formatdate

import aiosmtplib

from api.outbox.outcome import DELIVERED, Outcome, failed
from api.outbox.store import Delivery
from api.settings import Settings

MESSAGE_ID_DOMAIN = "panda-finder"


def message_for(delivery: Delivery, sender: str) -> EmailMessage:
    """The e-mail of a claimed row: plain text in UTF-8."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = delivery.recipient or ""
    message["Subject"] = delivery.subject or ""
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = f"<{delivery.idempotency_key}@{MESSAGE_ID_DOMAIN}>"
    message["Idempotency-Key"] = delivery.idempotency_key
    # Tells mail systems and vacation responders that no person wrote it: no auto-reply.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(delivery.body or "", charset="utf-8")
    return message


async def send_email(delivery: Delivery, settings: Settings) -> Outcome:
    """Send one e-mail; an SMTP 5xx answer is permanent (the address is refused)."""
    if not delivery.recipient:
        return failed("adresse effacée", permanent=True)
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    try:
        await aiosmtplib.send(
            message_for(delivery, settings.smtp_from),
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            use_tls=settings.smtp_security == "tls",
            start_tls=settings.smtp_security == "starttls",
            timeout=settings.smtp_timeout_s,
            cert_bundle=settings.smtp_ca_file,
        )
    except aiosmtplib.SMTPResponseException as exc:
        return failed(f"SMTP {exc.code}", permanent=500 <= exc.code < 600)
    except aiosmtplib.SMTPRecipientsRefused:
        return failed("SMTP : destinataire refusé", permanent=True)
    except (aiosmtplib.SMTPTimeoutError, TimeoutError):
        return failed("SMTP : délai dépassé")
    except (aiosmtplib.SMTPException, OSError) as exc:
        return failed(f"SMTP : {type(exc).__name__}")
    return DELIVERED
