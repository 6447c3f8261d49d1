"""The documented answers accept what the export gives, and the schema's package accepts them."""

from datetime import date

from data_inclusion.schema import v1

from api.data_inclusion.answers import DataInclusionService, DataInclusionStructure
from api.data_inclusion.export import records_for
from models.access_point import AccessPointPublic
from tests.conftest import make_access_point


def test_a_place_records_fit_both_our_document_and_the_schema() -> None:
    place = AccessPointPublic.model_validate(
        make_access_point(services=["Aide aux démarches administratives"]).model_dump()
        | {"id": 1, "updated_at": "2026-11-02T10:00:00Z"}
    )
    structure, service = records_for(place, date(2026, 11, 2), date(2026, 12, 1))
    DataInclusionStructure.model_validate(structure)
    DataInclusionService.model_validate(service)
    v1.Structure.model_validate(structure, context={"ignore_warnings": False})
    v1.Service.model_validate(service, context={"ignore_warnings": False})
