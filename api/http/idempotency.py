"""`Idempotency-Key` on writes that create (draft-ietf-httpapi-idempotency-key-header).

A client that sends a key and loses the answer (a dropped connection, a crash) sends the same
request again with the same key: it gets the first answer, marked `Idempotent-Replayed:
true`, and nothing is written twice. The same key with another request (another body or
another address) is refused with 422 `idempotency_key_reused`.

The key is reserved in the write's own transaction, before the write, and its answer is
stored before the commit: a crash leaves the write and its key together, or neither. A second
request with the same key waits for the first (PostgreSQL's unique index, SQLite's write
lock) and then replays its answer. Only a success is remembered: a refused request changes
nothing, so sending it again with the same key does it again.

Keys belong to the API key that sent them and are kept a day (then api.workshops.purge_task deletes
them); only hashes of the key and of the request are stored, and answers without the
personal data they carried (see `remember`).
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from api import clock
from api.http.errors import AppError
from models.idempotency import IdempotentRequest
from models.workshop import as_utc
from seed.locking import begin_write

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEPT = timedelta(days=1)
MAX_LENGTH = 255
# Printable ASCII, no space: a UUID, or the draft's quoted form ("...") of one.
PATTERN = r"^[!-~]{1,255}$"
HEADER_DOC = (
    "Optional, any 1 to 255 printable ASCII characters without space (a UUID v4 is best, "
    'quoted or not: `"8e03978e-…"` and `8e03978e-…` are the same key). A retry with the same '
    "key and the same request gets the first answer again (same status and body, with "
    "`Idempotent-Replayed: true`) and writes nothing; the same key with another body or "
    "address gets 422 `idempotency_key_reused`. Keys belong to the API key sending them and "
    "are forgotten after 24 hours."
)

# The 422 of a route taking the header, for its OpenAPI `responses`.
REUSED_422 = (
    "Invalid parameter or body; or `idempotency_key_reused`: the Idempotency-Key served "
    "another request."
)

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=HEADER,
        min_length=1,
        max_length=MAX_LENGTH,
        pattern=PATTERN,
        description=HEADER_DOC,
        examples=["8e03978e-40d5-43e8-bc93-6894a57f9324"],
    ),
]


class KeyReused(AppError):
    """The key already served another request of the same client."""

    status_code = 422
    kind = "idempotency_key_reused"


class KeyInFlight(AppError):
    """The key is held by a request that has not answered (never committed so: defensive)."""

    status_code = 409
    kind = "idempotency_key_in_flight"


@dataclass(frozen=True)
class Claim:
    """A key as stored: hashed with its client, and the request hashed with the key."""

    fingerprint: str
    request_hash: str


def claim(key: str | None, client: str, request: Request, body: BaseModel) -> Claim | None:
    """The claim of a request's key (None without one), for `client` (`key:<id>`); `body` is
    the validated body, so that a retry serialised otherwise (key order, spaces) is the same
    request."""
    if key is None:
        return None
    raw = key[1:-1] if len(key) > 2 and key[0] == key[-1] == '"' else key
    fingerprint = hashlib.sha256(f"{client}\n{raw}".encode()).hexdigest()
    what = [request.method, request.url.path, body.model_dump(mode="json")]
    text = json.dumps(what, sort_keys=True, separators=(",", ":"))
    # Keyed by the client's key: a booking's hash cannot be matched to guessed personal data.
    request_hash = hmac.new(raw.encode(), text.encode(), hashlib.sha256).hexdigest()
    return Claim(fingerprint, request_hash)


def reserve(session: Session, claim: Claim) -> IdempotentRequest:
    """The key's record: its earlier answer when it has one (`answered`), or a new record
    held by the session's write transaction until it commits, whose answer the caller sets
    with `remember` before committing. KeyReused when the key served another request."""
    now = clock.utc_now()
    if (earlier := _earlier(session, claim, now)) is not None:
        return earlier
    begin_write(session)
    # Expired, but not purged yet: forgotten now.
    session.execute(
        delete(IdempotentRequest)
        .where(col(IdempotentRequest.fingerprint) == claim.fingerprint)
        .where(col(IdempotentRequest.created_at) < now - KEPT)
    )
    record = IdempotentRequest(
        fingerprint=claim.fingerprint, request_hash=claim.request_hash, created_at=now
    )
    session.add(record)
    try:
        session.flush()
    except IntegrityError:
        # Another request with this key committed first: its answer is this one's.
        session.rollback()
        if (earlier := _earlier(session, claim, now)) is None:
            raise
        return earlier
    return record


def answered(record: IdempotentRequest) -> bool:
    """Whether the record holds an earlier answer to replay (not one just reserved)."""
    return record.status_code is not None


def remember(
    session: Session,
    record: IdempotentRequest,
    status_code: int,
    body: dict[str, Any],
    headers: dict[str, str],
    resource_id: int | None,
) -> None:
    """Store the answer in the reserving transaction; the caller commits. `body` must hold
    no personal data: what `replay` needs of it is read back from `resource_id`'s row."""
    record.status_code = status_code
    record.body = body
    record.headers = headers
    record.resource_id = resource_id
    session.add(record)


def replay(record: IdempotentRequest, body: dict[str, Any] | None = None) -> JSONResponse:
    """The earlier answer again (`body`: the stored one with its personal data put back)."""
    headers = (record.headers or {}) | {REPLAYED: "true"}
    content = record.body if body is None else body
    return JSONResponse(content, status_code=record.status_code or 200, headers=headers)


def forget_expired(session: Session, now: datetime) -> int:
    """Delete the keys older than a day; how many."""
    result = session.execute(
        delete(IdempotentRequest).where(col(IdempotentRequest.created_at) < now - KEPT)
    )
    session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _earlier(session: Session, claim: Claim, now: datetime) -> IdempotentRequest | None:
    record = session.get(IdempotentRequest, claim.fingerprint, populate_existing=True)
    if record is None or as_utc(record.created_at) < now - KEPT:
        return None
    if not hmac.compare_digest(record.request_hash, claim.request_hash):
        raise KeyReused(
            "cette clé Idempotency-Key a déjà servi à une autre requête (autre corps ou autre "
            "adresse) : rien n'a été fait ; envoyez une nouvelle clé pour une nouvelle requête",
            en="this Idempotency-Key was already used for another request (another body or "
            "address): nothing was done; send a new key for a new request",
        )
    if not answered(record):
        raise KeyInFlight(
            "une requête avec cette clé Idempotency-Key est en cours : réessayez dans un instant",
            headers={"Retry-After": "1"},
            en="a request with this Idempotency-Key is in progress: retry in a moment",
        )
    return record
