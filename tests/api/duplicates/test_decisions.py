"""api.duplicates.decisions: confirm/split keyed on (source, source_id), audited, refused
for a place named twice or unknown (nothing written), and lasting through re-imports."""

import pytest
from sqlmodel import Session, select

from api.duplicates.decisions import SameRecord, UnknownPlace, audit_of, decide, pair_key, standing
from models.access_point import AccessPoint
from models.duplicate import Decision, DuplicateDecision, DuplicateDecisionAudit
from seed.upsert import upsert_access_points
from tests.conftest import make_access_point


def _two(session: Session) -> tuple[int, int]:
    places = [
        make_access_point(source="city", source_id="z-1"),
        make_access_point(source="census", source_id="a-2", name="Centre multimédia"),
    ]
    upsert_access_points(session, places)
    session.commit()
    rows = session.exec(select(AccessPoint).order_by(AccessPoint.source)).all()  # type: ignore[arg-type]
    return rows[1].id or 0, rows[0].id or 0  # city, census


def test_pair_key_orders_by_source_then_id() -> None:
    assert pair_key(("z", "1"), ("a", "9")) == (("a", "9"), ("z", "1"))
    assert pair_key(("a", "1"), ("a", "2")) == (("a", "1"), ("a", "2"))


def test_decide_stores_one_decision_and_audits_each(session: Session) -> None:
    city, census = _two(session)
    first = decide(session, city, census, Decision.CONFIRM, "Ville de Dijon")
    assert (first.a_id, first.b_id) == (census, city)
    assert first.pair == (("census", "a-2"), ("city", "z-1"))
    second = decide(session, census, city, Decision.SPLIT, "cli:camille")
    assert second.decision == Decision.SPLIT
    [row] = standing(session).values()
    assert (row.decision, row.decided_by) == ("split", "cli:camille")
    trail = audit_of(session, [first.pair])
    assert [(e.decision, e.actor) for e in trail] == [
        ("confirm", "Ville de Dijon"),
        ("split", "cli:camille"),
    ]


def test_decide_same_record_refused_nothing_written(session: Session) -> None:
    city, _ = _two(session)
    with pytest.raises(SameRecord) as refused:
        decide(session, city, city, Decision.CONFIRM, "x")
    assert (refused.value.status_code, refused.value.kind) == (422, "duplicate_same_record")
    assert session.exec(select(DuplicateDecisionAudit)).all() == []


def test_decide_unknown_place_refused_nothing_written(session: Session) -> None:
    city, _ = _two(session)
    with pytest.raises(UnknownPlace) as refused:
        decide(session, city, 999_999, Decision.SPLIT, "x")
    assert (refused.value.status_code, refused.value.kind) == (404, "duplicate_place_not_found")
    assert "aucun lieu n'a l'id 999999" in refused.value.detail
    assert session.exec(select(DuplicateDecision)).all() == []


def test_decision_survives_a_reimport_of_both_records(session: Session) -> None:
    city, census = _two(session)
    decided = decide(session, city, census, Decision.SPLIT, "Ville de Dijon")
    upsert_access_points(
        session,
        [
            make_access_point(source="city", source_id="z-1", phone="+33380000001"),
            make_access_point(source="census", source_id="a-2", name="Centre multimédia"),
        ],
    )
    session.commit()
    assert standing(session)[decided.pair].decision == "split"
