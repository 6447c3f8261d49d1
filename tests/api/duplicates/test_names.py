"""api.duplicates.names: what is left of a name to compare, its institutions and labels."""

from api.duplicates.names import acronym_of, core_tokens, name_parts


def test_name_parts_network_labels_and_commune_removed() -> None:
    assert name_parts("MSAP Saulieu", "Saulieu").core == ""
    assert name_parts("France services de Saulieu", "SAULIEU").core == ""
    assert name_parts("Maison de services au public d'Is-sur-Tille", "Is-sur-Tille").core == ""


def test_name_parts_msap_and_france_services_share_one_core() -> None:
    old = name_parts("MSAP Objectif Emploi", "Baume-les-Dames")
    new = name_parts("France services Objectif Emploi", "Baume-les-Dames")
    assert old.core == new.core == "objectif emploi"
    assert old.network and new.network


def test_name_parts_panda_and_digital_spaces() -> None:
    panda = name_parts("PANDA Grésilles", "Dijon")
    room = name_parts("Centre multimédia des grésilles", "Dijon")
    assert (panda.core, panda.network, panda.digital_space) == ("gresilles", True, False)
    assert (room.core, room.network, room.digital_space) == ("gresilles", False, True)


def test_name_parts_institution_kinds() -> None:
    assert name_parts("Mission Locale Sud Jura", "Lons").kinds == {"Mission Locale"}
    assert name_parts("Agence Pôle Emploi Dijon Nord", "Dijon").kinds == {"Pôle emploi"}
    assert name_parts("Médiathèque Champollion", "Dijon").kinds == {"bibliothèque"}
    assert name_parts("PANDA Grésilles", "Dijon").kinds == frozenset()


def test_name_parts_espace_numerique_cote_d_or() -> None:
    parts = name_parts("Espace Numérique Côte-d'Or de Saulieu", "Saulieu")
    assert (parts.core, parts.network) == ("", True)


def test_acronym_of_initials() -> None:
    assert acronym_of("ore", "ouverture rencontres evolution")
    assert not acronym_of("ore", "ouverture")
    assert not acronym_of("abc", "ouverture rencontres evolution")


def test_core_tokens_keep_distinctive_words() -> None:
    assert core_tokens(name_parts("PANDA Lab - Maison Phare MJC", "Dijon")) == ["maison", "phare"]
