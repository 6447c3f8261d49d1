"""api.duplicates.evaluation: labels, the fixed split, figures, reading a census file."""

from pathlib import Path

import pytest

from api.duplicates.evaluation import (
    Figures,
    LabelledPair,
    census_records,
    figures,
    measure,
    read_labels,
)
from tests.data_files import fixture, project_file


def test_read_labels_census_pairs_counts() -> None:
    labels = read_labels(fixture("duplicates/census_pairs.csv"))
    counts = {name: sum(p.label == name for p in labels) for name in ("SAME", "DISTINCT", "UNSURE")}
    assert counts == {"SAME": 36, "DISTINCT": 298, "UNSURE": 26}
    assert all(p.reason for p in labels)
    assert len({(p.a, p.b) for p in labels}) == len(labels)


def test_read_labels_refuses_unknown_label(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("a,b,label,reason\nx,y,MAYBE,?\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown label 'MAYBE' for x / y"):
        read_labels(path)


def test_part_is_a_fixed_hash_of_the_pair_in_either_order() -> None:
    one = LabelledPair("mednumBFC_TL_2_", "mednumBFC_TL_38_", "SAME", "")
    other = LabelledPair("mednumBFC_TL_38_", "mednumBFC_TL_2_", "SAME", "")
    assert one.part == other.part
    labels = read_labels(fixture("duplicates/census_pairs.csv"))
    held = sum(p.part == "held_out" for p in labels)
    assert held == 131


def test_figures_skip_unsure_and_count() -> None:
    pairs = [
        LabelledPair("a", "b", "SAME", ""),
        LabelledPair("a", "c", "SAME", ""),
        LabelledPair("b", "c", "DISTINCT", ""),
        LabelledPair("c", "d", "UNSURE", ""),
    ]
    result = figures(pairs, lambda p: p.a == "a" or p.a == "b" or p.a == "c")
    assert result == Figures(same=2, distinct=1, flagged=3, true_positive=2)
    assert (round(result.precision, 2), result.recall) == (0.67, 1.0)


def test_figures_nothing_flagged() -> None:
    result = figures([LabelledPair("a", "b", "SAME", "")], lambda p: False)
    assert (result.precision, result.recall) == (1.0, 0.0)


def test_census_records_from_the_sample_through_the_mapping() -> None:
    records = census_records(
        fixture("bfc-ternum-sample.csv"), project_file("seed/mappings/bfc-ternum.toml")
    )
    panda = records["mednumBFC_TL_2_"]
    assert (panda.name, panda.phone, panda.commune_key) == (
        "PANDA Grésilles",
        "+33380488414",
        "21:dijon",
    )
    assert len(records) == 12


def test_measure_on_the_sample_with_written_labels(tmp_path: Path) -> None:
    records = census_records(
        fixture("bfc-ternum-sample.csv"), project_file("seed/mappings/bfc-ternum.toml")
    )
    ids = sorted(records)
    labels = [LabelledPair(ids[0], ids[1], "DISTINCT", "")]
    part = labels[0].part
    result = measure(records, labels, part)
    assert set(result) == {"grouped", "flagged", "national"}
    assert result["grouped"].distinct == 1
