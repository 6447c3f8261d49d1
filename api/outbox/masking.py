"""Personal data as `panda outbox list` shows it: enough to recognise, not to use."""

import orjson

HIDDEN = "•••"


def mask_email(address: str | None) -> str:
    """camille.martin@example.org → c•••@e•••.org; wiped → —."""
    if not address or "@" not in address:
        return "—"
    local, _, domain = address.rpartition("@")
    name, dot, suffix = domain.rpartition(".")
    shown_domain = f"{name[:1]}{HIDDEN}{dot}{suffix}" if dot else f"{domain[:1]}{HIDDEN}"
    return f"{local[:1]}{HIDDEN}@{shown_domain}"


def mask_phone(phone: str | None) -> str:
    """+33612345678 → +33 6 ••• •• 78: the country, the first and the last two digits."""
    if not phone or len(phone) < 6:
        return "—"
    return f"{phone[:3]} {phone[3]} {HIDDEN} •• {phone[-2:]}"


def sms_recipient(body: str | None) -> str:
    """The masked phone of an `sms.requested` body; — once wiped or unreadable."""
    if not body:
        return "—"
    try:
        data = orjson.loads(body).get("data") or {}
    except (orjson.JSONDecodeError, AttributeError):
        return "—"
    phone = data.get("to") if isinstance(data, dict) else None
    return mask_phone(phone if isinstance(phone, str) else None)
