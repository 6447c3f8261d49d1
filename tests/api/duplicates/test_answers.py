"""api.duplicates.answers: pairs side by side, filters, decisions and the report as JSON."""

from datetime import UTC, datetime

from api.duplicates.answers import decision_public, filtered, pair_public, report_public
from api.duplicates.decisions import Decided
from api.duplicates.report import build_report
from api.duplicates.state import DuplicateState
from models.duplicate import Decision
from tests.api.duplicates.factory import record

WHERE = {"address": "14 rue Camille Claudel"}


def _state() -> DuplicateState:
    records = [
        record(id=1, name="PANDA Grésilles", source="s", source_id="1", **WHERE),
        record(id=2, name="Centre multimédia des grésilles", source="s", source_id="2",
               phone=None, **WHERE),
    ]  # fmt: skip
    return DuplicateState(records, {})


def test_pair_public_both_sides() -> None:
    [pair] = _state().pairs()
    answer = pair_public(pair)
    assert (answer.score, answer.status, answer.decision, answer.distance_m) == (
        97,
        "grouped",
        None,
        0,
    )
    assert (answer.a.id, answer.a.phone, answer.b.name, answer.b.phone) == (
        1,
        "+33380488414",
        "Centre multimédia des grésilles",
        None,
    )
    assert answer.reasons[0] == "noms semblables (100 %)"


def test_filtered_by_commune_and_status() -> None:
    pairs = _state().pairs()
    assert filtered(pairs, "DIJON", None) == pairs
    assert filtered(pairs, "Talant", None) == []
    assert filtered(pairs, None, "to_review") == []


def test_decision_public_in_utc() -> None:
    when = datetime(2026, 12, 7, 23, 0)
    decided = Decided(1, 2, (("a", "1"), ("b", "2")), Decision.SPLIT, "cli", when)
    answer = decision_public(decided)
    assert (answer.a_source, answer.b_source_id, answer.decided_at) == (
        "a",
        "2",
        when.replace(tzinfo=UTC),
    )


def test_report_public_counts() -> None:
    answer = report_public(build_report(_state()))
    assert (answer.groups, answer.records_in_groups) == (1, 2)
    assert [c.model_dump() for c in answer.groups_by_commune] == [{"key": "Dijon", "groups": 1}]
