"""The MedNum BFC converter and the Dijon seed it builds."""

from datetime import date, datetime
from pathlib import Path

import pytest

from models.access_point import AccessPointCreate
from models.commune import Commune, CommuneBase
from models.opening_hours import PARIS, is_open
from seed import build_dijon_seed
from seed.sources.bfc_ternum import (
    HOUR_COLUMNS,
    half_days_to_osm,
    phone_to_e164,
    resolve_commune,
    row_to_access_point,
)
from tests.data_files import fixture, project_file, reference
from tests.seed import seed_communes

TUESDAY_10H = datetime(2025, 3, 4, 10, 0, tzinfo=PARIS)
# Places of tests/fixtures/bfc-ternum-sample.csv inside Dijon Métropole (lines 2 to 8).
SAMPLE_METROPOLE_IDS = [
    "mednumBFC_TL_2_",
    "mednumBFC_TL_5_",
    "mednumBFC_TL_66_",
    "mednumBFC_TL_68_",
    "mednumBFC_TL_69_",
    "mednumBFC_TL_122_",
    "mednumBFC_TL_697_",
]


@pytest.fixture(scope="module")
def communes() -> list[Commune]:
    """The 23 communes, as the seed holds them."""
    return seed_communes()


@pytest.fixture(scope="module")
def places(communes: list[Commune]) -> list[AccessPointCreate]:
    """The places of the census-shaped sample that lie in Dijon Métropole."""
    return build_dijon_seed.read_access_points(fixture("bfc-ternum-sample.csv"), communes)


@pytest.fixture(scope="module")
def census_places() -> list[AccessPointCreate]:
    """Every place of the real census that lies in Dijon Métropole (reference data)."""
    communes = build_dijon_seed.read_communes(reference(build_dijon_seed.COMMUNES_CSV))
    return build_dijon_seed.read_access_points(reference(build_dijon_seed.DATASET_CSV), communes)


def reference_folder() -> Path:
    """The folder of the two reference files the seed builder reads (both must be there)."""
    reference(build_dijon_seed.DATASET_CSV)
    return reference(build_dijon_seed.COMMUNES_CSV).parent


def week(cells: dict[str, str] | None = None) -> dict[str, str]:
    """The 14 half-day columns, empty except those given."""
    return {**dict.fromkeys(HOUR_COLUMNS, ""), **(cells or {})}


def invented_row(**overrides: str) -> dict[str, str]:
    """A made-up census row in Dijon, with only the mandatory facts."""
    row = {
        "bfc_id": "test_1_",
        "mise_a_jour": "",
        "lon": "5.04",
        "lat": "47.32",
        "adresse": "1 rue Imaginaire",
        "code_postal": "21000",
        "ville": "DIJON",
        "nom_structure": "Lieu inventé",
        "url_lieu": "",
        "contact_email": "",
        "contact_tel": "",
        "code_typo": "",
        "code_label": "",
        "code_accomp": "",
        **week(),
    }
    row.update(overrides)
    return row


def test_half_days_to_osm_groups_consecutive_identical_days() -> None:
    weekdays = ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
    cells = {f"{day} matin": "9h-12h" for day in weekdays}
    cells.update({f"{day} après-midi": "14h-18h" for day in weekdays})
    cells["samedi matin"] = "9h-12h"
    assert half_days_to_osm(week(cells)) == "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"


def test_half_days_to_osm_reads_minutes() -> None:
    assert half_days_to_osm(week({"jeudi matin": "8h30-12h"})) == "Th 08:30-12:00"


def test_half_days_to_osm_joins_touching_half_days() -> None:
    hours = half_days_to_osm(week({"mardi matin": "10h-12h", "mardi après-midi": "12h-17h"}))
    assert hours == "Tu 10:00-17:00"


def test_half_days_to_osm_all_empty_is_none() -> None:
    assert half_days_to_osm(week()) is None


def test_half_days_to_osm_dashes_only_is_none() -> None:
    assert half_days_to_osm(dict.fromkeys(HOUR_COLUMNS, "-")) is None


def test_half_days_to_osm_malformed_cell_raises_naming_column_and_value() -> None:
    with pytest.raises(
        ValueError,
        match=r"^mercredi après-midi: horaire illisible \(exemple : 8h30-12h\) '14h18h'$",
    ):
        half_days_to_osm(week({"mercredi après-midi": "14h18h"}))


def test_half_days_to_osm_reversed_range_raises() -> None:
    impossible = r"horaire impossible : heure invalide ou fermeture avant l'ouverture"
    with pytest.raises(
        ValueError, match=rf"^lundi matin: {impossible} \(exemple : 8h30-12h\) '14h-12h'$"
    ):
        half_days_to_osm(week({"lundi matin": "14h-12h"}))


def test_phone_to_e164_formats_spaced_national_number() -> None:
    assert phone_to_e164("03 80 48 84 14") == "+33380488414"


def test_phone_to_e164_empty_is_none() -> None:
    assert phone_to_e164("  ") is None


def test_phone_to_e164_invalid_raises() -> None:
    with pytest.raises(ValueError, match="not a valid phone number"):
        phone_to_e164("03 80 48")


def test_resolve_commune_reads_abbreviated_saint(communes: list[Commune]) -> None:
    commune = resolve_commune("CHEVIGNY ST SAUVEUR", "21800", communes)
    assert commune is not None
    assert (commune.insee_code, commune.name) == ("21171", "Chevigny-Saint-Sauveur")


def test_resolve_commune_name_decides_within_shared_postcode(communes: list[Commune]) -> None:
    commune = resolve_commune("DAIX", "21121", communes)
    assert commune is not None
    assert commune.insee_code == "21223"


def test_resolve_commune_postcode_alone_is_none(communes: list[Commune]) -> None:
    assert resolve_commune("", "21121", communes) is None


def test_resolve_commune_former_name_gives_merged_commune(communes: list[Commune]) -> None:
    commune = resolve_commune("CRIMOLOIS", "21800", communes)
    assert commune is not None
    assert commune.name == "Neuilly-Crimolois"


def test_resolve_commune_outside_metropole_is_none(communes: list[Commune]) -> None:
    assert resolve_commune("COUCHEY", "21160", communes) is None


def test_resolve_commune_homonym_in_other_department_is_none(communes: list[Commune]) -> None:
    assert resolve_commune("TALANT", "71240", communes) is None


def test_row_to_access_point_outside_metropole_is_none(communes: list[Commune]) -> None:
    row = invented_row(ville="BEAUNE", code_postal="21200")
    assert row_to_access_point(row, 2, communes) is None


def test_row_to_access_point_free_access_gives_two_support_modes(
    communes: list[Commune],
) -> None:
    place = row_to_access_point(invented_row(code_accomp="L-L-A-R"), 2, communes)
    assert place is not None
    assert place.support_modes == ["En autonomie", "Accompagnement individuel"]


def test_row_to_access_point_maps_networks_panda_first(communes: list[Commune]) -> None:
    place = row_to_access_point(invented_row(code_label="APTIC-DM-P"), 2, communes)
    assert place is not None
    assert place.networks == ["PANDA", "Réseau Dijon métropole"]


def test_row_to_access_point_maps_msap_to_france_services(communes: list[Commune]) -> None:
    place = row_to_access_point(invented_row(code_label="MSAP-BFC"), 2, communes)
    assert place is not None
    assert place.national_programmes == ["France Services"]


def test_row_to_access_point_non_panda_equipment_is_unknown(communes: list[Commune]) -> None:
    place = row_to_access_point(invented_row(code_label="DM"), 2, communes)
    assert place is not None
    assert (place.equipment, place.services) == (None, [])


def test_row_to_access_point_drops_bare_domain_website(communes: list[Commune]) -> None:
    place = row_to_access_point(invented_row(url_lieu="exemple.fr"), 2, communes)
    assert place is not None
    assert place.websites == []


def test_row_to_access_point_collapses_address_spaces(communes: list[Commune]) -> None:
    place = row_to_access_point(invented_row(adresse="Mairie  - BP 77 "), 2, communes)
    assert place is not None
    assert place.address == "Mairie - BP 77"


def test_row_to_access_point_bad_coordinate_names_line_and_field(
    communes: list[Commune],
) -> None:
    with pytest.raises(ValueError, match=r"^line 7: latitude: "):
        row_to_access_point(invented_row(lat="47,32"), 7, communes)


def test_row_to_access_point_model_error_names_line_and_field(
    communes: list[Commune],
) -> None:
    with pytest.raises(ValueError, match=r"^line 9: address: "):
        row_to_access_point(invented_row(adresse="  "), 9, communes)


def test_conversion_keeps_only_the_places_in_the_metropole(
    places: list[AccessPointCreate],
) -> None:
    assert [place.source_id for place in places] == SAMPLE_METROPOLE_IDS


def test_conversion_places_all_in_the_23_communes(
    places: list[AccessPointCreate], communes: list[Commune]
) -> None:
    codes = {commune.insee_code for commune in communes}
    assert len(codes) == 23
    assert {place.insee_code for place in places} <= codes


def test_conversion_panda_network_includes_universite_without_p_code(
    places: list[AccessPointCreate],
) -> None:
    panda = [place.name for place in places if "PANDA" in place.networks]
    assert panda == [
        "PANDA Grésilles",
        "PANDA Lab - Maison Phare MJC",
        "PANDA Montchapet",
        "PANDA Université",
    ]


def test_conversion_panda_gresilles_open_tuesday_10h(places: list[AccessPointCreate]) -> None:
    (gresilles,) = [place for place in places if place.name == "PANDA Grésilles"]
    assert is_open(gresilles.opening_hours, TUESDAY_10H)


@pytest.mark.reference
def test_census_conversion_keeps_68_places_10_in_panda(
    census_places: list[AccessPointCreate],
) -> None:
    panda = [place.name for place in census_places if "PANDA" in place.networks]
    assert (len(census_places), len(panda)) == (68, 10)
    assert "PANDA Université" in panda


@pytest.mark.reference
def test_seed_access_points_file_matches_builder() -> None:
    built = build_dijon_seed.build(reference_folder())[build_dijon_seed.ACCESS_POINTS_JSON]
    committed = project_file(f"seed/data/{build_dijon_seed.ACCESS_POINTS_JSON}")
    assert committed.read_text(encoding="utf-8") == built


@pytest.mark.reference
def test_seed_communes_file_matches_builder() -> None:
    built = build_dijon_seed.build(reference_folder())[build_dijon_seed.COMMUNES_JSON]
    committed = project_file(f"seed/data/{build_dijon_seed.COMMUNES_JSON}")
    assert committed.read_text(encoding="utf-8") == built


def test_resolve_commune_homonyms_sharing_a_postcode_are_refused() -> None:
    # Two made-up communes of one name and one postcode: the row cannot say which it is.
    twins = [
        CommuneBase(
            insee_code=code, name="Ville Double", postcode="21999", latitude=47.0, longitude=5.0
        )
        for code in ("21998", "21999")
    ]
    with pytest.raises(ValueError, match=r"names several communes"):
        resolve_commune("VILLE DOUBLE", "21999", twins)


def test_resolve_commune_postcode_separates_homonyms_of_one_department() -> None:
    homonyms = [
        CommuneBase(insee_code="21998", name="Ville Double", postcode="21998", latitude=47.0,
                    longitude=5.0),
        CommuneBase(insee_code="21999", name="Ville Double", postcode="21999", latitude=47.1,
                    longitude=5.1),
    ]  # fmt: skip
    commune = resolve_commune("Ville double", "21999", homonyms)
    assert commune is not None
    assert commune.insee_code == "21999"


def test_phone_to_e164_unparseable_text_raises() -> None:
    with pytest.raises(ValueError, match=r"^not a phone number: 'pas de numéro'$"):
        phone_to_e164("pas de numéro")


def test_row_to_access_point_reads_census_date(communes: list[Commune]) -> None:
    place = row_to_access_point(invented_row(mise_a_jour="05/03/2021"), 2, communes)
    assert place is not None
    assert place.source_updated_on == date(2021, 3, 5)


def test_row_to_access_point_iso_date_is_refused_naming_the_field(
    communes: list[Commune],
) -> None:
    with pytest.raises(
        ValueError, match=r"^line 4: source_updated_on: not a DD/MM/YYYY date: '2021-03-05'$"
    ):
        row_to_access_point(invented_row(mise_a_jour="2021-03-05"), 4, communes)


def test_row_to_access_point_unknown_support_code_is_refused(communes: list[Commune]) -> None:
    # `oui` is the fault of line 11 of the census-shaped sample.
    with pytest.raises(ValueError, match=r"^line 11: support_modes: unknown code 'OUI'$"):
        row_to_access_point(invented_row(code_accomp="oui"), 11, communes)


def test_row_to_access_point_support_modes_without_repeats_in_standard_order(
    communes: list[Commune],
) -> None:
    place = row_to_access_point(invented_row(code_accomp="G-RDV-a-L-R"), 2, communes)
    assert place is not None
    assert place.support_modes == [
        "En autonomie",
        "Accompagnement individuel",
        "Dans un atelier collectif",
    ]


def test_row_to_access_point_tiers_lieu_typology_only(communes: list[Commune]) -> None:
    place = row_to_access_point(invented_row(code_typo="M-TL-I"), 2, communes)
    assert place is not None
    assert place.typology == ["TIERS_LIEUX"]


def test_row_to_access_point_panda_name_without_code_gets_the_network(
    communes: list[Commune],
) -> None:
    place = row_to_access_point(invented_row(nom_structure="PANDA Essai"), 2, communes)
    assert place is not None
    assert place.networks == ["PANDA"]
    assert place.equipment == {"computer": None}


def test_row_to_access_point_infinite_coordinate_is_refused(communes: list[Commune]) -> None:
    with pytest.raises(ValueError, match=r"^line 3: longitude: not a finite number: 'inf'$"):
        row_to_access_point(invented_row(lon="inf"), 3, communes)
