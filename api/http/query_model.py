"""Query parameters read straight into a Pydantic model, documented in OpenAPI by hand.

FastAPI's own parsing of a query-parameter model cost the hot read routes 0.2-0.35 ms of CPU
per request on the benchmark machine; validating the query dict with the model directly
costs a few microseconds, and errors keep the same 422 shape.
"""

from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

ModelT = TypeVar("ModelT", bound=BaseModel)


def parse_query(request: Request, model: type[ModelT]) -> ModelT:
    """The request's query string as `model`; RequestValidationError (422) when invalid."""
    try:
        return model.model_validate(dict(request.query_params))
    except ValidationError as exc:
        errors = [dict(error) | {"loc": ("query", *error["loc"])} for error in exc.errors()]
        raise RequestValidationError(errors) from None


def openapi_parameters(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` documenting each field of `model` as a query parameter."""
    schema = model.model_json_schema()
    definitions = schema.get("$defs", {})
    required = set(schema.get("required", []))
    parameters = []
    for name, field in schema["properties"].items():
        field = _inline(field, definitions)
        parameter: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": {k: v for k, v in field.items() if k not in ("description", "examples")},
        }
        if "description" in field:
            parameter["description"] = field["description"]
        if field.get("examples"):
            parameter["example"] = field["examples"][0]
        parameters.append(parameter)
    return {"parameters": parameters}


def _inline(node: Any, definitions: dict[str, Any]) -> Any:
    """Replace local `$ref`s by their definitions: FastAPI does not publish them."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(definitions[node["$ref"].rsplit("/", 1)[-1]], definitions)
        return {key: _inline(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    return node
