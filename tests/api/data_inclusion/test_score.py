"""Our `score_qualite` equals the hub's own function (data-inclusion-schema's score_qualite) on
any service the schema accepts, to the last bit."""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pendulum
import pytest
from data_inclusion.schema import v1
from data_inclusion.schema.v1 import score_qualite
from hypothesis import given, settings
from hypothesis import strategies as st

from api.data_inclusion.score import score

TODAY = date(2026, 12, 7)


@pytest.fixture(autouse=True, scope="module")
def hub_clock() -> Iterator[None]:
    """The package reads the clock (pendulum.now()): here it says noon on TODAY."""
    noon = pendulum.datetime(2026, 12, 7, 12, tz="Europe/Paris")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pendulum, "now", lambda *args, **kwargs: noon)
        yield


def some(values: list[str]) -> st.SearchStrategy[list[str] | None]:
    return st.none() | st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True)


services = st.fixed_dictionaries(
    {
        "source": st.sampled_from(["dijon", "mednum-bfc", "agefiph", "france-travail"]),
        "date_maj": st.integers(0, 1000).map(lambda days: (TODAY - timedelta(days)).isoformat()),
        "description": st.sampled_from([5, 49, 50, 199, 200, 1999, 2000, 10_000]).map("x".__mul__),
        "adresse": st.none() | st.just("14 rue Camille Claudel"),
        "telephone": st.none() | st.just("+33380488414"),
        "courriel": st.none() | st.just("panda@dijon.fr"),
        "lien_mobilisation": st.none() | st.just("https://rdv.dijon.fr/"),
        "frais": st.none() | st.sampled_from(["gratuit", "payant"]),
        "frais_precisions": st.none() | st.just("2 € la séance"),
        "modes_accueil": some(["a-distance", "en-presentiel"]),
        "modes_mobilisation": some([m.value for m in v1.ModeMobilisation]),
        "mobilisable_par": some(["usagers", "professionnels"]),
        "publics": st.none() | st.just(["seniors"]),
        "thematiques": some(["numerique--acquerir-un-equipement", "famille--garde-denfants"]),
    }
)


def hub_score(record: dict[str, Any]) -> tuple[float, dict[str, float | None]]:
    full = record | {"structure_id": "s--1", "id": "s--1", "nom": "Service"}
    result, details = score_qualite.score(v1.Service.model_validate(full))
    return result, dict(details)


@settings(max_examples=400, deadline=None)
@given(services)
def test_our_score_is_the_hubs(record: dict[str, Any]) -> None:
    assert score(record, TODAY) == hub_score(record)


@pytest.mark.parametrize("days", [0, 179, 180, 181, 455, 729, 730, 731, 5000])
def test_the_date_criterion_at_its_edges_is_the_hubs(days: int) -> None:
    record = {
        "source": "x",
        "date_maj": (TODAY - timedelta(days)).isoformat(),
        "description": "x" * 5,
    }
    assert score(record, TODAY)[1]["date_maj_recente"] == hub_score(record)[1]["date_maj_recente"]


def test_the_criteria_that_do_not_apply_stay_out_of_the_mean() -> None:
    record = {"source": "agefiph", "date_maj": TODAY.isoformat(), "description": "x" * 300}
    result, details = score(record, TODAY)
    assert [name for name, value in details.items() if value is None] == [
        "adresse_bien_definie",
        "courriel_bien_defini",
        "date_maj_recente",
        "telephone_bien_defini",
    ]
    assert result == round(1 / 6, 2) == 0.17
