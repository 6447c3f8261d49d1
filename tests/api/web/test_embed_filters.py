"""The widget's filter presets (api/web/embed_filters.py), read as the API reads its filters."""

from starlette.datastructures import QueryParams

from api.web.embed_filters import PRESETS, preset_filters


def test_presets_are_the_multi_valued_filters_their_match_and_the_flags() -> None:
    assert "service" in PRESETS and "source_match" not in PRESETS
    assert {"open_weekend", "appointment_online", "national_programme_match"} <= set(PRESETS)


def test_comma_separated_values_become_a_list() -> None:
    errors: list[str] = []
    found = preset_filters(QueryParams("fees=Gratuit,Payant&fees_match=all&source=a"), errors)
    assert (errors, found) == (
        [],
        {"fees": ["Gratuit", "Payant"], "fees_match": "all", "source": ["a"]},
    )


def test_blank_presets_are_no_presets() -> None:
    errors: list[str] = []
    assert preset_filters(QueryParams("service=&open_weekend=+"), errors) == {}
    assert errors == []


def test_each_refused_preset_is_told_in_french() -> None:
    errors: list[str] = []
    assert preset_filters(QueryParams("audience=Tous&appointment_online=bof"), errors) == {}
    assert [e.split(" : ")[0] for e in errors] == [
        "Filtre audience refusé",
        "Filtre appointment_online refusé",
    ]
