"""seed.validation_text: Pydantic's errors told to people, in French with an example, and in
English for API clients, never as a raw pattern."""

from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field, ValidationError, model_validator

from models.access_point import AccessPointCreate
from seed.validation_text import (
    ValueErrorFr,
    example_of,
    explain,
    field_name,
    shown,
    shown_en,
)

# PANDA Grésilles, as the seed holds it; tests break one field at a time.
GRESILLES: dict[str, Any] = {
    "name": "PANDA Grésilles",
    "address": "14 rue Camille Claudel",
    "postcode": "21000",
    "commune": "Dijon",
    "insee_code": "21231",
    "latitude": 47.32968,
    "longitude": 5.069047,
    "source": "mednum-bfc",
    "source_id": "mednumBFC_TL_2_",
}


def place_error(**broken: Any) -> dict[str, Any]:
    """The one error AccessPointCreate gives for PANDA Grésilles with `broken` fields."""
    with pytest.raises(ValidationError) as caught:
        AccessPointCreate.model_validate(GRESILLES | broken)
    (error,) = caught.value.errors()
    return dict(error)


class Query(BaseModel, extra="forbid"):
    """A made-up query of the kinds of parameters the API takes."""

    limit: int = Field(default=10, ge=1, le=100)
    radius_m: float = Field(default=1000, gt=0)
    format: Literal["json", "csv"] = "json"
    q: str = Field(default="x", min_length=1, max_length=5)
    start: str = Field(default="2025-07-14", min_length=3)


def query_error(**values: Any) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        Query.model_validate(values)
    (error,) = caught.value.errors()
    return dict(error)


def test_shown_quotes_text_and_cuts_it_at_the_limit() -> None:
    assert shown("21000") == "« 21000 »"
    assert shown("a" * 70) == f"« {'a' * 60}… »"
    assert shown("abc def", limit=4) == "« abc… »"  # cut, then the trailing space dropped


def test_shown_joins_pairs_and_writes_other_values_as_python_does() -> None:
    assert shown((47.3216, 5.0415)) == "« 47.3216, 5.0415 »"
    assert shown(None) == "« None »"
    assert shown(95) == "« 95 »"


def test_shown_names_control_characters_instead_of_echoing_them() -> None:
    assert shown("PANDA\x1b[2J") == "« PANDA<U+001B>[2J »"
    assert shown("\ud800") == "« <U+D800> »"


def test_shown_en_is_python_repr_of_text() -> None:
    assert shown_en("2100") == "'2100'"
    assert shown_en(95) == "'95'"


def test_field_name_is_the_last_named_part_of_the_location() -> None:
    assert field_name({"loc": ("query", "radius_m")}) == "radius_m"
    assert field_name({"loc": ("body", "websites", 0)}) == "websites"
    assert field_name({"loc": ("body",)}) == ""
    assert field_name({}) == ""


def test_example_of_known_and_unknown_names() -> None:
    assert example_of("code_postal") == "21000"
    assert example_of("nom_inconnu") is None


def test_pattern_mismatch_says_what_the_field_holds_in_both_languages() -> None:
    french, english = explain(place_error(postcode="2100"))
    assert french == "« 2100 » n'est pas un code postal à 5 chiffres (exemple : 21000)"
    assert english == "'2100' is not a 5-digit postcode"


def test_pattern_of_a_field_without_a_description_stays_generic() -> None:
    error = {"type": "string_pattern_mismatch", "loc": ("code",), "input": "x", "msg": "m"}
    assert explain(error) == ("« x » n'est pas de la forme attendue", "m")


def test_bound_is_written_without_a_useless_decimal() -> None:
    french, english = explain(place_error(latitude=95))
    assert french == "« 95 » doit être au plus 90 (exemple : 47.3216)"
    assert english == "Input should be less than or equal to 90"


def test_each_bound_has_its_words() -> None:
    assert explain(query_error(limit=0))[0] == "« 0 » doit être au moins 1 (exemple : 10)"
    assert explain(query_error(radius_m=0))[0] == "« 0 » doit être supérieur à 0 (exemple : 2000)"


def test_parsing_error_names_the_kind_expected() -> None:
    french, _ = explain(query_error(limit="dix"))
    assert french == "« dix » n'est pas un nombre entier (exemple : 10)"


def test_literal_lists_the_possible_values() -> None:
    french, _ = explain(query_error(format="xml"))
    assert french == (
        "« xml » n'est pas une valeur connue ; valeurs possibles : 'json', 'csv' (exemple : json)"
    )


def test_too_long_and_too_short() -> None:
    assert explain(query_error(q="abcdefgh"))[0] == (
        "« abcdefgh » est trop long (au plus 5) (exemple : 14 rue Camille Claudel Dijon)"
    )
    assert explain(query_error(q=""))[0] == (
        "vide, alors qu'une valeur est attendue (exemple : 14 rue Camille Claudel Dijon)"
    )
    assert explain(query_error(start="ab"))[0] == (
        "« ab » est trop court (au moins 3) (exemple : 2025-07-14)"
    )


def test_unknown_parameter_gets_no_example() -> None:
    assert explain(query_error(limite="3")) == (
        "paramètre inconnu : retirez-le ou corrigez son nom",
        "unknown parameter",
    )


def test_missing_field_shows_name_and_example_once() -> None:
    with pytest.raises(ValidationError) as caught:
        AccessPointCreate.model_validate({k: v for k, v in GRESILLES.items() if k != "postcode"})
    (error,) = caught.value.errors()
    assert explain(dict(error)) == (
        "obligatoire, mais absent (exemple : postcode=21000)",
        "Field required",
    )


def test_missing_field_without_example() -> None:
    error = {"type": "missing", "loc": ("body", "nom_inconnu"), "msg": "Field required"}
    assert explain(error)[0] == "obligatoire, mais absent"


def test_opening_hours_error_is_named_without_the_parser_trace() -> None:
    french, english = explain(place_error(opening_hours="lundi matin"))
    assert french == (
        "« lundi matin » n'est pas un horaire au format OpenStreetMap opening_hours "
        "(exemple : Mo-Fr 09:00-12:00,14:00-17:00)"
    )
    assert not english.startswith("Value error, ")


def test_validator_french_reason_is_used_as_is() -> None:
    class Window(BaseModel):
        day: str

        @model_validator(mode="after")
        def _check(self) -> "Window":
            raise ValueErrorFr("day is closed", "ce jour est fermé")

    with pytest.raises(ValidationError) as caught:
        Window(day="2025-07-14")
    french, english = explain(dict(caught.value.errors()[0]))
    assert (french, english) == ("ce jour est fermé", "day is closed")


def test_model_check_without_french_says_the_combination_is_refused() -> None:
    error = {"type": "value_error", "loc": (), "input": {"a": 1}, "msg": "Value error, a and b"}
    error["ctx"] = {"error": ValueError("a and b")}
    assert explain(error) == ("combinaison refusée : a and b", "a and b")


def test_closing_dates_in_the_wrong_order() -> None:
    message = "closed_until is before closed_from"
    error: dict[str, Any] = {"type": "value_error", "loc": ("closed_until",), "msg": message}
    error["input"] = "2025-07-01"
    error["ctx"] = {"error": ValueError(message)}
    assert explain(error)[0] == (
        "la fin de fermeture (closed_until) précède son début (closed_from) (exemple : 2025-08-31)"
    )


def test_union_tag_names_the_discriminator_and_its_values() -> None:
    error = {
        "type": "union_tag_invalid",
        "loc": ("hours",),
        "input": {},
        "msg": "m",
        "ctx": {"tag": "weekly", "discriminator": "'kind'", "expected_tags": "'osm', 'per_day'"},
    }
    assert explain(error)[0] == (
        "« weekly » n'est pas une valeur connue de 'kind' ; valeurs possibles : 'osm', 'per_day'"
    )


def test_other_kinds_fall_back_to_a_generic_reason_naming_the_field() -> None:
    error = {"type": "uuid_parsing", "loc": ("query", "token"), "input": "zz", "msg": "bad uuid"}
    assert explain(error) == ("« zz » n'est pas une valeur acceptée pour token", "bad uuid")
    assert explain(error | {"loc": ()})[0] == "« zz » n'est pas une valeur acceptée pour ce champ"


def test_explicit_name_wins_over_the_location() -> None:
    error = {"type": "int_parsing", "loc": ("query", "x"), "input": "a", "msg": "m"}
    assert explain(error, name="page")[0] == "« a » n'est pas un nombre entier (exemple : 2)"


def test_value_error_fr_is_a_value_error_with_both_texts() -> None:
    error = ValueErrorFr("in English", "en français")
    assert isinstance(error, ValueError)
    assert (str(error), error.fr) == ("in English", "en français")
