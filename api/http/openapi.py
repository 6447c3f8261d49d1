"""The OpenAPI document as the service answers: every error an ErrorBody, If-Match required.

FastAPI documents its own 422 body (HTTPValidationError), which this service never sends;
the error handlers answer `{"error", "detail"}`. Every operation can also answer 422 (bad
text in the query string, see api.http.clean_input) and 500.

What one rule refuses for every parameter, the document refuses with it: a control character
in a query or path text (api.http.clean_input), a moment outside the span the clock can evaluate
(api.clock). A pattern declared with the parameter stays.
"""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from api.http.errors import ERROR_DESCRIPTIONS, ErrorBody, InternalErrorBody
from api.http.etag import IF_MATCH_PATTERN

_REF = "#/components/schemas/"
_FASTAPI_422 = {"HTTPValidationError", "ValidationError"}

# api.http.clean_input refuses C0, DEL and C1 in every query value and in the path.
NO_CONTROL = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
# api.clock.evaluable_moment, which every query moment passes: from 1970 to 2100, Paris time.
# The format says which moments exist; the pattern bounds the years.
MOMENT_YEARS = "^(?:19[7-9][0-9]|20[0-9]{2}|2100)-"
_PATTERNS = {"date-time": MOMENT_YEARS}


def install_openapi(app: FastAPI) -> None:
    """Replace `app.openapi` by a version that documents the errors as they are sent."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = true_errors(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def true_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Rewrite a generated document in place; returns it."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorBody, InternalErrorBody):
        schemas.setdefault(model.__name__, model.model_json_schema())
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            _error(responses, "422", ErrorBody.__name__)
            _error(responses, "500", InternalErrorBody.__name__)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "header" and parameter["name"].lower() == "if-match":
                    # Optional to FastAPI so that its absence answers 428, not 422.
                    parameter["required"] = True
                    parameter["schema"] = {
                        "type": "string",
                        "maxLength": 200,
                        "pattern": IF_MATCH_PATTERN,
                        "examples": ["*"],
                    }
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("query", "path"):
                    _bound_text(parameter["schema"])
    for name in _FASTAPI_422:
        schemas.pop(name, None)
    return schema


def _bound_text(schema: dict[str, Any]) -> None:
    """Give a text parameter's string schema (or each string branch) the pattern its rule keeps."""
    if "pattern" in schema:
        return
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string" and "pattern" not in branch and "enum" not in branch:
            branch["pattern"] = _PATTERNS.get(branch.get("format"), NO_CONTROL)


def _error(responses: dict[str, Any], status: str, model: str) -> None:
    """Document `status` with `model`, replacing FastAPI's validation-error body."""
    answer = responses.setdefault(status, {"description": ERROR_DESCRIPTIONS[int(status)]})
    content = answer.setdefault("content", {})
    json_body = content.setdefault("application/json", {})
    current = json_body.get("schema")
    if current is None or current.get("$ref", "").removeprefix(_REF) in _FASTAPI_422:
        json_body["schema"] = {"$ref": _REF + model}
