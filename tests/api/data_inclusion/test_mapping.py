"""A place as data·inclusion's structure and service, field by field (docs/data-inclusion.md)."""

from datetime import date, timedelta
from typing import Any

from data_inclusion.schema import v1
from hypothesis import HealthCheck, assume, given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from api.data_inclusion.export import records_for
from api.data_inclusion.mapping import exportable, record_id, service_of, structure_of
from models.access_point import AccessPointPublic
from models.vocabulary import (
    AccessMode,
    Audience,
    Fees,
    NationalProgramme,
    Service,
    SpecificSupport,
    SupportMode,
)
from tests.conftest import make_access_point

DAY = date(2026, 10, 5)


def public(**overrides: Any) -> AccessPointPublic:
    place = make_access_point(**({"source": "dijon", "source_id": "grs-1"} | overrides))
    fields = place.model_dump()
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


# Any place our model accepts, exportable by its date and name, gives records the schema's own
# package accepts: the checks above in `mapping` cover every field the schema constrains more.
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=40)
_EMAIL = st.from_regex(r"\A[a-z0-9.!#_-]{1,20}@[a-z0-9.-]{1,20}\.[a-z]{1,6}\Z")
_URL = st.from_regex(r"\Ahttps?://[a-z0-9.:/\[\]@%_-]{1,30}\Z")


def _listed(values: list[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(st.sampled_from(values), max_size=4, unique=True)


@st.composite
def places(draw: st.DrawFn) -> AccessPointPublic:
    fields: dict[str, Any] = {
        "name": draw(st.text(min_size=3, max_size=150).filter(lambda t: len(t.strip()) >= 3)),
        "pivot": draw(st.none() | st.from_regex(r"\A[0-9A-Z]{9,14}\Z")),
        "emails": draw(st.lists(_EMAIL, max_size=2)),
        "websites": draw(st.lists(_URL, max_size=2)),
        "appointment_url": draw(st.none() | _URL),
        "accessibility_sheet_url": draw(
            st.none() | _URL | st.just("https://acceslibre.beta.gouv.fr/app/x/")
        ),
        "summary": draw(st.none() | _TEXT),
        "description": draw(st.none() | _TEXT),
        "services": draw(_listed(list(Service))),
        "audiences": draw(_listed(list(Audience))),
        "specific_support": draw(_listed(list(SpecificSupport))),
        "fees": draw(_listed(list(Fees))),
        "national_programmes": draw(_listed(list(NationalProgramme))),
        "access_modes": draw(_listed(list(AccessMode))),
        "support_modes": draw(_listed(list(SupportMode))),
        "phone": draw(st.none() | st.just("+33380488414")),
    }
    try:
        return public(**fields)
    except ValidationError:
        reject()


# The place strategy goes through the public model, which refuses some drawn combinations
# (reject()), and assume() drops places that are not exportable: on some runs more than
# Hypothesis's health check allows are discarded, though every kept example is checked.
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(places(), st.dates(date(2000, 1, 1), date.today() - timedelta(days=1)))
def test_any_exportable_place_validates_with_the_schema_package(
    place: AccessPointPublic, day: date
) -> None:
    assume(exportable(place, day, date.today()))
    structure, service = records_for(place, day, date.today())
    v1.Structure.model_validate(structure, context={"ignore_warnings": True})
    v1.Service.model_validate(service, context={"ignore_warnings": True})


def test_a_place_without_public_reception_and_odd_links_still_maps() -> None:
    place = public(
        access_modes=["Ce lieu n'accueille pas de public"],
        accessibility_sheet_url="http://]",
        emails=["accueil@mairie.test", "a@xn--zz.fr"],
    )
    service = service_of(place, DAY)
    assert service["modes_mobilisation"] == ["telephoner"]  # from the phone, as the hub does
    assert (service["courriel"], structure_of(place, DAY)["accessibilite_lieu"]) == (None, None)


def test_a_place_pulled_from_the_hub_goes_back_under_the_hub_identity() -> None:
    place = public(source="data-inclusion:dora", source_id="dora--pij-quetigny")
    structure, service = structure_of(place, DAY), service_of(place, DAY)
    assert (structure["source"], structure["id"]) == ("dora", "dora--pij-quetigny")
    assert (service["source"], service["structure_id"]) == ("dora", "dora--pij-quetigny")
