"""Every value the mapping gives is one of data·inclusion v1's, from its own package."""

from typing import get_args

from data_inclusion.schema import v1

from api.data_inclusion import answers
from api.data_inclusion import vocabulary as v
from models.vocabulary import Audience, Fees, NationalProgramme, Service, SupportMode


def test_each_of_our_services_gives_thematiques_of_the_schema() -> None:
    given = {t for values in v.THEMATIQUES.values() for t in values}
    assert set(v.THEMATIQUES) == set(Service)
    assert given <= {t.value for t in v1.Thematique}
    assert {t.split("--")[0] for t in given} == {
        "numerique",
        "difficultes-administratives-ou-juridiques",
        "preparer-sa-candidature",
        "remobilisation",
        "famille",
    }


def test_every_table_names_values_of_the_schema() -> None:
    assert set(v.TYPES.values()) <= {t.value for t in v1.TypeService}
    assert set(v.TYPE_PRIORITY) == set(v.TYPES.values())
    assert set(v.MODES_MOBILISATION.values()) <= {m.value for m in v1.ModeMobilisation}
    assert set(v.FRAIS) == set(Fees) and set(v.FRAIS.values()) == {f.value for f in v1.Frais}
    assert set(v.PUBLICS) == set(Audience)
    publics = {*v.PUBLICS.values(), *v.PUBLICS_BY_SUPPORT.values(), v.ALL_PUBLICS}
    assert publics <= {p.value for p in v1.Public}
    assert set(v.RESEAUX_PORTEURS) < set(NationalProgramme)
    assert set(v.RESEAUX_PORTEURS.values()) <= {r.value for r in v1.ReseauPorteur}
    assert set(v.MOBILISABLE_PAR) == {p.value for p in v1.PersonneMobilisatrice}
    assert SupportMode.REMOTE not in v.TYPES


def test_the_documented_answer_lists_exactly_what_the_tables_give() -> None:
    thematiques = {t for values in v.THEMATIQUES.values() for t in values}
    publics = {*v.PUBLICS.values(), *v.PUBLICS_BY_SUPPORT.values(), v.ALL_PUBLICS}
    assert set(get_args(answers.Thematique)) == thematiques
    assert set(get_args(answers.TypeService)) == set(v.TYPES.values())
    assert set(get_args(answers.Frais)) == set(v.FRAIS.values())
    assert set(get_args(answers.Public)) == publics
    assert set(get_args(answers.ModeMobilisation)) == set(v.MODES_MOBILISATION.values())
    assert set(get_args(answers.ReseauPorteur)) == set(v.RESEAUX_PORTEURS.values())
    assert set(get_args(answers.PersonneMobilisatrice)) == set(v.MOBILISABLE_PAR)
    assert set(get_args(answers.ModeAccueil)) == {m.value for m in v1.ModeAccueil}
