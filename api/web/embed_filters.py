"""The widget's filter presets (`data-service`, `data-open-weekend`, …), read as the API reads
its filters (api.read_model.filters), with a French message for each one refused."""

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import QueryParams

from api.read_model.filters import MULTI_VALUED, PlaceFilters
from seed.validation_text import explain

# What a partner page may preset: the multi-valued filters (values comma-separated in one
# attribute), how each combines, and the yes-or-no ones.
PRESETS = (
    *MULTI_VALUED,
    *(f"{name}_match" for name in MULTI_VALUED if name != "source"),
    "open_weekend",
    "appointment_online",
)


def preset_filters(params: QueryParams, errors: list[str]) -> dict[str, Any]:
    """The presets given, validated as filters; a French message in `errors` for each refused."""
    given = {name: params[name] for name in PRESETS if params.get(name, "").strip()}
    try:
        return PlaceFilters.model_validate(given).model_dump(include=set(given))
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "?"
            errors.append(f"Filtre {name} refusé : {explain(dict(error))[0]}.")
        return {}
