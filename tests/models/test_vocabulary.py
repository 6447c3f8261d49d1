"""models/vocabulary.py: the national standard's closed lists and our own, as stored text."""

import csv
import json
import re
from enum import StrEnum

import pytest

from models.vocabulary import (
    Accessibility,
    AccessMode,
    Audience,
    Equipment,
    Fees,
    Mobility,
    NationalProgramme,
    PlaceStatus,
    Service,
    SpecificSupport,
    SupportMode,
    TrainingLabel,
)
from seed.loader import ACCESS_POINTS_FILE, read_seed_file
from tests.data_files import fixture

VOCABULARIES: list[type[StrEnum]] = [
    Service,
    Audience,
    SpecificSupport,
    Fees,
    NationalProgramme,
    TrainingLabel,
    AccessMode,
    SupportMode,
    Mobility,
    Equipment,
    Accessibility,
    PlaceStatus,
]
# A place's list fields and the vocabulary each one takes its values from.
LIST_FIELDS: dict[str, type[StrEnum]] = {
    "services": Service,
    "audiences": Audience,
    "specific_support": SpecificSupport,
    "fees": Fees,
    "national_programmes": NationalProgramme,
    "training_labels": TrainingLabel,
    "access_modes": AccessMode,
    "support_modes": SupportMode,
    "mobility": Mobility,
}
# The national standard's CSV columns (tests/fixtures/lieux-mediation-dijon.csv).
CSV_COLUMNS: dict[str, type[StrEnum]] = {
    "services": Service,
    "publics_specifiquement_adresses": Audience,
    "prise_en_charge_specifique": SpecificSupport,
    "frais_a_charge": Fees,
    "dispositif_programmes_nationaux": NationalProgramme,
    "formations_labels": TrainingLabel,
    "modalites_acces": AccessMode,
    "modalites_accompagnement": SupportMode,
    "itinerance": Mobility,
}


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_no_two_members_share_a_value(vocabulary: type[StrEnum]) -> None:
    # A repeated value would silently make an alias and drop a member from iteration.
    assert len(vocabulary.__members__) == len(list(vocabulary)) == len({*vocabulary})


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_value_reads_back_as_its_member_and_stores_as_plain_text(
    vocabulary: type[StrEnum],
) -> None:
    for member in vocabulary:
        assert vocabulary(member.value) is member
        assert str(member) == member.value
        assert json.loads(json.dumps(member)) == member.value


def test_every_value_of_the_seed_places_is_in_its_vocabulary() -> None:
    places = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    used = 0
    for place in places:
        for field, vocabulary in LIST_FIELDS.items():
            for value in place[field]:
                assert vocabulary(value).value == value
                used += 1
        assert Accessibility(place["wheelchair_accessible"])
        assert PlaceStatus(place["status"])
        for name in place["equipment"] or {}:
            assert Equipment(name)
    assert used > 0


def test_every_value_of_the_standard_csv_fixture_is_in_its_vocabulary() -> None:
    with fixture("lieux-mediation-dijon.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    values = [
        (vocabulary, value)
        for row in rows
        for column, vocabulary in CSV_COLUMNS.items()
        for value in filter(None, row[column].split("|"))
    ]
    assert (SupportMode, "Dans un atelier collectif") in values
    for vocabulary, value in values:
        assert vocabulary(value).value == value


@pytest.mark.parametrize(
    ("vocabulary", "near_miss"),
    [
        # The standard's pattern has no space before the parenthesis.
        (TrainingLabel, "Étapes numériques (La Poste)"),
        (Audience, "Etudiants"),
        (Fees, "gratuit"),
        (Service, "Aide aux démarches administratives "),
        (Equipment, "Computer"),
        (PlaceStatus, "temporarily closed"),
    ],
)
def test_near_miss_spellings_are_refused(vocabulary: type[StrEnum], near_miss: str) -> None:
    with pytest.raises(ValueError):
        vocabulary(near_miss)


def test_equipment_values_are_snake_case_identifiers() -> None:
    # Not from the standard: they are our JSON keys and query parameter values.
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", item.value) for item in Equipment)
