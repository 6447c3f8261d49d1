"""A place as data·inclusion's structure and service, field by field (docs/data-inclusion.md)."""

from datetime import date
from typing import Any

from api.data_inclusion.mapping import exportable, record_id, service_of, structure_of
from models.access_point import AccessPointPublic
from tests.conftest import make_access_point

DAY = date(2026, 10, 5)


def public(**overrides: Any) -> AccessPointPublic:
    fields = make_access_point(source="dijon", source_id="grs-1", **overrides).model_dump()
    return AccessPointPublic.model_validate(fields | {"id": 7, "updated_at": "2026-10-05T08:00Z"})


RICH = {
    "pivot": "21210231500019",
    "address_complement": "Bâtiment B",
    "emails": ["contact@panda-dijon.fr"],
    "websites": ["https://www.dijon.fr/panda"],
    "summary": "Un lieu pour apprendre le numérique.",
    "description": "Des ordinateurs en libre accès et des médiateurs pour aider aux démarches.",
    "services": [
        "Aide aux démarches administratives",
        "Insertion professionnelle via le numérique",
    ],
    "audiences": ["Seniors", "Jeunes"],
    "specific_support": ["Surdité", "Illettrisme"],
    "fees": ["Gratuit sous condition", "Payant"],
    "national_programmes": ["Conseillers numériques", "France Services", "Certification PIX"],
    "access_modes": ["Se présenter", "Prendre un RDV en ligne"],
    "support_modes": ["Accompagnement individuel", "Dans un atelier collectif", "À distance"],
    "accessibility_sheet_url": "https://acceslibre.beta.gouv.fr/app/21-dijon/a/espace/erp/panda/",
    "appointment_url": "https://rdv.dijon.fr/panda",
}


def test_a_rich_place_is_a_structure_with_every_stated_fact() -> None:
    assert structure_of(public(**RICH), DAY) == {
        "source": "dijon",
        "id": "dijon--grs-1",
        "nom": "PANDA Grésilles",
        "date_maj": "2026-10-05",
        "description": RICH["description"],
        "lien_source": None,
        "siret": "21210231500019",
        "commune": "Dijon",
        "code_postal": "21000",
        "code_insee": "21231",
        "adresse": "14 rue Camille Claudel",
        "complement_adresse": "Bâtiment B",
        "longitude": 5.069047,
        "latitude": 47.32968,
        "telephone": "+33380488414",
        "courriel": "contact@panda-dijon.fr",
        "site_web": "https://www.dijon.fr/panda",
        "horaires_accueil": "Mo,Tu,Th 09:00-12:00,14:00-18:00; We 10:00-12:00,14:00-18:00; "
        "Fr,Sa 09:00-12:00,14:00-17:00",
        "accessibilite_lieu": RICH["accessibility_sheet_url"],
        "reseaux_porteurs": ["conseillers-numeriques", "france-service"],
    }


def test_a_rich_place_is_one_service_mapped_as_the_hub_maps_the_standard() -> None:
    service = service_of(public(**RICH), DAY)
    assert {k: service[k] for k in ("source", "structure_id", "id", "nom", "date_maj")} == {
        "source": "dijon",
        "structure_id": "dijon--grs-1",
        "id": "dijon--grs-1",
        "nom": "Service d'accompagnement au numérique",
        "date_maj": "2026-10-05",
    }
    assert service["thematiques"] == [
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
    ]
    assert (service["type"], service["frais"]) == ("atelier", "gratuit")
    assert service["publics"] == ["jeunes", "personnes-en-situation-de-handicap", "seniors"]
    assert service["publics_precisions"] == "Illettrisme, Jeunes, Seniors, Surdité"
    assert service["modes_accueil"] == ["a-distance", "en-presentiel"]
    assert service["modes_mobilisation"] == ["se-presenter", "utiliser-lien-mobilisation"]
    assert service["lien_mobilisation"] == "https://rdv.dijon.fr/panda"
    assert service["mobilisable_par"] == ["professionnels", "usagers"]
    assert service["zone_eligibilite"] == ["21"]
    assert service["description"] == RICH["description"]


def test_a_bare_place_states_only_what_the_hub_states_for_every_place() -> None:
    place = public(phone=None, opening_hours=None)
    service, structure = service_of(place, DAY), structure_of(place, DAY)
    assert service["description"] == (
        "Service d'accompagnement au numérique proposé par PANDA Grésilles, Dijon."
    )
    assert (service["thematiques"], service["type"], service["frais"]) == (None, None, None)
    assert service["publics"] == ["tous-publics"] and service["publics_precisions"] is None
    assert (service["modes_mobilisation"], service["modes_accueil"]) == (None, ["en-presentiel"])
    assert (structure["description"], structure["siret"], structure["reseaux_porteurs"]) == (
        None,
        None,
        None,
    )


def test_without_access_modes_the_means_of_contact_say_how_to_ask() -> None:
    place = public(emails=["a@b.fr"], appointment_url="https://rdv.example.fr/x")
    assert service_of(place, DAY)["modes_mobilisation"] == [
        "envoyer-un-courriel",
        "telephoner",
        "utiliser-lien-mobilisation",
    ]


def test_the_description_falls_back_to_the_summary_then_the_services() -> None:
    summary = public(summary="Un résumé du lieu.")
    services = public(
        services=["Loisirs et créations numériques", "Accès internet et matériel informatique"]
    )
    assert service_of(summary, DAY)["description"] == "Un résumé du lieu."
    assert service_of(services, DAY)["description"] == (
        "Accès internet et matériel informatique, Loisirs et créations numériques"
    )
    assert structure_of(public(description="Oui."), DAY)["description"] is None


def test_values_the_schema_would_refuse_are_left_out_not_altered() -> None:
    place = public(
        pivot="W212000123",
        emails=["accueil@mairie..fr", "accueil@chenove.fr"],
        accessibility_sheet_url="https://www.dijon.fr/accessibilite",
    )
    structure = structure_of(place, DAY)
    assert (structure["siret"], structure["courriel"]) == (None, "accueil@chenove.fr")
    assert structure["accessibilite_lieu"] is None
    assert structure_of(public(pivot="00000000000000"), DAY)["siret"] is None


def test_overseas_departments_keep_their_three_digits() -> None:
    place = public(postcode="97400", commune="Saint-Denis", insee_code="97411")
    assert service_of(place, DAY)["zone_eligibilite"] == ["974"]


def test_only_dated_places_with_a_name_the_schema_takes_are_exported() -> None:
    today = date(2026, 12, 1)
    assert exportable(public(), DAY, today)
    assert not exportable(public(), None, today)
    assert not exportable(public(), date(1999, 12, 31), today)
    assert not exportable(public(), date(2026, 12, 2), today)
    assert not exportable(public(name="Ab"), DAY, today)
    assert not exportable(public(name="A" * 151), DAY, today)
    assert record_id(public()) == "dijon--grs-1"
