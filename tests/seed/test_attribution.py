"""seed.attribution: the credit line and licence of a source, stored, known or by default."""

from models.data_source import DataSource
from seed.attribution import KNOWN_SOURCES, SourceCredit, credit_for


def test_stored_row_wins_over_the_known_credit() -> None:
    stored = DataSource(
        name="mednum-bfc", attribution="MedNum BFC, recensement 2022", licence="Licence Ouverte"
    )
    assert credit_for("mednum-bfc", stored) == SourceCredit(
        "MedNum BFC, recensement 2022", "Licence Ouverte"
    )


def test_known_source_without_a_row_gets_its_known_credit() -> None:
    credit = credit_for("mednum-bfc")
    assert credit is KNOWN_SOURCES["mednum-bfc"]
    assert credit.attribution == "MedNum BFC (multi-coop/data-bfc-ternum)"


def test_unknown_source_is_credited_by_its_own_name() -> None:
    assert credit_for("ville-exemple") == SourceCredit("ville-exemple", "see source")


def test_stored_row_is_used_even_for_an_unknown_source() -> None:
    stored = DataSource(name="ville-exemple", attribution="Ville Exemple", licence="ODbL")
    assert credit_for("ville-exemple", stored) == SourceCredit("Ville Exemple", "ODbL")
