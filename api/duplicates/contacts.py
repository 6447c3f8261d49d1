"""Phones, e-mails, websites and SIRET numbers as comparable values."""

import re
from urllib.parse import urlsplit

from seed.sources.bfc_ternum import phone_to_e164

# Mailboxes anyone can open: a shared domain here says nothing about the organisation.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com", "hotmail.com", "hotmail.fr", "outlook.com", "outlook.fr", "yahoo.com",
        "yahoo.fr", "wanadoo.fr", "orange.fr", "free.fr", "sfr.fr", "laposte.net", "live.fr",
        "live.com", "aol.com", "icloud.com", "neuf.fr", "club-internet.fr", "bbox.fr",
    }
)  # fmt: skip
# Hosts that hold many organisations' pages: only the full address of the page counts.
SHARED_HOSTS = frozenset(
    {"facebook.com", "fr-fr.facebook.com", "instagram.com", "linkedin.com", "twitter.com"}
)


_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def e164(phone: str | None) -> str | None:
    """A French phone number in E.164; None when empty or unreadable."""
    if phone and _E164.match(phone):
        return phone  # stored places already hold E.164: no parsing needed
    try:
        return phone_to_e164(phone)
    except ValueError:
        return None


def email_domain(email: str) -> str:
    """The domain of an e-mail address, lower case."""
    return email.rpartition("@")[2].strip().lower()


def organisation_domains(emails: list[str]) -> frozenset[str]:
    """The e-mail domains that belong to an organisation (webmail left out)."""
    return frozenset(d for e in emails if (d := email_domain(e)) and d not in WEBMAIL_DOMAINS)


def website_key(url: str) -> str:
    """A site's host without « www. », plus its path when the host is shared by many."""
    text = url.strip() if "://" in url else f"http://{url.strip()}"
    try:
        parts = urlsplit(text)
    except ValueError:
        return url.strip().lower()
    host = (parts.hostname or "").removeprefix("www.")
    if host in SHARED_HOSTS:
        return f"{host}{parts.path.rstrip('/').lower()}"
    return host


def siret(pivot: str | None) -> str | None:
    """A SIRET or SIREN number, digits only; None when absent."""
    if not pivot:
        return None
    digits = "".join(c for c in pivot if c.isdigit())
    return digits or None
