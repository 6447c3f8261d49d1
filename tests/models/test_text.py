"""models.text: folding names typed by people so that case, accents and punctuation never
decide a match; `fold_place_name` also spells out St / Ste."""

import pytest

from models.text import fold, fold_place_name
from seed.loader import ACCESS_POINTS_FILE, COMMUNES_FILE, read_seed_file

SEED_PLACE_NAMES = [e["name"] for e in read_seed_file(ACCESS_POINTS_FILE)["access_points"]]
SEED_COMMUNE_NAMES = [c["name"] for c in read_seed_file(COMMUNES_FILE)["communes"]]


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Médiathèque Michel Etiévant", "mediatheque michel etievant"),
        ("Chenôve", "chenove"),
        ("Fontaine-lès-Dijon", "fontaine les dijon"),
        ("L'Abscisse", "l abscisse"),
        ("eb-Lab Co-working", "eb lab co working"),
        ("Atheneum. Centre culturel universitaire", "atheneum centre culturel universitaire"),
        ("  PANDA -- 1er mai ", "panda 1er mai"),
        ("ÉCOLE", "ecole"),
    ],
)
def test_fold_lowers_strips_accents_and_turns_punctuation_into_single_spaces(
    typed: str, folded: str
) -> None:
    assert fold(typed) == folded


def test_fold_decomposes_compatibility_characters_and_casefolds() -> None:
    # NFKD turns the "ﬁ" ligature into two letters; casefold turns ß into ss.
    assert fold("ﬁbre") == "fibre"
    assert fold("Straße") == "strasse"


def test_fold_gives_only_lower_case_ascii_letters_digits_and_single_spaces() -> None:
    for name in SEED_PLACE_NAMES + SEED_COMMUNE_NAMES:
        folded = fold(name)
        assert folded == folded.strip()
        assert "  " not in folded
        assert all(c.isdigit() or c == " " or "a" <= c <= "z" for c in folded), name


def test_fold_is_idempotent_and_ignores_what_people_vary() -> None:
    for name in SEED_PLACE_NAMES:
        assert fold(fold(name)) == fold(name)
        assert fold(name.upper()) == fold(name) == fold(name.lower())


def test_fold_of_text_without_letters_is_empty() -> None:
    assert fold(" -- '. ") == ""
    assert fold("") == ""


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("CHEVIGNY ST SAUVEUR", "chevigny saint sauveur"),
        ("Chevigny-Saint-Sauveur", "chevigny saint sauveur"),
        ("st-apollinaire", "saint apollinaire"),
        ("Ste-Apolline", "sainte apolline"),
        # Whole words only: "Stade" and "first" keep their letters.
        ("Stade de la Ste Marie", "stade de la sainte marie"),
        ("first", "first"),
    ],
)
def test_fold_place_name_spells_out_saint_and_sainte(typed: str, folded: str) -> None:
    assert fold_place_name(typed) == folded


def test_fold_place_name_meets_the_seed_communes_abbreviated() -> None:
    for name in SEED_COMMUNE_NAMES:
        abbreviated = name.upper().replace("SAINT-", "ST ").replace("-", " ")
        assert fold_place_name(abbreviated) == fold_place_name(name)


@pytest.mark.xfail(
    reason="bug: fold drops œ/æ (NFKD keeps the ligature, then it is punctuation), so "
    "« Cœuvres-et-Valsery » folds to « c uvres et valsery » and never meets « Coeuvres »",
    strict=True,
)
def test_fold_spells_out_ligatures_as_people_type_them() -> None:
    assert fold("Cœuvres-et-Valsery") == fold("Coeuvres-et-Valsery")
