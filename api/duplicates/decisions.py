"""People's decisions on pairs: confirm (the same place) or split (not the same), audited.

Keyed on the two records' (source, source_id), so a decision outlives re-imports. Two
decisions on one pair at once leave one standing decision (the later write) and one audit
entry each: the decision is written with one INSERT … ON CONFLICT DO UPDATE, which both
SQLite and PostgreSQL run atomically, never a read followed by a write.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from api.http.errors import AppError, NotFound
from models.access_point import AccessPoint
from models.duplicate import Decision, DuplicateDecision, DuplicateDecisionAudit

SourceKey = tuple[str, str]
PairKey = tuple[SourceKey, SourceKey]


class SameRecord(AppError):
    """A record cannot be the duplicate of itself."""

    status_code = 422
    kind = "duplicate_same_record"


class UnknownPlace(NotFound):
    """A place named in a decision does not exist."""

    kind = "duplicate_place_not_found"


@dataclass(frozen=True, slots=True)
class Decided:
    """A decision as it stands after a write: the pair by ids and keys, what, by whom, when."""

    a_id: int
    b_id: int
    pair: PairKey
    decision: Decision
    decided_by: str
    decided_at: datetime


def pair_key(a: SourceKey, b: SourceKey) -> PairKey:
    """The pair in its stored order: the smaller (source, source_id) first."""
    return (a, b) if a <= b else (b, a)


def decide(session: Session, a_id: int, b_id: int, decision: Decision, actor: str) -> Decided:
    """Record a decision on two places and its audit entry, then commit; 4xx on bad input."""
    if a_id == b_id:
        raise SameRecord(
            f"le lieu {a_id} ne peut pas être le doublon de lui-même : "
            "donnez deux lieux différents",
            en=f"place {a_id} cannot be its own duplicate",
        )
    a, b = _place(session, a_id), _place(session, b_id)
    pair = pair_key((a.source, a.source_id), (b.source, b.source_id))
    (a_src, a_sid), (b_src, b_sid) = pair
    now = datetime.now(UTC)
    values = {"a_source": a_src, "a_source_id": a_sid, "b_source": b_src, "b_source_id": b_sid}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(DuplicateDecision).values(
        **values, decision=decision.value, decided_by=actor, decided_at=now
    )
    statement = statement.on_conflict_do_update(
        index_elements=["a_source", "a_source_id", "b_source", "b_source_id"],
        set_={"decision": decision.value, "decided_by": actor, "decided_at": now},
    )
    session.execute(statement)
    session.add(
        DuplicateDecisionAudit(
            a_source=a_src,
            a_source_id=a_sid,
            b_source=b_src,
            b_source_id=b_sid,
            decision=decision,
            actor=actor,
            at=now,
        )
    )
    session.commit()
    ids = sorted((a, b), key=lambda p: (p.source, p.source_id))
    return Decided(ids[0].id or 0, ids[1].id or 0, pair, decision, actor, now)


def _place(session: Session, place_id: int) -> AccessPoint:
    place = session.get(AccessPoint, place_id)
    if place is None:
        raise UnknownPlace(
            f"aucun lieu n'a l'id {place_id} : vérifiez-le (panda duplicates list)",
            en=f"no place has id {place_id}",
        )
    return place


def standing(session: Session) -> dict[PairKey, DuplicateDecision]:
    """Every standing decision, by pair."""
    rows = session.exec(select(DuplicateDecision)).all()
    return {((r.a_source, r.a_source_id), (r.b_source, r.b_source_id)): r for r in rows}


def audit_of(session: Session, pairs: Iterable[PairKey]) -> list[DuplicateDecisionAudit]:
    """The audit entries of some pairs, oldest first."""
    wanted = set(pairs)
    rows = session.exec(select(DuplicateDecisionAudit).order_by(col(DuplicateDecisionAudit.id)))
    return [r for r in rows if ((r.a_source, r.a_source_id), (r.b_source, r.b_source_id)) in wanted]
