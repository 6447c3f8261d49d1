"""api.duplicates.report: groups by commune and sources, pairs to review, conflicts."""

from api.duplicates.decisions import pair_key
from api.duplicates.report import build_report
from api.duplicates.state import DuplicateState
from models.duplicate import Decision
from tests.api.duplicates.factory import record

WHERE = {"address": "14 rue Camille Claudel"}


def test_report_counts_groups_and_conflicts() -> None:
    records = [
        record(id=1, name="PANDA Grésilles", source="census", phone="+33380488414", **WHERE),
        record(id=2, name="Centre multimédia des grésilles", source="city",
               phone="+33380000000", **WHERE),
        record(id=3, name="Accueil général du CCAS", source="city", phone=None,
               address="11 rue de l'Hôpital", latitude=47.3180, longitude=5.0340),
        record(id=4, name="CCAS / Service des interventions sociales", source="city", phone=None,
               address="11 rue de l'Hôpital", latitude=47.3180, longitude=5.0340),
    ]  # fmt: skip
    hours = {1: "Mo 09:00-12:00", 2: "Tu 09:00-12:00", 3: None, 4: None}
    report = build_report(DuplicateState(records, {}, hours))
    assert (report.groups, report.records_in_groups) == (1, 2)
    assert report.groups_by_commune == [("Dijon", 1)]
    assert report.groups_by_sources == [("census + city", 1)]
    assert [(p.a.id, p.b.id) for p in report.to_review] == [(3, 4)]
    assert [(c.a_id, c.b_id, c.fact) for c in report.conflicts] == [
        (1, 2, "horaires"),
        (1, 2, "téléphone"),
    ]


def test_report_split_pair_joined_through_a_third_record() -> None:
    where = {"address": "14 rue Camille Claudel", "phone": None}
    records = [
        record(id=1, name="PANDA Grésilles", source="s", source_id="1", **where),
        record(id=2, name="Centre multimédia des grésilles", source="s", source_id="2", **where),
        record(id=3, name="Médiathèque Champollion", source="s", source_id="3", **where),
    ]
    split = {pair_key(("s", "1"), ("s", "3")): Decision.SPLIT}
    report = build_report(DuplicateState(records, split))
    assert report.groups == 1
    assert [(c.a_id, c.b_id, c.fact) for c in report.conflicts] == [
        (1, 3, "séparés mais regroupés par un tiers")
    ]
