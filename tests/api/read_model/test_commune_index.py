"""api.read_model.commune_index over the bundled communes of France: codes, names, homonyms,
filters."""

import pytest

from api.http.errors import InvalidParameter
from api.read_model.commune_index import CommuneIndex, commune_codes, index_of
from models.commune import CommunePublic
from models.text import fold_place_name
from seed.communes import read_communes_file


@pytest.fixture(scope="module")
def communes() -> list[CommunePublic]:
    return [CommunePublic.model_validate(c.model_dump()) for c in read_communes_file().communes]


@pytest.fixture(scope="module")
def index(communes: list[CommunePublic]) -> CommuneIndex:
    return CommuneIndex(communes)


def codes(index: CommuneIndex, text: str) -> tuple[str, ...]:
    resolution = index.resolve(text)
    assert resolution.outcome == "found", (text, resolution.outcome)
    return resolution.codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21231", "21231"),
        ("Dijon", "21231"),
        ("  DIJON ", "21231"),
        ("chenove", "21166"),
        ("CHEVIGNY ST SAUVEUR", "21171"),
        ("Crimolois", "21452"),
        ("21000", "21231"),
        ("2a004", "2A004"),
        ("Dijon 21000", "21231"),
    ],
)
def test_resolve_code_name_former_name_postcode(
    index: CommuneIndex, text: str, expected: str
) -> None:
    assert codes(index, text)[0] == expected


def test_paris_brings_its_arrondissements(index: CommuneIndex) -> None:
    paris = codes(index, "Paris")
    assert paris[0] == "75056" and len(paris) == 21 and "75111" in paris
    assert codes(index, "75111") == ("75111",)


def test_shared_postcode_and_homonyms_are_ambiguous(index: CommuneIndex) -> None:
    assert index.resolve("21800").outcome == "ambiguous"
    # A five-digit text is an INSEE code first: 21121 is Bussy-la-Pesle, not the postcode.
    assert codes(index, "21121") == ("21121",)
    homonyms = index.resolve("Sainte-Colombe")
    assert homonyms.outcome == "ambiguous" and len(homonyms.communes) == 12
    department = homonyms.communes[0].department
    assert codes(index, f"Sainte-Colombe ({department})") == (homonyms.communes[0].insee_code,)


def test_unknown_text_is_unknown(index: CommuneIndex) -> None:
    for text in ("Atlantide", "99999", "", "Dijon (13)"):
        assert index.resolve(text).outcome == "unknown"


def test_commune_codes_errors_never_list_the_country(communes: list[CommunePublic]) -> None:
    class Model:
        pass

    model = Model()
    model.communes = communes  # type: ignore[attr-defined]
    with pytest.raises(InvalidParameter) as unknown:
        commune_codes(model, "Atlantide")  # type: ignore[arg-type]
    assert len(unknown.value.detail) < 300
    with pytest.raises(InvalidParameter) as ambiguous:
        commune_codes(model, "Beaulieu")  # type: ignore[arg-type]
    assert (
        "désigne 10 communes" in ambiguous.value.detail and "et 2 autres" in ambiguous.value.detail
    )
    assert index_of(model) is index_of(model)  # type: ignore[arg-type]


def test_select_filters_in_name_order(index: CommuneIndex) -> None:
    metropole = [index.communes[p].name for p in index.select(None, "242100410", None)]
    assert len(metropole) == 23 and metropole == sorted(metropole, key=fold_place_name)
    cote_dor = index.select("21", None, None)
    assert len(cote_dor) > 600
    named = [index.communes[p].name for p in index.select("21", None, "dij")]
    assert named == ["Dijon"]
    assert len(index.select(None, None, None)) == len(index)


def test_starting_with_is_a_contiguous_range(index: CommuneIndex) -> None:
    found = [index.communes[p].name for p in index.starting_with("Saint-Apo")]
    assert "Saint-Apollinaire" in found and all(n.startswith("Saint-Apo") for n in found)
    assert list(index.starting_with("zzzz")) == []
