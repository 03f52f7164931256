"""The error answers in the OpenAPI document.

cwis/api.py maps service errors to 401/403/404/409/422 for every operation through its
exception handlers, so the operations' own `response=` declarations do not name them; this
adds them, all with the one error body `ErrorOut`, to every operation of the document.
"""

from typing import Any

from cwis.core.schemas import ErrorOut

COMPONENT_REF = "#/components/schemas/{model}"
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
DESCRIPTIONS = {
    401: "Not signed in, or no valid bearer token.",
    403: "The user's role may not do this.",
    404: "Not found, or outside the user's jurisdiction.",
    409: "The record changed since the client read it (stale version), or the state "
         "does not allow this.",
    422: "Invalid input: the refused fields and why.",
}


def error_codes(method: str, operation: dict[str, Any]) -> list[int]:
    codes = [403, 404, 422]
    if operation.get("security"):
        codes.insert(0, 401)
    if method in WRITE_METHODS:
        codes.append(409)
    return codes


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add ErrorOut to the components and the error answers to every operation (in place)."""
    error_schema = ErrorOut.model_json_schema(ref_template=COMPONENT_REF)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(error_schema.pop("$defs", {}))
    components[ErrorOut.__name__] = error_schema
    body = {"application/json": {"schema": {"$ref": COMPONENT_REF.format(model="ErrorOut")}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in error_codes(method, operation):
                responses.setdefault(code, {"description": DESCRIPTIONS[code],
                                                 "content": body})
    return schema
