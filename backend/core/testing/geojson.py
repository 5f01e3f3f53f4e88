"""Test helpers for the map's GeoJSON endpoints (``/api/v1/map/…``): the features of an answer,
checked to be a FeatureCollection that counts them, and the endpoint's OpenAPI description.

    from core.testing.geojson import features, ids, map_schema
"""

from __future__ import annotations

import json
from typing import Any


def features(response: Any) -> list[dict[str, Any]]:
    """The features of a 200 answer: a FeatureCollection whose ``count`` is their number."""
    assert response.status_code == 200, response.content[:500]
    body = json.loads(response.content)
    assert body["type"] == "FeatureCollection"
    assert body["count"] == len(body["features"])
    return body["features"]


def ids(response: Any) -> set[Any]:
    """The ids of the features of a 200 answer."""
    return {f["id"] for f in features(response)}


def map_schema(path: str) -> dict[str, Any]:
    """The OpenAPI description of ``GET path``: ``operation``, the names of its query
    ``parameters``, and the ``collection``, ``feature`` and feature ``properties`` components of
    its 200 answer (references resolved)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        return components[node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else node

    operation = schema["paths"][path]["get"]
    collection = resolve(operation["responses"]["200"]["content"]["application/json"]["schema"])
    feature = resolve(collection["properties"]["features"]["items"])
    return {
        "operation": operation,
        "parameters": {p["name"] for p in operation["parameters"] if p["in"] == "query"},
        "collection": collection,
        "collection_type": resolve(collection["properties"]["type"]),
        "feature": feature,
        "properties": resolve(feature["properties"]["properties"]),
    }
