"""seed.formats.base: row errors told to people and scripts, and the whole-file checks."""

from typing import Any

import pytest

from seed.formats.base import (
    MAX_COLUMNS,
    MAX_JSON_DEPTH,
    FormatError,
    RowError,
    check_depth,
    check_header,
)


def nested(depth: int) -> Any:
    """A list nested `depth` levels deep: [[[...]]]."""
    document: Any = []
    for _ in range(depth - 1):
        document = [document]
    return document


def test_as_text_names_line_column_value_and_reason() -> None:
    error = RowError(4, "code_postal", "2100", "n'est pas un code postal à 5 chiffres")
    assert error.as_text() == (
        "ligne 4 : code_postal = « 2100 » : n'est pas un code postal à 5 chiffres"
    )


def test_as_text_does_not_repeat_a_value_the_reason_names() -> None:
    error = RowError(4, "code_postal", "2100", "« 2100 » n'est pas un code postal")
    assert error.as_text() == "ligne 4 : code_postal : « 2100 » n'est pas un code postal"


@pytest.mark.parametrize("value", [None, ""])
def test_as_text_shows_an_empty_value_as_vide(value: str | None) -> None:
    error = RowError(2, "nom", value, "obligatoire selon le standard, mais vide")
    assert error.as_text() == "ligne 2 : nom = (vide) : obligatoire selon le standard, mais vide"


def test_as_text_cuts_a_long_value_and_names_control_characters() -> None:
    text = RowError(3, "nom", "\x1b[31m" + "x" * 100, "refusé").as_text()
    assert text.startswith("ligne 3 : nom = « <U+001B>[31m")
    assert text.endswith("… » : refusé")


def test_as_dict_keeps_the_value_for_scripts_but_printable() -> None:
    error = RowError(5, "horaires", ["Mo 09:00\x00", {"clé\x07": "v"}], "illisible")
    assert error.as_dict() == {
        "line": 5,
        "field": "horaires",
        "value": ["Mo 09:00<U+0000>", {"clé<U+0007>": "v"}],
        "reason": "illisible",
    }


def test_format_error_carries_both_languages() -> None:
    error = FormatError("le fichier est vide", en="the file is empty")
    assert (str(error), error.en) == ("le fichier est vide", "the file is empty")
    assert FormatError("le fichier est vide").en is None


def test_check_depth_accepts_the_limit_and_refuses_one_more() -> None:
    check_depth(nested(MAX_JSON_DEPTH))
    with pytest.raises(FormatError, match=r"^JSON imbriqué sur plus de 32 niveaux$") as caught:
        check_depth(nested(MAX_JSON_DEPTH + 1))
    assert caught.value.en == "JSON nested deeper than 32 levels"


def test_check_depth_counts_objects_and_lists_alike() -> None:
    document = {"data": [{"horaires": {"lundi": ["9h-12h"]}}]}  # 5 levels
    check_depth(document, limit=5)
    with pytest.raises(FormatError):
        check_depth(document, limit=4)


def test_check_depth_of_a_scalar_is_nothing() -> None:
    check_depth("texte", limit=0)


def test_check_depth_is_not_recursive() -> None:
    # Far deeper than Python's recursion limit: refused, not a RecursionError.
    with pytest.raises(FormatError):
        check_depth(nested(100_000))


def test_check_header_accepts_the_most_columns() -> None:
    check_header([f"c{n}" for n in range(MAX_COLUMNS)])


def test_check_header_refuses_one_column_too_many() -> None:
    with pytest.raises(FormatError, match=r"^l'en-tête a 501 colonnes : 500 au plus") as caught:
        check_header([f"c{n}" for n in range(MAX_COLUMNS + 1)])
    assert caught.value.en == "501 columns: at most 500 are accepted"


def test_check_header_names_the_column_with_a_control_character() -> None:
    with pytest.raises(
        FormatError, match=r"^l'objet 2 \(properties\), colonne 3 : caractère de contrôle U\+001B"
    ) as caught:
        check_header(["nom", "adresse", "\x1bcommune"], "l'objet 2 (properties)")
    assert caught.value.en == "column 3: control character U+001B not allowed"


def test_check_header_refuses_a_lone_surrogate() -> None:
    with pytest.raises(FormatError, match=r"demi-caractère UTF-16 isolé U\+DC80"):
        check_header(["nom\udc80"])
