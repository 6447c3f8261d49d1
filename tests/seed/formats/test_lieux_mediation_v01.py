"""seed.formats.lieux_mediation_v01: v0.1 values translated to v1, by the field each goes to."""

from models.vocabulary import (
    Audience,
    Fees,
    NationalProgramme,
    Service,
    SpecificSupport,
    SupportMode,
    TrainingLabel,
)
from seed.formats.lieux_mediation_v01 import V01_VALUES, translate_v01


def test_label_with_its_explanation_is_read_by_its_label() -> None:
    values = ["Prendre en main un ordinateur : savoir utiliser la souris et le clavier"]
    assert translate_v01("services", values) == {"services": [str(Service.EVERYDAY_TOOLS)]}


def test_curly_apostrophe_reads_as_straight() -> None:
    assert translate_v01("services", ["S’équiper en matériel informatique"]) == {
        "services": [str(Service.AFFORDABLE_EQUIPMENT)]
    }


def test_split_column_sends_each_value_to_its_v1_field() -> None:
    values = ["Seniors (+ 65 ans)", "Surdité", "Jeunes (16-26 ans)"]
    assert translate_v01("audiences", values) == {
        "audiences": [str(Audience.SENIORS), str(Audience.YOUNG_PEOPLE)],
        "specific_support": [str(SpecificSupport.DEAFNESS)],
    }


def test_labels_go_to_programmes_or_training_labels() -> None:
    assert translate_v01("national_programmes", ["CNFS", "Fabriques de Territoire"]) == {
        "national_programmes": [str(NationalProgramme.DIGITAL_ADVISERS)],
        "training_labels": [str(TrainingLabel.FABRIQUES)],
    }


def test_values_without_a_v1_equivalent_are_dropped() -> None:
    assert translate_v01("fees", ["Adhésion", "Gratuit"]) == {"fees": [str(Fees.FREE)]}
    assert translate_v01("support_modes", ["A ma place"]) == {"support_modes": []}


def test_unknown_values_are_kept_as_written_for_the_model_to_refuse() -> None:
    assert translate_v01("fees", ["Prix libre : selon les moyens"]) == {
        "fees": ["Prix libre : selon les moyens"]
    }


def test_fields_without_a_table_keep_their_values() -> None:
    assert translate_v01("typology", ["TIERS_LIEUX"]) == {"typology": ["TIERS_LIEUX"]}


def test_the_column_s_own_field_is_always_present() -> None:
    assert translate_v01("audiences", ["Déficience visuelle"]) == {
        "audiences": [],
        "specific_support": [str(SpecificSupport.VISUAL_IMPAIRMENT)],
    }
    assert translate_v01("services", []) == {"services": []}


def test_support_modes_of_v01() -> None:
    values = ["Seul", "Avec de l'aide", "Dans un atelier"]
    assert translate_v01("support_modes", values) == {
        "support_modes": [
            str(SupportMode.SELF_SERVICE),
            str(SupportMode.INDIVIDUAL),
            str(SupportMode.GROUP_WORKSHOP),
        ]
    }


def test_every_translation_is_a_value_of_the_v1_vocabulary() -> None:
    vocabularies = {
        "services": Service,
        "audiences": Audience,
        "specific_support": SpecificSupport,
        "fees": Fees,
        "national_programmes": NationalProgramme,
        "training_labels": TrainingLabel,
        "support_modes": SupportMode,
    }
    for table in V01_VALUES.values():
        for target in table.values():
            if target is not None:
                field, value = target
                assert value in {str(member) for member in vocabularies[field]}
