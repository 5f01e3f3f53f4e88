"""drf-spectacular additions: the one error format, declared for every operation."""

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "description": "The one error format of the API, for every 4xx answer.",
    "required": ["status", "code", "message", "errors"],
    "properties": {
        "status": {"type": "integer", "example": 400},
        "code": {"type": "string", "example": "invalid"},
        "message": {"type": "string", "example": "Invalid input: title."},
        "errors": {
            "type": "object",
            "description": "Field name (dotted for nested fields) → reasons.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "example": {"title": ["This field is required."]},
        },
    },
}

_STATUSES = {
    "400": "Invalid input (the fields named in `errors`).",
    "401": "Not signed in.",
    "403": "Not allowed.",
    "404": "Not found.",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "409": "Conflict with the current state.",
    "415": "Unsupported media type.",
    "429": "Too many requests.",
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: Any) -> dict:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in _STATUSES.items():
                if code == "415" and method in {"get", "delete"}:
                    continue
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result
