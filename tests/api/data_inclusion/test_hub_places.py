"""The hub's structures and digital services as rows of our places."""

from datetime import date

from api.data_inclusion.hub_places import is_digital, rows_of
from tests.api.data_inclusion.fake_hub import hub_records


def rows_by_id(insee_codes: frozenset[str] | None = None) -> dict[str, dict[str, object]]:
    records = hub_records()
    rows = rows_of(records["structures"], records["services"], insee_codes)
    return {str(row.fields["source_id"]): row.fields for row in rows}


def test_only_structures_with_a_digital_service_become_places() -> None:
    assert list(rows_by_id()) == [
        "mediation-numerique--panda-gresilles",
        "mediation-numerique--epn-chenove",
        "dora--pij-quetigny",
        "mediation-numerique--essai-beaune",
    ]


def test_a_structure_and_its_service_give_the_place_they_state() -> None:
    fields = rows_by_id()["mediation-numerique--panda-gresilles"]
    assert fields == {
        "source": "data-inclusion:mediation-numerique",
        "source_id": "mediation-numerique--panda-gresilles",
        "name": "PANDA Grésilles",
        "address": "14 rue Camille Claudel",
        "postcode": "21000",
        "commune": "Dijon",
        "insee_code": "21231",
        "latitude": 47.32968,
        "longitude": 5.069047,
        "opening_hours": "Mo-Tu 09:00-12:00,14:00-18:00; We 10:00-12:00,14:00-18:00; "
        "Th 09:00-12:00,14:00-18:00; Fr-Sa 09:00-12:00,14:00-17:00",
        "description": "Accès internet et matériel informatique",
        "source_updated_on": date(2021, 3, 5),
        "services": ["Accès internet et matériel informatique"],
        "support_modes": ["En autonomie"],
        "access_modes": ["Se présenter", "Téléphoner"],
        "fees": ["Gratuit"],
        "national_programmes": ["Conseillers numériques"],
        "phone": "+33380488414",
    }


def test_only_the_digital_services_of_a_structure_are_read() -> None:
    fields = rows_by_id()["dora--pij-quetigny"]
    assert fields["source"] == "data-inclusion:dora"
    assert fields["audiences"] == ["Jeunes"]
    assert fields["support_modes"] == ["En autonomie"]
    assert fields["address_complement"] == "Espace Pierre Desproges"
    assert "latitude" not in fields  # the engine geocodes it
    assert fields["source_updated_on"] == date(2020, 6, 16)  # not the housing service's date


def test_remote_help_and_booking_links_are_kept() -> None:
    fields = rows_by_id()["mediation-numerique--epn-chenove"]
    assert fields["support_modes"] == ["Accompagnement individuel", "À distance"]
    assert fields["services"] == [
        "Aide aux démarches administratives",
        "Maîtrise des outils numériques du quotidien",
    ]
    assert fields["audiences"] == ["Jeunes", "Seniors"]
    assert fields["appointment_url"] == "https://www.ville-chenove.fr/espace-public-numerique"


def test_an_epci_keeps_its_communes_only() -> None:
    metropole = frozenset({"21231", "21166", "21515"})
    assert "mediation-numerique--essai-beaune" not in rows_by_id(metropole)
    assert len(rows_by_id(metropole)) == 3


def test_a_phone_that_cannot_be_read_is_the_row_error() -> None:
    records = hub_records()
    records["structures"][0]["telephone"] = "36 46"
    rows = rows_of(records["structures"][:1], records["services"][:1])
    error = rows[0].errors[0]
    assert (error.line, error.field, error.value) == (
        1,
        "telephone [mediation-numerique--panda-gresilles]",
        "36 46",
    )
    assert error.reason.startswith("n'est pas un numéro de téléphone")


def test_digital_means_the_numerique_category() -> None:
    assert is_digital({"thematiques": ["numerique--acquerir-un-equipement"]})
    assert not is_digital({"thematiques": ["trouver-un-emploi--maintien-dans-lemploi"]})
    assert not is_digital({"thematiques": None})


def test_a_record_repeated_by_the_paging_is_read_once() -> None:
    records = hub_records()
    structures = records["structures"] + records["structures"][:2]
    services = records["services"] + records["services"][:1]
    assert len(rows_of(structures, services)) == 4
