"""drf-spectacular additions: the one error format, declared for every operation; GeoJSON
Features that state their required members and nullable geometries; filter parameters that
state what core/filters.py refuses (an empty value, an overlong reference)."""

from typing import Any

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.contrib.rest_framework_gis import (
    GeoFeatureModelListSerializerExtension,
    GeoFeatureModelSerializerExtension,
)

from core.error_codes import CODES

ERROR_SCHEMA = {
    "type": "object",
    "description": "The one error format of the API, for every 4xx answer.",
    "required": ["status", "code", "message", "errors"],
    "properties": {
        "status": {"type": "integer", "example": 400},
        "code": {"type": "string", "example": "invalid"},
        "message": {"type": "string", "example": "Invalid input: title."},
        "params": {
            "type": "object",
            "description": "The code's parameters (e.g. `wait` seconds for `throttled`).",
            "additionalProperties": {},
        },
        "errors": {
            "type": "object",
            "description": "Field name (dotted for nested fields) → reasons.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "example": {"title": ["This field is required."]},
        },
        "details": {
            "type": "object",
            "description": "Field name → each reason of `errors` (same order) as its code and "
            'parameters, e.g. `{"title": [{"code": "max_length", "params": '
            '{"max_length": 150}}]}`.',
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["code", "params"],
                    "properties": {
                        "code": {"type": "string"},
                        "params": {"type": "object", "additionalProperties": {}},
                    },
                },
            },
        },
    },
}

# Every code an error (or a field's reason) can carry, with its parameters: for clients that word
# them (ADR 0001). Not tied to `Error.code`, so that a client's validator accepts a code it does
# not know yet (and words it generically).
ERROR_CODE_SCHEMA = {
    "type": "string",
    "description": "The codes of the API's refusals (core/error_codes.py). "
    + " ".join(
        f"`{code}`" + (f" ({', '.join(params)})" if params else "") + "."
        for code, (params, _) in CODES.items()
    ),
    "enum": list(CODES),
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


def _variant_bodies_required(result: dict[str, Any]) -> None:
    """A request body made of variants (``oneOf``, e.g. one per ``action``) is required when
    every variant has required members; drf-spectacular only looks for a plain object's."""
    schemas = result.get("components", {}).get("schemas", {})

    def component(ref: str) -> dict:
        return schemas.get(ref.rsplit("/", 1)[-1], {})

    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if not body or body.get("required"):
                continue
            for media in body.get("content", {}).values():
                variants = component(media.get("schema", {}).get("$ref", "")).get("oneOf")
                if variants and all(component(v.get("$ref", "")).get("required") for v in variants):
                    body["required"] = True


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: Any) -> dict:
    """The one error format for every operation (a postprocessing hook), and variant request
    bodies stated as required."""
    _variant_bodies_required(result)
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    result["components"]["schemas"]["ErrorCode"] = ERROR_CODE_SCHEMA
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


class GeoFeatureSchema(GeoFeatureModelSerializerExtension):
    """GeoJSON Features as they really are: every member is present (drf-spectacular's own
    extension drops the required lists), and the geometry is null when the model allows it
    (e.g. a proposal whose address is not placed yet)."""

    priority = 1

    def map_geo_feature_model_serializer(self, serializer: Any, base_schema: dict) -> dict:
        required = list(base_schema.get("required", []))
        schema = super().map_geo_feature_model_serializer(serializer, base_schema)
        meta = serializer.Meta
        properties = schema["properties"]
        kept = [name for name in required if name in properties["properties"]["properties"]]
        if kept:
            properties["properties"]["required"] = kept
        model_field = meta.model._meta.get_field(meta.geo_field)
        if model_field.null and properties.get("geometry"):
            properties["geometry"] = {**properties["geometry"], "nullable": True}
        if properties.get("geometry", {}).get("properties"):
            properties["geometry"]["required"] = ["type", "coordinates"]
        schema["required"] = [
            key for key in ("type", "id", "geometry", "properties") if key in properties
        ]
        return schema


class GeoFeatureCollectionSchema(GeoFeatureModelListSerializerExtension):
    """A FeatureCollection always has its `type` and its `features`."""

    priority = 1

    def map_serializer(self, auto_schema: Any, direction: Any) -> Any:
        ref = super().map_serializer(auto_schema, direction)
        name = ref["$ref"].rsplit("/", 1)[-1]
        component = auto_schema.registry[(name, "schemas")]
        component.schema["required"] = ["type", "features"]
        return ref


class StrictFilterParameters(DjangoFilterExtension):
    """Every list filter refuses an empty or blank value (core.filters.FilterSet): string
    parameters have at least one character that is not a space, references (KnownValueFilter)
    a maximum length, shaped text (PatternFilter) its pattern, and numbers their bounds."""

    priority = 1

    def resolve_filter_field(
        self, auto_schema: Any, model: Any, filterset_class: Any, field_name: str, filter_field: Any
    ) -> list[dict]:
        from core.filters import KnownValueFilter

        parameters: list[dict] = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        extra = filter_field.extra
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "array":
                schema = schema.get("items", {})
            if schema.get("type") in {"number", "integer"}:
                for bound, keyword in (("min_value", "minimum"), ("max_value", "maximum")):
                    if extra.get(bound) is not None:
                        schema.setdefault(keyword, extra[bound])
            if schema.get("type") != "string" or "enum" in schema:
                continue
            if extra.get("pattern"):  # core.filters.PatternFilter: the whole value matches
                schema["pattern"] = f"^(?:{extra['pattern']})$"
            schema.setdefault("minLength", 1)
            schema.setdefault("pattern", r"\S")  # not only spaces either
            if isinstance(filter_field, KnownValueFilter):
                schema.setdefault("maxLength", 100)
            max_length = filter_field.extra.get("max_length")
            if max_length:
                schema.setdefault("maxLength", max_length)
        return parameters
