"""seed.formats.mapping_values: what each field accepts, and a cell or a constant to a value."""

from datetime import date

import pytest
from pydantic import ValidationError

from models.vocabulary import SupportMode
from seed.formats.mapping_values import (
    FIELDS,
    FieldOptions,
    constant,
    convert_cell,
    decimal,
    is_placeholder,
    ordered,
    parse_date,
    phone_to_e164,
)

NO_OPTIONS = FieldOptions()


def test_field_kinds_are_read_from_the_model() -> None:
    kinds = {name: (FIELDS[name].kind, FIELDS[name].is_list) for name in FIELDS}
    assert kinds["name"] == ("text", False)
    assert kinds["latitude"] == ("number", False)
    assert kinds["source_updated_on"] == ("date", False)
    assert kinds["phone"] == ("phone", False)
    assert kinds["opening_hours"] == ("hours", False)
    assert kinds["equipment"][0] == "equipment"
    assert kinds["support_modes"] == ("choice", True)
    assert FIELDS["support_modes"].choices == tuple(mode.value for mode in SupportMode)


def test_constant_of_a_list_field_may_be_one_text() -> None:
    assert constant(FIELDS["support_modes"], "En autonomie") == ["En autonomie"]


def test_constant_of_equipment_reads_unknown_counts() -> None:
    assert constant(FIELDS["equipment"], {"computer": "unknown", "printer": 1}) == {
        "computer": None,
        "printer": 1,
    }


def test_constant_of_equipment_must_be_a_table() -> None:
    with pytest.raises(ValueError, match="une table est attendue"):
        constant(FIELDS["equipment"], "computer")


def test_constant_refused_by_the_model_says_why() -> None:
    with pytest.raises(ValueError, match="Input should be"):
        constant(FIELDS["support_modes"], ["Seul"])
    assert constant(FIELDS["wheelchair_accessible"], "unknown") == "unknown"


def test_text_cell_collapses_spaces_long_text_keeps_lines() -> None:
    assert convert_cell(FIELDS["name"], NO_OPTIONS, "  PANDA   Grésilles ") == (
        "PANDA Grésilles",
        [],
    )
    assert convert_cell(FIELDS["description"], NO_OPTIONS, " Accès libre\nle mardi ") == (
        "Accès libre\nle mardi",
        [],
    )


def test_empty_and_placeholder_cells_are_none() -> None:
    options = FieldOptions(placeholders=("NC", "non communiqué"))
    assert convert_cell(FIELDS["phone"], options, "  ") == (None, [])
    assert convert_cell(FIELDS["phone"], options, "Non  Communiqué") == (None, [])
    assert is_placeholder(" nc ", ("NC",))
    assert not is_placeholder("NCA", ("NC",))


def test_number_and_date_cells() -> None:
    assert convert_cell(FIELDS["latitude"], NO_OPTIONS, "47,32968") == (47.32968, [])
    day = FieldOptions(date_format="%d/%m/%Y")
    assert convert_cell(FIELDS["source_updated_on"], day, "05/03/2021") == (date(2021, 3, 5), [])
    value, problems = convert_cell(FIELDS["source_updated_on"], NO_OPTIONS, "05/03/2021")
    assert value is None
    assert problems == [("05/03/2021", "n'est pas une date au format %Y-%m-%d")]


def test_phone_cell_takes_the_department_s_calling_code() -> None:
    assert convert_cell(FIELDS["phone"], NO_OPTIONS, "03 80 48 84 14") == ("+33380488414", [])
    assert convert_cell(FIELDS["phone"], NO_OPTIONS, "28 12 34", "988") == ("+687281234", [])


def test_choice_list_is_split_deduplicated_and_in_the_standard_s_order() -> None:
    cell = "Dans un atelier collectif | En autonomie|En autonomie||"
    assert convert_cell(FIELDS["support_modes"], NO_OPTIONS, cell) == (
        ["En autonomie", "Dans un atelier collectif"],
        [],
    )


def test_choice_with_fold_ignores_case_and_accents() -> None:
    options = FieldOptions(fold=True)
    assert convert_cell(FIELDS["support_modes"], options, "en AUTONOMIE") == (
        ["En autonomie"],
        [],
    )
    value, problems = convert_cell(FIELDS["support_modes"], NO_OPTIONS, "en AUTONOMIE")
    assert value == []
    assert problems[0][0] == "en AUTONOMIE"
    assert problems[0][1].startswith("n'est pas une valeur connue ; valeurs possibles : ")


def test_values_table_maps_codes_and_orders_as_the_standard() -> None:
    # The census' code_accomp, as seed/mappings/bfc-ternum.toml reads it.
    table = {
        "A": "En autonomie",
        "L": ["En autonomie", "Accompagnement individuel"],
        "G": "Dans un atelier collectif",
        "R": [],
    }
    options = FieldOptions(separator="-", values=table)
    assert convert_cell(FIELDS["support_modes"], options, "G-L-R") == (
        ["En autonomie", "Accompagnement individuel", "Dans un atelier collectif"],
        [],
    )


def test_unmapped_value_is_an_error_by_default() -> None:
    options = FieldOptions(separator="-", values={"A": "En autonomie"})
    assert convert_cell(FIELDS["support_modes"], options, "A-oui") == (
        ["En autonomie"],
        [("oui", "n'est pas une des valeurs prévues par la correspondance : A")],
    )


def test_unmapped_value_may_be_dropped() -> None:
    options = FieldOptions(separator="-", values={"A": "En autonomie"}, unmapped="drop")
    assert convert_cell(FIELDS["support_modes"], options, "A-oui") == (["En autonomie"], [])


def test_unmapped_value_may_be_kept_as_written() -> None:
    options = FieldOptions(separator="-", values={"P": "PANDA"}, unmapped="keep")
    assert convert_cell(FIELDS["networks"], options, "P-Réseau local") == (
        ["PANDA", "Réseau local"],
        [],
    )
    # A kept value must still be one of a choice field's values.
    value, problems = convert_cell(FIELDS["support_modes"], options, "oui")
    assert (value, problems[0][0]) == ([], "oui")


def test_keep_matching_skips_other_parts() -> None:
    options = FieldOptions(separator=" ", keep_matching=r"^https?://")
    cell = "exemple.fr https://www.dijon.fr"
    assert convert_cell(FIELDS["websites"], options, cell) == (["https://www.dijon.fr"], [])


def test_ordered_follows_the_values_table_for_free_lists() -> None:
    options = FieldOptions(values={"b": "Beta", "a": ["Alpha", "Beta"]})
    assert ordered(FIELDS["networks"], options, ["Zeta", "Alpha", "Beta", "Alpha"]) == [
        "Beta",
        "Alpha",
        "Zeta",
    ]
    assert ordered(FIELDS["networks"], None, ["b", "a", "b"]) == ["b", "a"]


def test_decimal() -> None:
    assert decimal("5,069047") == 5.069047
    with pytest.raises(ValueError, match=r"n'est pas un nombre \(exemple : 4\)"):
        decimal("cinq")
    with pytest.raises(ValueError, match="n'est pas un nombre fini"):
        decimal("inf")


def test_parse_date_with_and_without_format() -> None:
    assert parse_date("2022-12-30", None) == date(2022, 12, 30)
    assert parse_date("30.12.2022", "%d.%m.%Y") == date(2022, 12, 30)
    with pytest.raises(ValueError, match=r"^n'est pas une date au format %d\.%m\.%Y$"):
        parse_date("2022-12-30", "%d.%m.%Y")


def test_phone_to_e164() -> None:
    assert phone_to_e164("+33 3 80 48 84 14") == "+33380488414"
    assert phone_to_e164("0590 12 34 56") == "+590590123456"  # overseas: length checked only
    with pytest.raises(ValueError, match="n'est pas un numéro de téléphone valide"):
        phone_to_e164("03 80 48")
    with pytest.raises(ValueError, match="n'est pas un numéro de téléphone \\(attendu"):
        phone_to_e164("pas de numéro")


def test_field_options_refuse_unknown_keys() -> None:
    with pytest.raises(ValidationError):
        FieldOptions.model_validate({"separateur": "|"})
