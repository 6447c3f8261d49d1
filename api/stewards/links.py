"""Steward links: issued for one place and one person, stored as a hash, revocable, expiring.

Made like API keys (api.auth.keys): a 256-bit random token, its public prefix to find the row, its
SHA-256 compared in constant time.
"""

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, Field
from sqlmodel import Session, select

from api.http.errors import AppError, NotFound
from models.access_point import AccessPoint
from models.steward import StewardLink

TOKEN_PREFIX = "st_"
DEFAULT_DAYS = 180
MAX_DAYS = 3 * 365
# The audit actor is `steward:<name>` in at most 100 characters.
ACTOR_PREFIX = "steward:"
MAX_NAME_LENGTH = 100 - len(ACTOR_PREFIX)
# How a history shows a steward's change: the audit record keeps the name, no reader sees it.
SHOWN_AS = "intendant du lieu"
PAGE_PATH = "/intendance/"
_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")


class StewardLinkRefused(AppError):
    """A link that is unknown, revoked or expired: 401, with what to do, in French."""

    status_code = 401


class StewardWrongPlace(AppError):
    """A valid link used for a place other than its own."""

    status_code = 403
    kind = "steward_wrong_place"


def _refused(kind: str, detail: str) -> StewardLinkRefused:
    error = StewardLinkRefused(detail)
    error.kind = kind
    return error


class StewardLinkPublic(BaseModel):
    """A link as the admin sees it: never its token."""

    id: int
    access_point_id: int
    steward_name: str
    actor_id: str = Field(
        description="The opaque id the history for the city team gives this steward's changes."
    )
    token_prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    email: str | None = Field(
        default=None, description="Where review reminders go (null: none are sent)."
    )
    last_reminded_at: datetime | None = None


class StewardLinkIssued(StewardLinkPublic):
    """A link just issued: its page's path, with the token, shown this once."""

    url: str


def hash_token(token: str) -> str:
    """SHA-256 of a token: tokens are 256-bit random, so a slow hash would add nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def actor(link: StewardLink) -> str:
    """The audit trail's name for this steward."""
    return f"{ACTOR_PREFIX}{link.steward_name}"[:100]


def is_steward(recorded_actor: str) -> bool:
    """Whether an audit record's actor is a steward (`steward:<name>`)."""
    return recorded_actor.startswith(ACTOR_PREFIX)


def opaque_id(recorded_actor: str) -> str:
    """`steward:` and 16 hex digits of the SHA-256 of a steward's audit actor, never the name."""
    # A pseudonym for the city team, not a secret (whoever guesses a name can compute it): only
    # admin answers carry it. Hashing the record, not the link, gives stored records an id too.
    return ACTOR_PREFIX + hashlib.sha256(recorded_actor.encode()).hexdigest()[:16]


def _aware(moment: datetime) -> datetime:
    # SQLite drops the zone; stored times are UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def public(link: StewardLink) -> StewardLinkPublic:
    """The admin's view of a link."""
    fields = link.model_dump() | {"actor_id": opaque_id(actor(link))}
    for name in ("created_at", "expires_at", "revoked_at", "last_used_at", "last_reminded_at"):
        if fields[name] is not None:
            fields[name] = _aware(fields[name])
    return StewardLinkPublic.model_validate(fields)


def clean_name(name: str) -> str:
    """The steward's name, trimmed; ValueError (French) when empty or too long."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("Le nom de la personne est vide.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(f"Le nom de la personne dépasse {MAX_NAME_LENGTH} caractères.")
    return cleaned


def clean_email(email: str | None) -> str | None:
    """A steward's e-mail address, trimmed; None when empty; ValueError (French) when not one."""
    cleaned = (email or "").strip()
    if not cleaned:
        return None
    if len(cleaned) > 254 or not _EMAIL.fullmatch(cleaned):
        raise ValueError(
            f"Adresse e-mail « {cleaned[:60]} » non reconnue (exemple : nom@ville.fr)."
        )
    return cleaned


def new_token() -> tuple[str, str]:
    """A fresh token and its public prefix."""
    prefix = secrets.token_hex(6)
    return f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", prefix


def issue(
    session: Session,
    place_id: int,
    name: str,
    days: int = DEFAULT_DAYS,
    email: str | None = None,
) -> tuple[StewardLink, str]:
    """Store a new link for a place and return it with its token (shown once, never stored)."""
    if session.get(AccessPoint, place_id) is None:
        raise NotFound(f"Aucun lieu n'a l'identifiant {place_id}.")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"La durée doit aller de 1 à {MAX_DAYS} jours.")
    token, prefix = new_token()
    link = StewardLink(
        access_point_id=place_id,
        steward_name=clean_name(name),
        email=clean_email(email),
        token_prefix=prefix,
        token_hash=hash_token(token),
        expires_at=datetime.now(UTC) + timedelta(days=days),
    )
    session.add(link)
    session.commit()
    session.refresh(link)
    return link, token


def page_url(token: str) -> str:
    """The path of the steward's page for a token."""
    return f"{PAGE_PATH}{token}"


def verify(session: Session, token: str, now: datetime) -> StewardLink:
    """The link a token opens; StewardLinkRefused when unknown, revoked or expired."""
    prefix = token.removeprefix(TOKEN_PREFIX).split("_", 1)[0]
    link = session.exec(select(StewardLink).where(StewardLink.token_prefix == prefix)).first()
    expected = link.token_hash if link else None
    if link is None:
        # A reminder's token opens the same link (api.reviews): found by its own prefix.
        query = select(StewardLink).where(StewardLink.mail_token_prefix == prefix)
        link = session.exec(query).first()
        expected = link.mail_token_hash if link else None
    # Compare even when no link matched, so timing does not reveal which prefixes exist.
    expected = expected or hash_token("")
    if not hmac.compare_digest(expected, hash_token(token)) or link is None:
        raise _refused(
            "steward_link_invalid",
            "Ce lien d'intendance n'est pas valide : vérifiez qu'il a été copié en entier, "
            "ou demandez-en un nouveau à l'équipe de la Métropole.",
        )
    if link.revoked_at is not None:
        raise _refused(
            "steward_link_revoked",
            "Ce lien d'intendance a été retiré : demandez-en un nouveau à l'équipe de la "
            "Métropole.",
        )
    if _aware(link.expires_at) <= now:
        raise _refused(
            "steward_link_expired",
            f"Ce lien d'intendance a expiré le {_aware(link.expires_at):%d/%m/%Y} : demandez-en "
            "un nouveau à l'équipe de la Métropole.",
        )
    return link


def check_place(link: StewardLink, place_id: int) -> None:
    """StewardWrongPlace unless the link is for this place."""
    if link.access_point_id != place_id:
        raise StewardWrongPlace(
            "Ce lien d'intendance est celui d'un autre lieu : il ne permet pas de modifier "
            "celui-ci."
        )


def listed(session: Session, place_id: int | None = None) -> list[StewardLink]:
    """Every link, or those of one place, oldest first."""
    query = select(StewardLink)
    if place_id is not None:
        query = query.where(StewardLink.access_point_id == place_id)
    return list(session.exec(query.order_by(StewardLink.id)))  # type: ignore[arg-type]


def revoke(session: Session, link_id: int) -> StewardLink:
    """Revoke a link at once (again: it keeps its first revocation time); NotFound otherwise."""
    link = session.get(StewardLink, link_id)
    if link is None:
        raise NotFound(f"Aucun lien d'intendance n'a l'identifiant {link_id}.")
    if link.revoked_at is None:
        link.revoked_at = datetime.now(UTC)
        session.add(link)
        session.commit()
        session.refresh(link)
    return link
